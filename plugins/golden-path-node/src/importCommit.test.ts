import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommit, quotePath } from './importCommit.js';

const run = (args: string[], cwd?: string) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const author = { name: 'Ada Lovelace', email: 'ada@example.com' };

describe('importCommit', () => {
  let dir: string;
  let source: string;
  let bare: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gp-import-'));
    source = join(dir, 'source');
    bare = join(dir, 'repo.git');
    mkdirSync(join(source, 'src', 'deep'), { recursive: true });
    mkdirSync(join(source, 'empty'));
    writeFileSync(join(source, 'README.md'), '# Ledger\n');
    writeFileSync(join(source, 'src', 'deep', 'a "quoted" name é.txt'), 'x');
    writeFileSync(join(source, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(source, 'run.sh'), 0o755);
    // A skeleton's own ignore and attributes files: neither may leave out or rewrite a file.
    writeFileSync(join(source, '.gitignore'), '*.log\n');
    writeFileSync(join(source, '.gitattributes'), '* text=auto\n');
    writeFileSync(join(source, 'kept.log'), 'line\r\n');
    symlinkSync('/etc/passwd', join(source, 'link'));
    run(['init', '--quiet', '--bare', '--template=', bare]);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("makes git add's tree of the folder, both branches at one commit", async () => {
    const commit = await importCommit(bare, {
      sourceDir: source,
      branches: ['main', 'golden-path/base'],
      message: 'Create ledger',
      author,
    });
    const git = (...args: string[]) => run(['--git-dir', bare, ...args]);
    expect(git('rev-parse', 'main').trim()).toBe(commit);
    expect(git('rev-parse', 'golden-path/base').trim()).toBe(commit);
    expect(git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%B', commit)).toBe(
      'Ada Lovelace <ada@example.com>|Ada Lovelace <ada@example.com>|Create ledger\n\n',
    );
    // What `git add --all --force` of the folder and `write-tree` make (the attributes' conversion aside).
    rmSync(join(source, '.gitattributes'));
    writeFileSync(join(source, 'kept.log'), 'line\n');
    const again = await importCommit(bare, { sourceDir: source, branches: ['again'], message: 'm', author });
    const env = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
    execFileSync('git', ['--git-dir', bare, '--work-tree', source, 'add', '--all', '--force', '--', '.'], { env });
    const tree = execFileSync('git', ['--git-dir', bare, 'write-tree'], { env, encoding: 'utf8' }).trim();
    expect(git('rev-parse', `${again}^{tree}`).trim()).toBe(tree);
    expect(git('ls-tree', '-r', again)).toMatch(/100755 blob \w+\trun\.sh/);
    expect(git('ls-tree', '-r', again)).toMatch(/120000 blob \w+\tlink/);
  });

  it('stores the bytes as written: no attributes conversion, a link never followed', async () => {
    const commit = await importCommit(bare, { sourceDir: source, branches: ['main'], message: 'm', author });
    const blob = (path: string) => run(['--git-dir', bare, 'cat-file', 'blob', `${commit}:${path}`]);
    expect(blob('kept.log')).toBe('line\r\n');
    expect(blob('link')).toBe('/etc/passwd');
    expect(blob('src/deep/a "quoted" name é.txt')).toBe('x');
  });

  it('refuses a .git entry, a special file and an author who could end the field', async () => {
    const request = { sourceDir: source, branches: ['main'], message: 'm', author };
    mkdirSync(join(source, 'sub', '.git'), { recursive: true });
    await expect(importCommit(bare, request)).rejects.toThrow('sub/.git: a .git entry is never published');
    rmSync(join(source, 'sub'), { recursive: true });
    execFileSync('mkfifo', [join(source, 'pipe')]);
    await expect(importCommit(bare, request)).rejects.toThrow('pipe: not a regular file, link or folder');
    rmSync(join(source, 'pipe'));
    await expect(importCommit(bare, { ...request, author: { name: 'x>\nM 100644', email: 'e' } })).rejects.toThrow(
      "author's name",
    );
    await expect(importCommit(bare, { ...request, branches: ['main\nreset x'] })).rejects.toThrow('not a valid branch');
    expect(run(['--git-dir', bare, 'for-each-ref'])).toBe('');
  });

  it("quotes paths as git's C-style", () => {
    expect(quotePath('a b/"c"\\d\né')).toBe('"a b/\\"c\\"\\\\d\\012\\303\\251"');
  });
});
