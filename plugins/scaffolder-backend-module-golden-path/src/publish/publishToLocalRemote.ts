import { ConflictError } from '@backstage/errors';
import type { LocalGitRemote } from '@golden-path/plugin-golden-path-backend';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';

export interface PublishRequest {
  remote: LocalGitRemote;
  owner: string;
  name: string;
  /** The folder whose files become the first commit. */
  sourceDir: string;
  branch: string;
  message: string;
  author: { name: string; email: string };
  /** Recorded in the new repository, so a task that crashed after creating it can tell it is its own. */
  taskId: string;
}

/** The git config key naming the task that created a repository. */
const TASK_KEY = 'golden-path.task';
/** Prefix of the folder a push lands in before it becomes the repository; never a valid repository name. */
export const INCOMING_PREFIX = '.incoming-';

async function readTaskMarker(gitDir: string): Promise<string | undefined> {
  try {
    return (await simpleGit().raw(['--git-dir', gitDir, 'config', '--get', TASK_KEY])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Commits `sourceDir` and publishes it as the new bare repository `<owner>/<name>.git` of the local
 * remote, all or nothing: the push lands in a fresh `.incoming-*` bare repository beside it, which
 * is renamed into place only once it holds the commit. A failure at any point removes the incoming
 * repository and leaves no `<name>.git`; an existing repository is never touched (the rename cannot
 * replace a non-empty folder, so two tasks racing for one name cannot both win).
 */
export async function publishToLocalRemote(req: PublishRequest): Promise<{ commitHash: string }> {
  const target = req.remote.repoPath(req.owner, req.name);
  const label = `${req.owner}/${req.name}`;
  if (existsSync(target)) {
    // Our own repository from an earlier run of this task that stopped before recording success.
    if ((await readTaskMarker(target)) === req.taskId) {
      return {
        commitHash: (await simpleGit().raw(['--git-dir', target, 'rev-parse', `refs/heads/${req.branch}`])).trim(),
      };
    }
    throw new ConflictError(
      `The repository ${label} already exists in the git remote; choose another name. The existing repository was not changed.`,
    );
  }

  await mkdir(dirname(target), { recursive: true });
  const incoming = await mkdtemp(join(dirname(target), `${INCOMING_PREFIX}${basename(target, '.git')}-`));
  try {
    const bare = simpleGit(incoming);
    await bare.init(true, [`--initial-branch=${req.branch}`]);
    await bare.addConfig(TASK_KEY, req.taskId);

    const work = simpleGit(req.sourceDir);
    await work.init([`--initial-branch=${req.branch}`]);
    await work.addConfig('user.name', req.author.name).addConfig('user.email', req.author.email);
    // Exactly the rendered files (the manifest lists them all), whatever the repository's .gitignore says.
    await work.raw(['add', '--all', '--force', '.']);
    await work.commit(req.message);
    const commitHash = (await work.revparse(['HEAD'])).trim();
    await work.push(incoming, `HEAD:refs/heads/${req.branch}`);

    const pushed = (await bare.raw(['rev-parse', `refs/heads/${req.branch}`])).trim();
    if (pushed !== commitHash)
      throw new Error(`the push to ${label} did not land: ${pushed || 'no branch'} instead of ${commitHash}`);

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
