import { FALLBACK_AUTHOR } from './author.js';
import { git, gitText, runGit } from './git.js';

export interface CommitOptions {
  branch: string;
  message: string;
  /** Who commits. Without one: the person's git identity, the fallback author for what it lacks. */
  author?: { name: string; email: string };
}

/** `-c` settings for what git's own config lacks of an identity: the fallback author, never written to a file. */
export async function fallbackIdentity(dir: string): Promise<Record<string, string>> {
  const configured = (key: string) => gitText(['config', '--get', key], { cwd: dir }).catch(() => '');
  const [name, email] = await Promise.all([configured('user.name'), configured('user.email')]);
  return {
    ...(name ? {} : { 'user.name': FALLBACK_AUTHOR.name }),
    ...(email ? {} : { 'user.email': FALLBACK_AUTHOR.email }),
  };
}

/**
 * Makes `dir` a git repository on `branch` with one commit holding every file in it, and returns the
 * commit. Files are added with --force, so a skeleton's own .gitignore cannot leave a rendered file out.
 * A retried publish finds the commit its earlier attempt made (the scaffolder restores the workspace
 * as that attempt left it) and reuses it when it holds exactly these files; a commit of other files
 * is refused rather than stacked on.
 */
export async function commitFolder(dir: string, options: CommitOptions): Promise<string> {
  await git(['init', '--quiet'], { cwd: dir });
  // On an unborn repository this names the first branch, whatever init.defaultBranch says.
  await git(['symbolic-ref', 'HEAD', `refs/heads/${options.branch}`], { cwd: dir });
  const config = options.author ? undefined : await fallbackIdentity(dir);
  await git(['add', '--all', '--force', '--', '.'], { cwd: dir });
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: dir, okCodes: [1] });
  if (head.code === 0) {
    const same = (await runGit(['diff', '--cached', '--quiet', 'HEAD'], { cwd: dir, okCodes: [1] })).code === 0;
    if (!same) throw new Error('the folder already holds a commit of other files; nothing was published');
    return head.stdout.toString('utf8').trim();
  }
  await git(['commit', '--quiet', '-m', options.message], { cwd: dir, config, identity: options.author });
  return gitText(['rev-parse', 'HEAD'], { cwd: dir });
}
