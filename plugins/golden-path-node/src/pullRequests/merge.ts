import { ConflictError, NotFoundError } from '@backstage/errors';
import type { PullRequestGate, PullRequestRecord } from '@golden-path/common';
import { FALLBACK_AUTHOR } from '../author.js';
import { checkoutTree } from '../checkoutTree.js';
import { gitText, runGit } from '../git.js';
import type { GoldenPathGate } from './gate.js';
import type { PullRequestStore } from './PullRequestStore.js';

/** A line git's conflict markers start with (7 characters and a space, or alone at the end of a line). */
const MARKER = /^(<{7}|>{7})( |$)/m;

/** The files of the record's conflicts that still hold markers on the branch. */
export async function filesWithMarkers(gitDir: string, head: string, record: PullRequestRecord): Promise<string[]> {
  const found: string[] = [];
  for (const c of record.conflicts) {
    if (c.reason !== 'both-changed') continue;
    const { stdout, code } = await runGit(['--git-dir', gitDir, 'cat-file', 'blob', `${head}:${c.path}`], {
      okCodes: [128],
    });
    if (code === 0 && MARKER.test(stdout.toString('utf8'))) found.push(c.path);
  }
  return found;
}

/**
 * The commit main would move to: the branch itself when main has not moved since the upgrade
 * (fast-forward), else a merge commit of the two, refused when main moved in a conflicting way.
 */
async function mergedCommit(gitDir: string, record: PullRequestRecord, main: string, head: string): Promise<string> {
  const ff = await runGit(['--git-dir', gitDir, 'merge-base', '--is-ancestor', main, head], { okCodes: [1] });
  if (ff.code === 0) return head;
  const merged = await runGit(['--git-dir', gitDir, 'merge-tree', '--write-tree', '--name-only', main, head], {
    okCodes: [1],
  });
  const [tree, ...rest] = merged.stdout.toString('utf8').split('\n').filter(Boolean);
  if (merged.code === 1) {
    const files = rest.filter(l => !l.startsWith('Auto-merging') && !l.startsWith('CONFLICT') && l.trim());
    throw new ConflictError(
      `${record.base} moved since the upgrade and conflicts with ${record.branch} (${files.join(', ') || 'see git'}): merge ${record.base} into the branch and resolve, then merge again`,
    );
  }
  return gitText(['--git-dir', gitDir, 'commit-tree', tree!, '-p', main, '-p', head, '-m', `Merge ${record.title}`], {
    config: { 'user.name': FALLBACK_AUTHOR.name, 'user.email': FALLBACK_AUTHOR.email },
  });
}

export interface MergeOptions {
  gate: GoldenPathGate;
  /** Who merges (user:default/ada). */
  mergedBy: string;
  signal?: AbortSignal;
}

/**
 * Merges an open upgrade pull request of the embedded remote into its base branch: refused (a
 * ConflictError naming why, main untouched) while a conflicted file still holds markers on the
 * branch, when main moved in a conflicting way, or when the gate fails on the merged result. The
 * gate runs on exactly the files main will hold (its verdict on the branch is reused only when main
 * is fast-forwarded to the commit it checked). Main moves by compare-and-swap.
 */
export async function mergePullRequest(
  store: PullRequestStore,
  ref: { owner: string; name: string; number: number },
  options: MergeOptions,
): Promise<PullRequestRecord> {
  const { owner, name, number } = ref;
  const gitDir = store.remote.repoPath(owner, name);
  return store.locked(owner, name, async () => {
    const record = await store.get(owner, name, number);
    if (!record) throw new NotFoundError(`no pull request ${owner}/${name}#${number}`);
    if (record.state !== 'open') throw new ConflictError(`${owner}/${name}#${number} is ${record.state}, not open`);
    const [head, main] = await Promise.all([
      store.remote.resolveCommit(owner, name, `refs/heads/${record.branch}`),
      store.remote.resolveCommit(owner, name, `refs/heads/${record.base}`),
    ]);
    if (!head) throw new ConflictError(`the branch ${record.branch} no longer exists; nothing to merge`);
    if (!main) throw new ConflictError(`the branch ${record.base} does not exist`);

    const marked = await filesWithMarkers(gitDir, head, record);
    if (marked.length) {
      throw new ConflictError(
        `${marked.join(', ')} still hold${marked.length === 1 ? 's' : ''} conflict markers on ${record.branch}: resolve and push, then merge`,
      );
    }
    const target = await mergedCommit(gitDir, record, main, head);
    let gate: PullRequestGate | undefined = record.gate;
    if (!gate || gate.commit !== target) {
      const files = await checkoutTree(gitDir, target);
      try {
        gate = await options.gate.check(files.dir, target, options.signal);
      } finally {
        await files.done();
      }
    }
    if (!gate.passed) {
      await store.write(owner, name, { ...record, head, baseCommit: main, gate });
      const failing =
        gate.error ??
        gate.validators
          .filter(v => !v.passed)
          .map(v => v.validator)
          .join(', ');
      throw new ConflictError(
        `the policy gate fails on the merged result (${failing}); ${record.base} was not changed`,
      );
    }
    const moved = await runGit(['--git-dir', gitDir, 'update-ref', `refs/heads/${record.base}`, target, main], {
      okCodes: [128],
    });
    if (moved.code !== 0) throw new ConflictError(`${record.base} moved while merging; merge again`);
    const merged: PullRequestRecord = {
      ...record,
      state: 'merged',
      head,
      baseCommit: main,
      mergeCommit: target,
      mergedAt: new Date().toISOString(),
      mergedBy: options.mergedBy,
      gate,
    };
    await store.write(owner, name, merged);
    return merged;
  });
}
