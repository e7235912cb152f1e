import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { git } from './git.js';
import { isRef, isRepoPath, isRepoSegment } from './names.js';

/** The smallest slice of Backstage's config that the remote reads. */
export interface RemoteConfig {
  getString(key: string): string;
  getOptionalString(key: string): string | undefined;
}

export interface LocalGitRemoteOptions {
  /** The folder holding the bare repositories, `<root>/<owner>/<name>.git`. */
  root: string;
  /** The URL under which the golden-path plugin serves the repositories' files (…/api/golden-path/git). */
  browseBaseUrl: string;
}

/** Where a file in the local remote is, parsed from a browse URL. */
export interface RepoFileRef {
  owner: string;
  name: string;
  ref: string;
  path: string;
}

export const DEFAULT_LOCAL_REMOTE_ROOT = '.data/repos';

/**
 * The embedded git remote: bare repositories on disk laid out like GitHub (`<owner>/<name>.git`),
 * so a portal on a laptop publishes, registers and browses services with no GitHub at all.
 * Files are addressed by browse URLs `<browseBaseUrl>/<owner>/<name>/blob/<ref>/<path>`, which the
 * golden-path plugin serves to people and the catalog reads through a UrlReader.
 */
export class LocalGitRemote {
  readonly root: string;
  readonly browseBaseUrl: string;

  constructor(options: LocalGitRemoteOptions) {
    this.root = resolve(options.root);
    this.browseBaseUrl = options.browseBaseUrl.replace(/\/+$/, '');
  }

  /** `goldenPath.localRemote.root` (relative to the backend's working directory) and `backend.baseUrl`. */
  static fromConfig(config: RemoteConfig): LocalGitRemote {
    return new LocalGitRemote({
      root: config.getOptionalString('goldenPath.localRemote.root') ?? DEFAULT_LOCAL_REMOTE_ROOT,
      browseBaseUrl: `${config.getString('backend.baseUrl').replace(/\/+$/, '')}/api/golden-path/git`,
    });
  }

  /** The bare repository's folder; throws on a name that could leave the root. */
  repoPath(owner: string, name: string): string {
    if (!isRepoSegment(owner)) throw new Error(`"${owner}" is not a valid repository owner`);
    if (!isRepoSegment(name)) throw new Error(`"${name}" is not a valid repository name`);
    return join(this.root, owner, `${name}.git`);
  }

  exists(owner: string, name: string): boolean {
    return existsSync(this.repoPath(owner, name));
  }

  /** What `git clone` takes. */
  cloneUrl(owner: string, name: string): string {
    return pathToFileURL(this.repoPath(owner, name)).href;
  }

  /** The base the catalog resolves relative paths against, like GitHub's `.../blob/<branch>`. */
  contentsUrl(owner: string, name: string, ref = 'main'): string {
    return `${this.browseBaseUrl}/${owner}/${name}/blob/${ref}`;
  }

  fileUrl(owner: string, name: string, path: string, ref = 'main'): string {
    return `${this.contentsUrl(owner, name, ref)}/${path.replace(/^\/+/, '')}`;
  }

  /** The page listing a repository's files. */
  treeUrl(owner: string, name: string, ref = 'main'): string {
    return `${this.browseBaseUrl}/${owner}/${name}/tree/${ref}`;
  }

  /** Whether a URL is one of ours (any host spelling of the same origin is not: the base must match). */
  owns(url: URL | string): boolean {
    const href = typeof url === 'string' ? url : url.href;
    return href.startsWith(`${this.browseBaseUrl}/`);
  }

  /** Parses `<base>/<owner>/<name>/blob/<ref>/<path>`; undefined when it is not a valid file URL of ours. */
  parseFileUrl(url: string): RepoFileRef | undefined {
    if (!this.owns(url)) return undefined;
    const rest = decodeURIComponent(new URL(url).pathname).slice(new URL(this.browseBaseUrl).pathname.length + 1);
    const [owner, name, kind, ref, ...path] = rest.split('/');
    if (!owner || !name || kind !== 'blob' || !ref) return undefined;
    const file = path.join('/');
    if (!isRepoSegment(owner) || !isRepoSegment(name) || !isRef(ref) || !isRepoPath(file)) return undefined;
    return { owner, name, ref, path: file };
  }

  /** The commit a ref points at, or undefined when the repository or the ref does not exist. */
  async resolveCommit(owner: string, name: string, ref: string): Promise<string | undefined> {
    if (!isRef(ref) || !this.exists(owner, name)) return undefined;
    try {
      const out = await git([
        '--git-dir',
        this.repoPath(owner, name),
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return out.toString('utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** A file's bytes at a ref, with the commit read; undefined when the repository, ref or file does not exist. */
  async readFile(file: RepoFileRef): Promise<{ content: Buffer; commit: string } | undefined> {
    if (!isRepoPath(file.path)) return undefined;
    const commit = await this.resolveCommit(file.owner, file.name, file.ref);
    if (!commit) return undefined;
    const gitDir = this.repoPath(file.owner, file.name);
    try {
      const type = (await git(['--git-dir', gitDir, 'cat-file', '-t', `${commit}:${file.path}`])).toString().trim();
      if (type !== 'blob') return undefined;
      return { content: await git(['--git-dir', gitDir, 'cat-file', 'blob', `${commit}:${file.path}`]), commit };
    } catch {
      return undefined;
    }
  }

  /** Every file path at a ref (sorted); undefined when the repository or ref does not exist. */
  async listFiles(owner: string, name: string, ref = 'main'): Promise<{ files: string[]; commit: string } | undefined> {
    const commit = await this.resolveCommit(owner, name, ref);
    if (!commit) return undefined;
    const out = await git(['--git-dir', this.repoPath(owner, name), 'ls-tree', '-r', '-z', '--name-only', commit]);
    const files = out.toString('utf8').split('\0').filter(Boolean).sort();
    return { files, commit };
  }
}
