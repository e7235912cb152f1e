import type { RootConfigService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { ENVIRONMENTS_FILE, TENANT_BRANCH_PREFIX } from '@golden-path/common';
import {
  ENVIRONMENTS_FILE_MAX_BYTES,
  TENANT_BRANCHES_MAX,
  type EnvironmentCommits,
  type EnvironmentsFileAt,
} from '@golden-path/node';

/** A repository on one of the catalog's GitHub integrations, read through GitHub's REST API. */
export interface GithubEnvironmentsRepository {
  /** Main's commit and the `tenants/*` branches' (undefined: no such repository or branch). */
  commits(): Promise<EnvironmentCommits | undefined>;
  fileAt: EnvironmentsFileAt;
}

/** The refs list's bound: a few hundred bytes a branch. */
const REFS_MAX_BYTES = 1024 * 1024;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const SLUG = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A Component's repository on GitHub (the catalog's GitHub integrations and their credentials, as
 * Backstage's own GitHub modules use them): its `tenants/*` branches from the refs API, each file
 * at its commit from the contents API. The token goes in the Authorization header only.
 */
export class GithubEnvironments {
  static fromConfig(config: RootConfigService): GithubEnvironments {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubEnvironments(integrations, DefaultGithubCredentialsProvider.fromIntegrations(integrations));
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
  ) {}

  /** The repository a catalog file's URL (`https://<host>/<owner>/<repo>/blob/<branch>/...`) names, if on a GitHub host. */
  repository(target: string): GithubEnvironmentsRepository | undefined {
    const integration = this.integrations.github.byUrl(target);
    if (!integration) return undefined;
    const [owner, repo, kind, branch] = new URL(target).pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (!owner || !repo || !branch || !SLUG.test(owner) || !SLUG.test(repo) || (kind !== 'blob' && kind !== 'tree'))
      return undefined;
    const api = `${integration.config.apiBaseUrl ?? 'https://api.github.com'}/repos/${owner}/${repo}`;
    const get = async (path: string, accept: string, maxBytes: number) => {
      const { headers } = await this.credentials.getCredentials({ url: target });
      const response = await fetch(`${api}/${path}`, {
        headers: { ...headers, Accept: accept, 'X-GitHub-Api-Version': '2022-11-28' },
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`GitHub answered ${response.status} to ${path.split('?')[0]}`);
      return { body: await bounded(response, maxBytes), next: /rel="next"/.test(response.headers.get('link') ?? '') };
    };
    const json = async (path: string) => {
      const answer = await get(path, 'application/vnd.github+json', REFS_MAX_BYTES);
      if (answer && answer.body.length > REFS_MAX_BYTES) throw new Error(`GitHub's answer to ${path} is too large`);
      return answer && { data: JSON.parse(answer.body.toString('utf8')) as unknown, next: answer.next };
    };
    return {
      commits: async () => {
        const main = await json(`git/ref/heads/${encodeURIComponent(branch)}`);
        const sha = (main?.data as { object?: { sha?: unknown } } | undefined)?.object?.sha;
        if (typeof sha !== 'string' || !SHA.test(sha)) return undefined;
        const refs = await json(`git/matching-refs/heads/${TENANT_BRANCH_PREFIX}?per_page=${TENANT_BRANCHES_MAX}`);
        const tenants = (
          Array.isArray(refs?.data) ? (refs.data as { ref?: unknown; object?: { sha?: unknown } }[]) : []
        )
          .filter(r => typeof r.ref === 'string' && typeof r.object?.sha === 'string' && SHA.test(r.object.sha))
          .map(r => ({ branch: (r.ref as string).replace(/^refs\/heads\//, ''), commit: r.object!.sha as string }))
          .sort((a, b) => (a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0));
        const more = tenants.length > TENANT_BRANCHES_MAX || refs?.next === true;
        return { main: sha, tenants: tenants.slice(0, TENANT_BRANCHES_MAX), ...(more ? { more } : {}) };
      },
      // One byte past the bound is enough for the reader to refuse the file as too large.
      fileAt: async commit =>
        (
          await get(
            `contents/${ENVIRONMENTS_FILE}?ref=${commit}`,
            'application/vnd.github.raw',
            ENVIRONMENTS_FILE_MAX_BYTES,
          )
        )?.body,
    };
  }
}

/** The body's first maxBytes + 1 bytes at most; the rest is not downloaded. */
async function bounded(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader && size <= maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.length;
  }
  if (reader && size > maxBytes) await reader.cancel();
  return Buffer.concat(chunks).subarray(0, maxBytes + 1);
}
