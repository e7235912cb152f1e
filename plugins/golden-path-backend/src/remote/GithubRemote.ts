/** What the reconciler reads of a repository on GitHub. */
export interface GithubRepository {
  owner: string;
  name: string;
  /** When GitHub created it (ISO 8601). */
  createdAt: string;
  archived: boolean;
}

/** What GitHub answers for a repository's name, a redirect followed. */
export interface GithubLookup {
  repository: GithubRepository;
  /** The name redirected to `repository` (renamed or transferred since): the name itself is free. */
  redirected: boolean;
}

/** The longest repository name GitHub takes. */
export const GITHUB_NAME_MAX = 100;

/**
 * A GitHub organisation's repositories through GitHub's REST API, authenticated as publish:github is
 * (the integration's app or token, `headers`): does a name exist, what GitHub says of a repository
 * (and where a renamed one's old name leads), and setting one aside (renamed, described, archived:
 * never deleted).
 */
export class GithubRemote {
  constructor(
    private readonly options: {
      /** https://api.github.com, or a GitHub Enterprise API base. */
      apiBaseUrl: string;
      /** The integration's host, which catalog URLs name. Defaults to github.com. */
      host?: string;
      /** The Authorization headers for a repository's URL (the integration's credentials provider). */
      headers?: (url: string) => Promise<Record<string, string> | undefined>;
      fetch?: typeof fetch;
    },
  ) {}

  get host(): string {
    return this.options.host ?? 'github.com';
  }

  async exists(owner: string, name: string): Promise<boolean> {
    return (await this.repository(owner, name)) !== undefined;
  }

  /**
   * The repository GitHub holds under `owner/name`, or undefined when there is none: GitHub answers
   * 404, or redirects the old name of a renamed repository to the new one, which does not hold the
   * name (anyone may create a repository under it).
   */
  async repository(owner: string, name: string): Promise<GithubRepository | undefined> {
    const found = await this.lookUp(owner, name);
    return found && !found.redirected ? found.repository : undefined;
  }

  /**
   * What GitHub answers for `owner/name`, a redirect followed: the repository under its current owner
   * and name, and whether the name redirected to it (renamed or transferred since: the name itself is
   * free); undefined for 404.
   */
  async lookUp(owner: string, name: string): Promise<GithubLookup | undefined> {
    const response = await this.call('GET', owner, name);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${owner}/${name}`);
    const body = (await response.json()) as { full_name?: unknown; created_at?: unknown; archived?: unknown };
    const [currentOwner, currentName] =
      typeof body.full_name === 'string' && /^[^/]+\/[^/]+$/.test(body.full_name)
        ? body.full_name.split('/')
        : [owner, name];
    const repository = {
      owner: currentOwner!,
      name: currentName!,
      createdAt: typeof body.created_at === 'string' ? body.created_at : '',
      archived: body.archived === true,
    };
    const redirected = `${repository.owner}/${repository.name}`.toLowerCase() !== `${owner}/${name}`.toLowerCase();
    return { repository, redirected };
  }

  /**
   * Sets a repository aside: renamed to `newName` with `description` (why, and which task), then
   * archived (read-only). Its history stays; its name is free again. Renaming first frees the name
   * even if archiving then fails (the error says so; the repository stays renamed, and the old name
   * redirects to it: `lookUp`).
   */
  async setAside(owner: string, name: string, newName: string, description: string): Promise<void> {
    const renamed = await this.call('PATCH', owner, name, { name: newName, description });
    if (!renamed.ok) throw new Error(`GitHub answered ${renamed.status} renaming ${owner}/${name} to ${newName}`);
    await this.archive(owner, newName);
  }

  /** Archives `owner/name`: read-only, its history kept. */
  async archive(owner: string, name: string): Promise<void> {
    const archived = await this.call('PATCH', owner, name, { archived: true });
    if (!archived.ok) throw new Error(`GitHub answered ${archived.status} archiving ${owner}/${name}`);
  }

  /** The URL of a file on the default branch as the catalog reads it (publish:github's repoContentsUrl). */
  fileUrl(owner: string, name: string, path: string): string {
    return `https://${this.host}/${owner}/${name}/blob/main/${path}`;
  }

  /** The repository (`owner/name`, lower case: GitHub's names ignore case) a URL on this host names. */
  repositoryOfUrl(target: string): string | undefined {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return undefined;
    }
    if (url.hostname.toLowerCase() !== this.host.toLowerCase()) return undefined;
    const [owner, name] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    return owner && name ? `${owner}/${name.replace(/\.git$/, '')}`.toLowerCase() : undefined;
  }

  private async call(method: 'GET' | 'PATCH', owner: string, name: string, body?: object): Promise<Response> {
    const url = `${this.options.apiBaseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      ...(await this.options.headers?.(`https://${this.host}/${owner}/${name}`)),
    };
    if (body) headers['Content-Type'] = 'application/json';
    return (this.options.fetch ?? fetch)(url, {
      method,
      headers,
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  }
}
