import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalGitRemote } from '../LocalGitRemote.js';
import { RecordingGate } from '../testing/index.js';
import { mergePullRequest } from './merge.js';
import { PullRequestStore, type PullRequestDraft } from './PullRequestStore.js';

const run = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' }).trim();

/**
 * acme/ledger.git: main with README.md (3 lines), and golden-path/upgrade-2.0.0 off it changing line 2
 * with conflict markers (as an upgrade commits an overlapping edit).
 */
function seed(root: string) {
  const work = mkdtempSync(join(tmpdir(), 'gp-pr-'));
  run(work, 'init', '-q', '-b', 'main');
  writeFileSync(join(work, 'README.md'), 'one\ntwo\nthree\n');
  run(work, 'add', '.');
  run(work, 'commit', '-q', '-m', 'first');
  run(work, 'switch', '-q', '-c', 'golden-path/upgrade-2.0.0');
  writeFileSync(join(work, 'README.md'), 'one\n<<<<<<< main\ntwo\n=======\nTWO\n>>>>>>> gp 2.0.0\nthree\n');
  run(work, 'commit', '-q', '-am', 'upgrade');
  mkdirSync(join(root, 'acme'), { recursive: true });
  run(root, 'clone', '-q', '--bare', work, join(root, 'acme', 'ledger.git'));
  return { work, head: run(work, 'rev-parse', 'HEAD'), main: run(work, 'rev-parse', 'main') };
}

const draft = (head: string, main: string): PullRequestDraft => ({
  repository: { slug: 'acme/ledger', entityRef: 'component:default/ledger' },
  title: 'Upgrade to gp 2.0.0',
  branch: 'golden-path/upgrade-2.0.0',
  base: 'main',
  template: 'gp',
  fromVersion: '1.0.0',
  toVersion: '2.0.0',
  head,
  baseCommit: main,
  files: [{ path: 'README.md', class: 'merged', outcome: 'conflict' }],
  conflicts: [{ path: 'README.md', class: 'merged', reason: 'both-changed', hunks: 1 }],
  values: { added: {}, dropped: {}, renamed: {} },
  changelog: [],
  author: 'user:default/ada',
});

describe('pull requests of the embedded remote', () => {
  let store: PullRequestStore;
  let repo: ReturnType<typeof seed>;
  /** Fails on a README.md holding the word FORBIDDEN. */
  let gate: RecordingGate;
  const bare = () => join(store.remote.root, 'acme', 'ledger.git');
  const mainOf = () => run(bare(), 'rev-parse', 'refs/heads/main');
  const push = (message: string, readme: string, branch = 'golden-path/upgrade-2.0.0') => {
    run(repo.work, 'switch', '-q', branch);
    writeFileSync(join(repo.work, 'README.md'), readme);
    run(repo.work, 'commit', '-q', '-am', message);
    run(repo.work, 'push', '-q', bare(), branch);
    return run(repo.work, 'rev-parse', 'HEAD');
  };

  beforeEach(() => {
    const root = mkdtempSync(join(tmpdir(), 'gp-remote-'));
    repo = seed(root);
    store = new PullRequestStore({
      remote: new LocalGitRemote({ root, browseBaseUrl: 'http://localhost:7007/api/golden-path/git' }),
      pageUrl: (slug, n) => `http://localhost:3000/golden-path/pulls/${slug}/${n}`,
    });
    gate = new RecordingGate('words', readme => readme.includes('FORBIDDEN'));
  });

  it('numbers records per repository, keeps one open record per branch, lists by entity and state', async () => {
    const first = await store.create('acme', 'ledger', draft(repo.head, repo.main));
    expect(first).toMatchObject({ number: 1, state: 'open', provider: 'embedded' });
    expect(first.url).toBe('http://localhost:3000/golden-path/pulls/acme/ledger/1');
    expect(await store.create('acme', 'ledger', draft(repo.head, repo.main))).toEqual(first);
    expect(await store.create('acme', 'ledger', { ...draft(repo.head, repo.main), branch: 'x' })).toMatchObject({
      number: 2,
    });
    expect((await store.list({ entityRef: 'component:default/ledger' })).map(r => r.number)).toEqual([2, 1]);
    expect(await store.list({ entityRef: 'component:default/other' })).toEqual([]);
    expect(await store.list({ state: 'merged' })).toEqual([]);
    expect(await store.get('acme', 'ledger', 3)).toBeUndefined();
    expect(await store.get('..', 'ledger', 1)).toBeUndefined();
    await expect(store.create('acme', 'nope', draft(repo.head, repo.main))).rejects.toThrow(/no repository acme\/nope/);
  });

  it('refuses while markers remain, gates the merged result, then fast-forwards main', async () => {
    await store.create('acme', 'ledger', draft(repo.head, repo.main));
    const merge = () => mergePullRequest(store, { owner: 'acme', name: 'ledger', number: 1 }, { gate, mergedBy: 'u' });
    await expect(merge()).rejects.toThrow(/README.md still holds conflict markers/);
    expect(mainOf()).toBe(repo.main);

    push('resolve badly', 'one\nFORBIDDEN\nthree\n');
    await expect(merge()).rejects.toThrow(/policy gate fails on the merged result \(words\); main was not changed/);
    expect(mainOf()).toBe(repo.main);
    expect((await store.get('acme', 'ledger', 1))!.gate).toMatchObject({ passed: false });

    const resolved = push('resolve', 'one\nTWO\nthree\n');
    const merged = await merge();
    expect(merged).toMatchObject({ state: 'merged', mergeCommit: resolved, mergedBy: 'u', gate: { passed: true } });
    expect(gate.checked.at(-1)).toBe(resolved);
    expect(mainOf()).toBe(resolved);
    await expect(merge()).rejects.toThrow(/is merged, not open/);
    expect(existsSync(join(bare(), 'golden-path-pulls', '.lock'))).toBe(false);
  });

  it('merges with a merge commit when main moved elsewhere, refuses when main moved in a conflicting way', async () => {
    await store.create('acme', 'ledger', draft(repo.head, repo.main));
    const resolved = push('resolve', 'one\nTWO\nthree\n');
    const merge = () => mergePullRequest(store, { owner: 'acme', name: 'ledger', number: 1 }, { gate, mergedBy: 'u' });

    push('owners edit line 2 again', 'one\nzwei\nthree\n', 'main');
    const moved = mainOf();
    await expect(merge()).rejects.toThrow(
      /main moved since the upgrade and conflicts with golden-path\/upgrade-2.0.0 \(README.md\)/,
    );
    expect(mainOf()).toBe(moved);

    run(repo.work, 'reset', '-q', '--hard', repo.main);
    writeFileSync(join(repo.work, 'NOTES.md'), 'notes\n');
    run(repo.work, 'add', '.');
    run(repo.work, 'commit', '-q', '-m', 'notes');
    run(repo.work, 'push', '-q', '--force', bare(), 'main');
    const notes = mainOf();
    const merged = await merge();
    expect(run(bare(), 'rev-parse', `${merged.mergeCommit}^1`, `${merged.mergeCommit}^2`).split('\n')).toEqual([
      notes,
      resolved,
    ]);
    expect(run(bare(), 'show', 'main:README.md')).toBe('one\nTWO\nthree');
    expect(run(bare(), 'show', 'main:NOTES.md')).toBe('notes');
    expect(gate.checked.at(-1)).toBe(merged.mergeCommit);
  });
});
