import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git.js';

/**
 * Writes the files of a commit (or tree) of a repository (bare or not) into a new temporary folder,
 * through a temporary index: the repository's index and work tree are never touched. `done` removes it.
 */
export async function checkoutTree(gitDir: string, tree: string): Promise<{ dir: string; done(): Promise<void> }> {
  const parent = await mkdtemp(join(tmpdir(), 'gp-tree-'));
  const dir = join(parent, 'repository');
  await mkdir(dir);
  const run = { indexFile: join(parent, 'index') };
  await git(['--git-dir', gitDir, `--work-tree=${dir}`, 'read-tree', tree], run);
  await git(['--git-dir', gitDir, `--work-tree=${dir}`, 'checkout-index', '--all'], run);
  return { dir, done: () => rm(parent, { recursive: true, force: true }) };
}
