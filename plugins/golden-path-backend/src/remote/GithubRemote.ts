/** Answers "does this repository exist on GitHub?" through GitHub's REST API with the integration's token. */
export class GithubRemote {
  constructor(
    private readonly options: {
      /** https://api.github.com, or a GitHub Enterprise API base. */
      apiBaseUrl: string;
      token?: string;
      fetch?: typeof fetch;
    },
  ) {}

  async exists(owner: string, name: string): Promise<boolean> {
    const url = `${this.options.apiBaseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
    const headers: Record<string, string> = { Accept: 'application/vnd.github+json' };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    const response = await (this.options.fetch ?? fetch)(url, { headers });
    if (response.status === 404) return false;
    if (response.ok) return true;
    throw new Error(`GitHub answered ${response.status} for ${owner}/${name}`);
  }
}
