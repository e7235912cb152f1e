import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFolder } from './commit.js';
import { catFileBatch, gitText } from './git.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('git', () => {
  it("gives git an allow-listed environment: none of the backend's credentials, no prompt", async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'do-not-leak';
    process.env.GITHUB_TOKEN = 'ghp_do-not-leak';
    process.env.GIT_DIR = '/somewhere/else';
    // A shell alias prints the environment git (and so its hooks and helpers) runs with.
    const env = await gitText(['-c', 'alias.printenv=!env', 'printenv'], { cwd: tmpdir() });
    expect(env).not.toMatch(/do-not-leak|GIT_DIR=\/somewhere/);
    expect(env).toMatch(/^GIT_TERMINAL_PROMPT=0$/m);
    expect(env).toMatch(/^PATH=/m);
  });

  it('rejects with what git said', async () => {
    await expect(gitText(['rev-parse', 'HEAD'], { cwd: tmpdir() })).rejects.toThrow(
      /^git rev-parse failed: fatal: not a git repository/,
    );
  });
});

describe('commitFolder', () => {
  it("commits every file on the branch as the given author, over an identity in the backend's environment", async () => {
    process.env.GIT_AUTHOR_NAME = 'Someone Else';
    const dir = mkdtempSync(join(tmpdir(), 'gp-commit-'));
    writeFileSync(join(dir, '.gitignore'), '*.log\n');
    writeFileSync(join(dir, 'kept.log'), 'rendered on purpose\n');
    const commit = await commitFolder(dir, {
      branch: 'trunk',
      message: 'first',
      author: { name: 'Platform', email: 'platform@example.com' },
    });
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    expect(git('rev-parse', 'trunk')).toBe(commit);
    expect(git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%s')).toBe(
      'Platform <platform@example.com>|Platform <platform@example.com>|first',
    );
    expect(git('ls-tree', '-r', '--name-only', 'HEAD').split('\n')).toEqual(['.gitignore', 'kept.log']);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('reuses the commit of a retried attempt holding the same files, and refuses one of other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-commit-'));
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    const options = { branch: 'main', message: 'first', author: { name: 'P', email: 'p@example.com' } };
    const first = await commitFolder(dir, options);
    expect(await commitFolder(dir, options)).toBe(first);
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    expect(git('rev-list', '--count', 'main')).toBe('1');
    writeFileSync(join(dir, 'b.txt'), 'b\n');
    await expect(commitFolder(dir, options)).rejects.toThrow(/already holds a commit of other files/);
    expect(git('rev-list', '--count', 'main')).toBe('1');
  });

  it('reads several objects in one cat-file --batch, undefined for what names nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-batch-'));
    writeFileSync(join(dir, 'a file'), 'one\ntwo\n');
    writeFileSync(join(dir, 'empty'), '');
    const commit = await commitFolder(dir, { branch: 'main', message: 'm', author: { name: 't', email: 't@t' } });
    const objects = await catFileBatch(join(dir, '.git'), [
      'main^{commit}',
      'main^{commit}:a file',
      'main^{commit}:no such file',
      'main^{commit}:empty',
      'nobranch^{commit}',
      'main^{commit}:a file',
    ]);
    expect(objects.map(o => o && [o.type, o.content.toString()])).toEqual([
      ['commit', expect.stringContaining('\nm\n')],
      ['blob', 'one\ntwo\n'],
      undefined,
      ['blob', ''],
      undefined,
      ['blob', 'one\ntwo\n'],
    ]);
    expect(objects[0]!.oid).toBe(commit);
    await expect(catFileBatch(join(dir, '.git'), ['main\nHEAD'])).rejects.toThrow('line break');
  });
});
