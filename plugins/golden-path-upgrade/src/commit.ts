import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fallbackIdentity, gitText, runGit } from '@golden-path/node';
import type { StoredFile } from './repo.js';

export interface CommitSpec {
  /** The tree the commit starts from (a commit), or none for a commit of `changes` alone. */
  start?: string;
  /** Files to write (path → file) or delete (path → null). */
  changes: Map<string, StoredFile | null>;
  parents: string[];
  message: string;
}

/**
 * Writes one commit from files in memory through a temporary index: the repository's index, work
 * tree and branches stay as they are (the caller moves a branch to the commit). Blobs are stored as
 * given (--no-filters: no line-ending or attribute conversion).
 */
export async function writeCommit(dir: string, spec: CommitSpec): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'golden-path-commit-'));
  try {
    const run = { cwd: dir, indexFile: join(tmp, 'index') };
    await runGit(spec.start ? ['read-tree', spec.start] : ['read-tree', '--empty'], run);
    const writes = [...spec.changes].filter((e): e is [string, StoredFile] => e[1] !== null);
    const blobs = writes.map(([, f], i) => {
      const file = join(tmp, `blob-${i}`);
      writeFileSync(file, f.content);
      return file;
    });
    const oids = blobs.length
      ? (
          await gitText(['hash-object', '-w', '--no-filters', '--stdin-paths'], { ...run, input: blobs.join('\n') })
        ).split('\n')
      : [];
    // Mode 0 removes a path; the object id's length follows the repository's hash (sha1 or sha256).
    const zero = '0'.repeat((oids[0] ?? spec.start ?? '').length || 40);
    const records = [
      ...writes.map(([path, f], i) => `${f.mode & 0o111 ? '100755' : '100644'} ${oids[i]}\t${path}\0`),
      ...[...spec.changes].filter(([, f]) => f === null).map(([path]) => `0 ${zero}\t${path}\0`),
    ];
    if (records.length) await runGit(['update-index', '-z', '--index-info'], { ...run, input: records.join('') });
    const tree = await gitText(['write-tree'], run);
    const parents = spec.parents.flatMap(p => ['-p', p]);
    return await gitText(['commit-tree', tree, ...parents, '-m', spec.message], {
      cwd: dir,
      config: await fallbackIdentity(dir),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The tree of a commit (to tell whether two commits hold the same files). */
export function treeOf(dir: string, commit: string): Promise<string> {
  return gitText(['rev-parse', `${commit}^{tree}`], { cwd: dir });
}

/**
 * Moves branches all at once or not at all (`git update-ref --stdin` transaction). `old`: the commit
 * the branch must still be at, or null for a branch that must not exist yet.
 */
export async function moveBranches(
  dir: string,
  moves: { ref: string; to: string; old: string | null }[],
): Promise<void> {
  const lines = moves.map(m => (m.old === null ? `create ${m.ref} ${m.to}` : `update ${m.ref} ${m.to} ${m.old}`));
  await runGit(['update-ref', '--stdin'], { cwd: dir, input: ['start', ...lines, 'commit', ''].join('\n') });
}
