import { ConflictError } from '@backstage/errors';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BASE_BRANCH } from './baseBranch.js';
import type { ChangeControl } from './changeControl.js';
import { catFileBatch, git, gitText } from './git.js';
import { importCommit } from './importCommit.js';
import { isRef, isRepoPath, isRepoSegment } from './names.js';
import { listRepositories, type RepositoryName } from './repositories.js';

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

/** A new repository: the folder whose files become its first commit, and who asked. */
export interface PublishRequest {
  owner: string;
  name: string;
  /** The folder whose files become the first commit. */
  sourceDir: string;
  branch: string;
  message: string;
  author: { name: string; email: string };
  /** Recorded in the new repository, so a task that crashed after creating it can tell it is its own. */
  taskId: string;
  /** Kept with the repository (as GitHub keeps its settings): what publishing to GitHub would set. */
  changeControl?: ChangeControl;
}

/** The git config key naming the task that created a repository: `<section>.<name>`. */
const TASK_SECTION = 'golden-path';
const TASK_NAME = 'task';
const TASK_KEY = `${TASK_SECTION}.${TASK_NAME}`;
/** The file in a bare repository holding its change control (branch protection, environments). */
const CHANGE_CONTROL_FILE = 'golden-path-change-control.json';
/** Prefix of the folder a push lands in before it becomes the repository; never a valid repository name. */
const INCOMING_PREFIX = '.incoming-';
/** A commit's full name (40 hex digits, SHA-1 repositories). */
const FULL_COMMIT = /^[0-9a-f]{40}$/;
/** Where repositories set aside by the reconciler go (a dot folder: never a repository, never listed). */
const QUARANTINE = '.quarantine';
/** The git config key recording why a repository was set aside. */
const QUARANTINE_KEY = 'golden-path.quarantined';

/** A commit and its parents' names. */
export interface CommitInfo {
  commit: string;
  parents: string[];
}

/** A push that never became a repository: its backend died between the push and the rename. */
export interface IncomingLeftover {
  owner: string;
  path: string;
  taskId?: string;
}

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

  /**
   * Parses a folder URL `<base>/<owner>/<name>/(blob|tree)/<ref>[/<folder>][/]` (a file URL's folder,
   * as TechDocs resolves `dir:.` against a catalog-info URL); undefined when it is not a valid one of ours.
   */
  parseFolderUrl(url: string): RepoFileRef | undefined {
    if (!this.owns(url)) return undefined;
    const rest = decodeURIComponent(new URL(url).pathname).slice(new URL(this.browseBaseUrl).pathname.length + 1);
    const [owner, name, kind, ref, ...path] = rest.replace(/\/+$/, '').split('/');
    if (!owner || !name || (kind !== 'blob' && kind !== 'tree') || !ref) return undefined;
    const folder = path.join('/');
    if (!isRepoSegment(owner) || !isRepoSegment(name) || !isRef(ref)) return undefined;
    if (folder !== '' && !isRepoPath(folder)) return undefined;
    return { owner, name, ref, path: folder };
  }

  /** A tar archive of a folder ('' for all) at a commit, its entries under `<prefix>/`; undefined when there is no such folder. */
  async archive(
    owner: string,
    name: string,
    commit: string,
    folder: string,
    prefix: string,
  ): Promise<Buffer | undefined> {
    if (folder !== '' && !isRepoPath(folder)) return undefined;
    const gitDir = this.repoPath(owner, name);
    try {
      if (folder !== '' && (await gitText(['--git-dir', gitDir, 'cat-file', '-t', `${commit}:${folder}`])) !== 'tree') {
        return undefined;
      }
      return await git([
        '--git-dir',
        gitDir,
        'archive',
        '--format=tar',
        `--prefix=${prefix}/`,
        commit,
        ...(folder ? ['--', folder] : []),
      ]);
    } catch {
      return undefined;
    }
  }

  /** The commit a ref points at, or undefined when the repository or the ref does not exist. */
  async resolveCommit(owner: string, name: string, ref: string): Promise<string | undefined> {
    if (!isRef(ref) || !this.exists(owner, name)) return undefined;
    try {
      const gitDir = this.repoPath(owner, name);
      return (await gitText(['--git-dir', gitDir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The commits several refs point at, with their parents, read by one git process (where
   * `resolveCommit` starts one per ref); undefined for a ref or repository that does not exist.
   */
  async commits(owner: string, name: string, refs: string[]): Promise<(CommitInfo | undefined)[]> {
    const none = refs.map(() => undefined);
    if (!this.exists(owner, name)) return none;
    const valid = refs.filter(isRef);
    const read = await catFileBatch(
      this.repoPath(owner, name),
      valid.map(ref => `${ref}^{commit}`),
    ).catch(() => none);
    const byRef = new Map(valid.map((ref, i) => [ref, read[i]]));
    return refs.map(ref => {
      const found = byRef.get(ref);
      if (found?.type !== 'commit') return undefined;
      // The header's parent lines, before the first blank line.
      const header = found.content.toString('utf8').split('\n\n', 1)[0]!;
      const parents = [...header.matchAll(/^parent ([0-9a-f]+)$/gm)].map(m => m[1]!);
      return { commit: found.oid, parents };
    });
  }

  /** A file's bytes at a ref, with the commit read; undefined when the repository, ref or file does not exist. */
  async readFile(file: RepoFileRef): Promise<{ content: Buffer; commit: string } | undefined> {
    if (!isRepoPath(file.path) || !isRef(file.ref) || !this.exists(file.owner, file.name)) return undefined;
    const gitDir = this.repoPath(file.owner, file.name);
    // `<sha>^{commit}` fails for anything but a commit's full name (never read as a branch of that name).
    const rev = `${file.ref}^{commit}`;
    try {
      if (FULL_COMMIT.test(file.ref)) {
        const [blob] = await catFileBatch(gitDir, [`${rev}:${file.path}`]);
        return blob?.type === 'blob' ? { content: blob.content, commit: file.ref } : undefined;
      }
      // One git process: the ref's commit, the file at it, the ref's commit again. The same commit
      // twice means the file is that commit's; a ref moved meanwhile (a push) is read again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [before, blob, after] = await catFileBatch(gitDir, [rev, `${rev}:${file.path}`, rev]);
        if (!before || !after) return undefined;
        if (before.oid !== after.oid) continue;
        // A folder (a tree) or a submodule (a commit) is not a file.
        return blob?.type === 'blob' ? { content: blob.content, commit: before.oid } : undefined;
      }
      return undefined;
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

  /**
   * The branches under a prefix (e.g. `tenants/`) with their commits, sorted, at most `limit` (a
   * repository's branches are its owners' to push: as many as they like); [] for no repository.
   */
  async branches(
    owner: string,
    name: string,
    prefix: string,
    limit = 100,
  ): Promise<{ branch: string; commit: string }[]> {
    if (!isRef(`${prefix}x`) || !this.exists(owner, name)) return [];
    const out = await gitText([
      '--git-dir',
      this.repoPath(owner, name),
      'for-each-ref',
      `--count=${limit}`,
      '--sort=refname',
      '--format=%(objectname) %(refname:strip=2)',
      `refs/heads/${prefix}`,
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => ({ commit: line.slice(0, line.indexOf(' ')), branch: line.slice(line.indexOf(' ') + 1) }));
  }

  /** The branch protection and environments publish recorded; undefined for a repository without. */
  async changeControl(owner: string, name: string): Promise<ChangeControl | undefined> {
    const text = await readFile(join(this.repoPath(owner, name), CHANGE_CONTROL_FILE), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as ChangeControl);
  }

  /** Every repository on the remote, in order. */
  repositories(): RepositoryName[] {
    return listRepositories(this.root);
  }

  /** The scaffolder task that created a repository, when a golden-path task did (publish records it). */
  async createdByTask(owner: string, name: string): Promise<string | undefined> {
    if (!this.exists(owner, name)) return undefined;
    return taskOf(this.repoPath(owner, name));
  }

  /** The `.incoming-*` folders pushes left behind, with the task each belongs to. */
  async incomingLeftovers(): Promise<IncomingLeftover[]> {
    const found: IncomingLeftover[] = [];
    const owners = (await readdir(this.root).catch(() => [] as string[])).filter(isRepoSegment).sort();
    for (const owner of owners) {
      for (const entry of await readdir(join(this.root, owner)).catch(() => [])) {
        if (!entry.startsWith(INCOMING_PREFIX)) continue;
        const path = join(this.root, owner, entry);
        found.push({ owner, path, taskId: await taskOf(path) });
      }
    }
    return found;
  }

  /** Removes an incoming leftover (only a folder `incomingLeftovers` returned). */
  async removeIncoming(leftover: IncomingLeftover): Promise<void> {
    if (
      dirname(leftover.path) !== join(this.root, leftover.owner) ||
      !basename(leftover.path).startsWith(INCOMING_PREFIX)
    )
      throw new Error(`${leftover.path} is not an incoming folder of this remote`);
    await rm(leftover.path, { recursive: true, force: true });
  }

  /**
   * Sets a repository aside under `<root>/.quarantine/<owner>/<name>-<time>.git`, recording why: its
   * name is free again, its history kept for whoever investigates. Returns where it went.
   */
  async quarantine(owner: string, name: string, reason: string): Promise<string> {
    const from = this.repoPath(owner, name);
    const to = join(this.root, QUARANTINE, owner, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.git`);
    await git(['--git-dir', from, 'config', QUARANTINE_KEY, reason]);
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
    return to;
  }

  /**
   * Commits `sourceDir` and publishes it as the new bare repository `<owner>/<name>.git`, all or
   * nothing: the commit is made in a fresh `.incoming-*` bare repository beside it, which is renamed into
   * place only once it holds the commit. A failure at any point removes the incoming repository and
   * leaves no `<name>.git`; an existing repository is never touched (the rename cannot replace a
   * non-empty folder, so two tasks racing for one name cannot both win).
   */
  async publish(req: PublishRequest): Promise<{ commitHash: string }> {
    const target = this.repoPath(req.owner, req.name);
    const label = `${req.owner}/${req.name}`;
    if (existsSync(target)) {
      // Our own repository from an earlier run of this task that stopped before recording success.
      if ((await taskOf(target)) === req.taskId) {
        return { commitHash: await gitText(['--git-dir', target, 'rev-parse', `refs/heads/${req.branch}`]) };
      }
      throw new ConflictError(
        `The repository ${label} already exists in the git remote; choose another name. The existing repository was not changed.`,
      );
    }

    await mkdir(dirname(target), { recursive: true });
    await removeOwnIncoming(target, req.taskId);
    const incoming = await mkdtemp(join(dirname(target), `${INCOMING_PREFIX}${basename(target, '.git')}-`));
    try {
      await git(['init', '--quiet', '--bare', `--initial-branch=${req.branch}`, incoming]);
      await recordTask(incoming, req.taskId);
      const commitHash = await importCommit(incoming, {
        sourceDir: req.sourceDir,
        // golden-path/base too: the creation commit is also the first pure render, the base of later upgrades.
        branches: [req.branch, BASE_BRANCH],
        message: req.message,
        author: req.author,
      });
      if (req.changeControl)
        await writeFile(join(incoming, CHANGE_CONTROL_FILE), `${JSON.stringify(req.changeControl, null, 2)}\n`);

      try {
        await rename(incoming, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new ConflictError(
            `The repository ${label} was created by someone else meanwhile; choose another name. It was not changed.`,
          );
        }
        throw error;
      }
      return { commitHash };
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
  }
}

/**
 * Removes the `.incoming-*` repositories an earlier run of this task left beside `target` when its
 * backend died mid-push (its `finally` never ran). Only this task's (marked with its id): another
 * task racing for the same name may be pushing into its own right now.
 */
async function removeOwnIncoming(target: string, taskId: string): Promise<void> {
  const prefix = `${INCOMING_PREFIX}${basename(target, '.git')}-`;
  for (const entry of await readdir(dirname(target))) {
    if (!entry.startsWith(prefix)) continue;
    const dir = join(dirname(target), entry);
    if ((await taskOf(dir)) === taskId) await rm(dir, { recursive: true, force: true });
  }
}

/** A task id git's config takes as written, unquoted (Backstage's are UUIDs). */
const PLAIN_VALUE = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Records the task in a repository just made (before anything else is written into it): appended
 * to its config file, as `git config` would write it, without starting git for it; a value that
 * would need quoting goes through `git config`.
 */
async function recordTask(gitDir: string, taskId: string): Promise<void> {
  if (PLAIN_VALUE.test(taskId))
    await appendFile(join(gitDir, 'config'), `[${TASK_SECTION}]\n\t${TASK_NAME} = ${taskId}\n`);
  else await git(['--git-dir', gitDir, 'config', TASK_KEY, taskId]);
}

/** The task id a bare repository records (publish writes it first thing), if any. */
async function taskOf(gitDir: string): Promise<string | undefined> {
  return (await gitText(['--git-dir', gitDir, 'config', '--get', TASK_KEY]).catch(() => '')) || undefined;
}
