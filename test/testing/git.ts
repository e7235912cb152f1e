import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** git against a bare repository; stdout as text. */
export function bareGit(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });
}

/** The files on a branch of a bare repository, sorted. */
export function filesOn(gitDir: string, branch = 'main'): string[] {
  return bareGit(gitDir, 'ls-tree', '-r', '--name-only', branch).split('\n').filter(Boolean).sort();
}

/** Everything in an organisation's folder of the local remote (repositories and leftovers). */
export function remoteEntries(reposRoot: string, owner: string): string[] {
  const dir = join(reposRoot, owner);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
