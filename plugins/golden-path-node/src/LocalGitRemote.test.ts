import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalGitRemote } from './LocalGitRemote.js';

const BASE = 'http://localhost:7007/api/golden-path/git';

/** A bare repository acme/ledger.git with one commit on main. */
function seed(root: string): string {
  const work = mkdtempSync(join(tmpdir(), 'gp-seed-'));
  mkdirSync(join(work, 'docs'));
  writeFileSync(join(work, 'catalog-info.yaml'), 'kind: Component\n');
  writeFileSync(join(work, 'docs', 'runbook.md'), '# Runbook\n');
  const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  run(work, 'init', '-q', '-b', 'main');
  run(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
  run(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'first');
  const bare = join(root, 'acme', 'ledger.git');
  mkdirSync(join(root, 'acme'), { recursive: true });
  run(root, 'clone', '-q', '--bare', work, bare);
  return run(work, 'rev-parse', 'HEAD');
}

describe('LocalGitRemote', () => {
  let remote: LocalGitRemote;
  let commit: string;
  beforeAll(() => {
    const root = mkdtempSync(join(tmpdir(), 'gp-remote-'));
    commit = seed(root);
    remote = new LocalGitRemote({ root, browseBaseUrl: `${BASE}/` });
  });

  it('lays repositories out like GitHub and refuses names that leave the root', () => {
    expect(remote.repoPath('acme', 'ledger')).toBe(join(remote.root, 'acme', 'ledger.git'));
    for (const [owner, name] of [
      ['..', 'x'],
      ['acme', '..'],
      ['acme', 'a/b'],
      ['acme', '.incoming-x'],
      ['acme', 'x.git'],
      ['', 'x'],
    ]) {
      expect(() => remote.repoPath(owner!, name!), `${owner}/${name}`).toThrow(/not a valid/);
    }
    expect(remote.exists('acme', 'ledger')).toBe(true);
    expect(remote.exists('acme', 'other')).toBe(false);
  });

  it('builds and parses browse URLs', () => {
    const url = remote.fileUrl('acme', 'ledger', '/docs/runbook.md');
    expect(url).toBe(`${BASE}/acme/ledger/blob/main/docs/runbook.md`);
    expect(remote.parseFileUrl(url)).toEqual({ owner: 'acme', name: 'ledger', ref: 'main', path: 'docs/runbook.md' });
    expect(remote.parseFileUrl(`${BASE}/acme/ledger/tree/main/docs`)).toBeUndefined();
    expect(remote.parseFileUrl(`${BASE}/acme/ledger/blob/main/%2E%2E/secret`)).toBeUndefined();
    expect(remote.parseFileUrl(`${BASE}/acme/ledger/blob/--upload-pack=x/f`)).toBeUndefined();
    expect(remote.parseFileUrl('http://elsewhere:7007/api/golden-path/git/acme/ledger/blob/main/f')).toBeUndefined();
  });

  it('reads files at a ref with the commit read, and lists the tree', async () => {
    expect(await remote.readFile({ owner: 'acme', name: 'ledger', ref: 'main', path: 'docs/runbook.md' })).toEqual({
      content: Buffer.from('# Runbook\n'),
      commit,
    });
    expect(await remote.readFile({ owner: 'acme', name: 'ledger', ref: 'main', path: 'docs' })).toBeUndefined();
    expect(await remote.readFile({ owner: 'acme', name: 'ledger', ref: 'main', path: 'missing.md' })).toBeUndefined();
    expect(
      await remote.readFile({ owner: 'acme', name: 'ledger', ref: 'nope', path: 'catalog-info.yaml' }),
    ).toBeUndefined();
    expect(
      await remote.readFile({ owner: 'acme', name: 'gone', ref: 'main', path: 'catalog-info.yaml' }),
    ).toBeUndefined();
    expect(await remote.listFiles('acme', 'ledger')).toEqual({
      files: ['catalog-info.yaml', 'docs/runbook.md'],
      commit,
    });
  });

  it("reads several refs' commits with their parents at once, undefined for what does not exist", async () => {
    expect(await remote.commits('acme', 'ledger', ['main', 'nope', '../x', commit])).toEqual([
      { commit, parents: [] },
      undefined,
      undefined,
      { commit, parents: [] },
    ]);
    expect(await remote.commits('acme', 'gone', ['main'])).toEqual([undefined]);
  });

  it("reads a file at a commit's full name, and at nothing else of 40 hex digits", async () => {
    const at = (ref: string, name = 'ledger') => remote.readFile({ owner: 'acme', name, ref, path: 'docs/runbook.md' });
    expect(await at(commit)).toEqual({ content: Buffer.from('# Runbook\n'), commit });
    const gitDir = remote.repoPath('acme', 'ledger');
    const tree = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', `${commit}^{tree}`], {
      encoding: 'utf8',
    }).trim();
    expect(await at(tree)).toBeUndefined(); // a tree is no commit
    expect(await at('0'.repeat(40))).toBeUndefined();
    expect(await at(commit, 'gone')).toBeUndefined();
  });

  it('lists the branches under a prefix with their commits, sorted and bounded', async () => {
    const bare = join(remote.root, 'acme', 'ledger.git');
    for (const branch of ['tenants/globex', 'tenants/acme-bank', 'tenants/initech', 'feature/x', 'tenantsx'])
      execFileSync('git', ['--git-dir', bare, 'branch', branch, commit]);
    expect(await remote.branches('acme', 'ledger', 'tenants/')).toEqual([
      { branch: 'tenants/acme-bank', commit },
      { branch: 'tenants/globex', commit },
      { branch: 'tenants/initech', commit },
    ]);
    expect(await remote.branches('acme', 'ledger', 'tenants/', 2)).toHaveLength(2);
    expect(await remote.branches('acme', 'gone', 'tenants/')).toEqual([]);
    expect(await remote.branches('acme', 'ledger', '--all ')).toEqual([]);
  });

  it('publishes main and golden-path/base, both at the creation commit (the base of later upgrades)', async () => {
    const source = mkdtempSync(join(tmpdir(), 'gp-source-'));
    writeFileSync(join(source, 'README.md'), '# Payments\n');
    const request = { owner: 'acme', name: 'payments', sourceDir: source, branch: 'main', message: 'Create' };
    const { commitHash } = await remote.publish({ ...request, author: { name: 't', email: 't@t' }, taskId: 'task-1' });
    const bare = join(remote.root, 'acme', 'payments.git');
    const head = (ref: string) =>
      execFileSync('git', ['--git-dir', bare, 'rev-parse', ref], { encoding: 'utf8' }).trim();
    expect(head('refs/heads/main')).toBe(commitHash);
    expect(head('refs/heads/golden-path/base')).toBe(commitHash);
  });

  it("removes this task's own half-pushed leftovers of a killed run, never another task's", async () => {
    const org = join(remote.root, 'acme');
    const leftover = (dir: string, taskId: string) => {
      execFileSync('git', ['init', '-q', '--bare', join(org, dir)]);
      execFileSync('git', ['--git-dir', join(org, dir), 'config', 'golden-path.task', taskId]);
    };
    leftover('.incoming-orders-killed', 'task-7');
    leftover('.incoming-orders-racing', 'task-8');
    const source = mkdtempSync(join(tmpdir(), 'gp-source-'));
    writeFileSync(join(source, 'README.md'), '# Orders\n');
    const request = { owner: 'acme', name: 'orders', sourceDir: source, branch: 'main', message: 'Create' };
    await remote.publish({ ...request, author: { name: 't', email: 't@t' }, taskId: 'task-7' });
    expect(
      readdirSync(org)
        .filter(e => e.includes('orders'))
        .sort(),
    ).toEqual(['.incoming-orders-racing', 'orders.git']);
  });
});
