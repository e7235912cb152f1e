import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '@golden-path/node';

/** Labels of the conflict markers: `<<<<<<< ours`, `||||||| base`, `>>>>>>> theirs`. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface TextMerge {
  content: Buffer;
  /** Conflicting hunks, each left between standard markers in `content`. */
  conflicts: number;
}

/** A three-way merge of one file's texts: git merge-file on temporary copies, nothing in a repository. */
export type MergeText = (base: Buffer, ours: Buffer, theirs: Buffer) => Promise<TextMerge>;

/** `git merge-file -p`: its exit code is the number of conflicts (capped at 127). */
export function gitMergeText(labels: MergeLabels): MergeText {
  return async (base, ours, theirs) => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-path-merge-'));
    try {
      const [b, o, t] = ['base', 'ours', 'theirs'].map(n => join(dir, n)) as [string, string, string];
      writeFileSync(b, base);
      writeFileSync(o, ours);
      writeFileSync(t, theirs);
      const args = ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, o, b, t];
      const okCodes = Array.from({ length: 127 }, (_, i) => i + 1);
      const { stdout, code } = await runGit(args, { cwd: dir, okCodes });
      return { content: stdout, conflicts: code };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
