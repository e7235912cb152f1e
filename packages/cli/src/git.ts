import { BASE_BRANCH, commitFolder, gitText } from '@golden-path/node';

export const BRANCH = 'main';

export interface InitialCommit {
  branch: string;
  commit: string;
  author: string;
}

/**
 * Makes `dir` a git repository on `main` with one commit holding every file in it, and the branch
 * golden-path/base at that commit (the pure render later upgrades merge from). Runs after the
 * engine's atomic write, so the folder holds exactly the planned files. The person's git identity
 * wins; only what it lacks falls back to the project's author, never written to the repository's config.
 */
export async function initRepository(dir: string, message: string): Promise<InitialCommit> {
  const commit = await commitFolder(dir, { branch: BRANCH, message });
  await gitText(['branch', BASE_BRANCH, commit], { cwd: dir });
  const author = await gitText(['log', '-1', '--format=%an <%ae>'], { cwd: dir });
  return { branch: BRANCH, commit, author };
}
