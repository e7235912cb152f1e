import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexPaths } from './git-index.js';
import { OWNER_ENV } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-index-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: OWNER_ENV, encoding: 'utf8' });

describe('indexPaths', () => {
  it.each([2, 3])('reads what git ls-files lists (index version %i)', version => {
    const dir = join(work, `v${version}`);
    mkdirSync(join(dir, 'a', 'deeper'), { recursive: true });
    const names = [
      'x',
      'ab',
      'abcdefg',
      'abcdefgh',
      'a/deeper/n-é.txt',
      'with space',
      '.hidden',
      'a/deeper/' + 'p'.repeat(70),
    ];
    for (const n of names) writeFileSync(join(dir, n), n);
    git(dir, 'init', '--quiet');
    git(dir, 'config', 'index.version', String(version));
    git(dir, 'add', '.');
    if (version === 3) {
      writeFileSync(join(dir, 'intended'), 'i'); // intent-to-add: an entry with v3's extended flags
      git(dir, 'add', '--intent-to-add', 'intended');
    }
    writeFileSync(join(dir, 'untracked'), 'u');
    const listed = git(dir, 'ls-files', '-z').split('\0').filter(Boolean);
    expect(indexPaths(dir)).toEqual(listed);
    expect(listed).toHaveLength(names.length + (version === 3 ? 1 : 0));
  });

  it('gives up on what it does not read: version 4, no repository', () => {
    const dir = join(work, 'v4');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f'), 'f');
    git(dir, 'init', '--quiet');
    git(dir, 'config', 'index.version', '4');
    git(dir, 'add', '.');
    expect(indexPaths(dir)).toBeUndefined();
    expect(indexPaths(work)).toBeUndefined();
  });
});
