import { simpleGit } from 'simple-git';

/** Who makes the first commit when git has no identity configured (CI, fresh containers). */
export const FALLBACK_AUTHOR = { name: 'Golden Path', email: 'golden-path@localhost' } as const;
export const BRANCH = 'main';

export interface InitialCommit {
  branch: string;
  commit: string;
  author: string;
}

/**
 * Makes `dir` a git repository on `main` with one commit holding every file in it. Runs after the
 * engine's atomic write, so the folder holds exactly the planned files: they are added with
 * --force so that a skeleton's own .gitignore cannot leave a planned file out.
 */
export async function initRepository(dir: string, message: string): Promise<InitialCommit> {
  const probe = simpleGit({ baseDir: dir });
  await probe.init();
  // On an unborn repository this names the first branch, whatever init.defaultBranch says.
  await probe.raw(['symbolic-ref', 'HEAD', `refs/heads/${BRANCH}`]);
  // The person's identity wins; only the missing parts fall back (as -c, never written to config).
  const [name, email] = await Promise.all([probe.getConfig('user.name'), probe.getConfig('user.email')]);
  const fallback = [
    ...(name.value ? [] : [`user.name=${FALLBACK_AUTHOR.name}`]),
    ...(email.value ? [] : [`user.email=${FALLBACK_AUTHOR.email}`]),
  ];
  const git = simpleGit({ baseDir: dir, config: fallback });
  await git.raw(['add', '--all', '--force', '--', '.']);
  await git.commit(message);
  const [commit, author] = await Promise.all([git.revparse(['HEAD']), git.raw(['log', '-1', '--format=%an <%ae>'])]);
  return { branch: BRANCH, commit: commit.trim(), author: author.trim() };
}
