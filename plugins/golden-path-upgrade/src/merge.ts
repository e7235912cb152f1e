import type { FileClass } from '@golden-path/engine';
import type { MergeText } from './merge-text.js';
import type { StoredFile } from './repo.js';

/**
 * What an upgrade did to one file the golden path renders (either version):
 * - unchanged: nothing to do (the same in both versions, or the owners' copy already matches);
 * - added: new in this version; updated: changed by the golden path only, the new version taken;
 * - merged: changed by both, merged without conflict; conflict: see `reason`;
 * - overwritten: a managed file changed or deleted locally, replaced by the new version (drift);
 * - deleted: removed by the golden path and unchanged locally;
 * - kept: a seeded file: the owners', never touched after creation.
 */
export type Outcome = 'unchanged' | 'added' | 'updated' | 'merged' | 'conflict' | 'overwritten' | 'deleted' | 'kept';

/**
 * - both-changed: the same lines changed on both sides, committed between standard markers;
 * - deleted-locally: the owners deleted a file the new version changes (it stays deleted);
 * - removed-upstream: the new version drops a file the owners changed (their copy is kept);
 * - binary: a binary file changed on both sides (the owners' copy is kept).
 */
export type ConflictReason = 'both-changed' | 'deleted-locally' | 'removed-upstream' | 'binary';

export interface FileMerge {
  path: string;
  class: FileClass;
  outcome: Outcome;
  reason?: ConflictReason;
  /** Conflicting hunks left between markers (both-changed). */
  hunks?: number;
  /** What the upgrade branch gets: a file, null to delete it, undefined to leave main's. */
  result?: StoredFile | null;
}

const same = (a?: StoredFile, b?: StoredFile) =>
  a === b || (!!a && !!b && a.mode === b.mode && a.content.equals(b.content));
const isBinary = (f?: StoredFile) => !!f && f.content.includes(0);

/**
 * Decides one file. `base` is the old version's render (golden-path/base), `ours` main's copy,
 * `theirs` the new version's render; each is absent where that side has no such file.
 */
export async function mergeFile(
  path: string,
  cls: FileClass,
  sides: { base?: StoredFile; ours?: StoredFile; theirs?: StoredFile },
  mergeText: MergeText,
): Promise<FileMerge> {
  const { base, ours, theirs } = sides;
  const done = (outcome: Outcome, result?: StoredFile | null, reason?: ConflictReason): FileMerge => ({
    path,
    class: cls,
    outcome,
    ...(reason ? { reason } : {}),
    ...(result !== undefined ? { result } : {}),
  });

  if (cls === 'seeded') return !ours && !base && theirs ? done('added', theirs) : done('kept');
  if (same(ours, theirs)) return done('unchanged');
  if (cls === 'managed') {
    if (!theirs) return ours ? done(same(ours, base) ? 'deleted' : 'overwritten', null) : done('unchanged');
    return done(same(ours, base) ? (base ? 'updated' : 'added') : 'overwritten', theirs);
  }
  // merged
  if (!theirs) {
    if (same(ours, base)) return done('deleted', null);
    return done('conflict', undefined, 'removed-upstream');
  }
  if (!ours)
    return base
      ? same(base, theirs)
        ? done('unchanged')
        : done('conflict', undefined, 'deleted-locally')
      : done('added', theirs);
  if (same(ours, base)) return done(base ? 'updated' : 'added', theirs);
  if (same(theirs, base)) return done('unchanged');
  const mode = base && theirs.mode !== base.mode ? theirs.mode : ours.mode;
  if (isBinary(base) || isBinary(ours) || isBinary(theirs)) return done('conflict', undefined, 'binary');
  const merged = await mergeText(base?.content ?? Buffer.alloc(0), ours.content, theirs.content);
  if (!merged.conflicts) return done('merged', { mode, content: merged.content });
  return { ...done('conflict', { mode, content: merged.content }, 'both-changed'), hunks: merged.conflicts };
}
