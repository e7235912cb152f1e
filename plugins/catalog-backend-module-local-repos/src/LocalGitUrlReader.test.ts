import { LocalGitRemote } from '@golden-path/node';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalGitUrlReader } from './LocalGitUrlReader.js';

const BASE = 'http://localhost:7007/api/golden-path/git';

describe('LocalGitUrlReader', () => {
  let work: string;
  let bare: string;
  let reader: LocalGitUrlReader;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' }).trim();
  const commitFile = (content: string) => {
    writeFileSync(join(work, 'catalog-info.yaml'), content);
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'change');
    git(work, 'push', '-q', bare, 'HEAD:main');
    return git(work, 'rev-parse', 'HEAD');
  };

  beforeAll(() => {
    const root = mkdtempSync(join(tmpdir(), 'gp-reader-'));
    work = mkdtempSync(join(tmpdir(), 'gp-reader-work-'));
    bare = join(root, 'acme', 'ledger.git');
    mkdirSync(bare, { recursive: true });
    git(bare, 'init', '-q', '--bare', '-b', 'main');
    git(work, 'init', '-q', '-b', 'main');
    reader = new LocalGitUrlReader(new LocalGitRemote({ root, browseBaseUrl: BASE }));
  });

  it('reads a file, answers NotModified for the same commit, and the new content after a push', async () => {
    const url = `${BASE}/acme/ledger/blob/main/catalog-info.yaml`;
    const first = commitFile('name: one\n');
    const response = await reader.readUrl(url);
    expect((await response.buffer()).toString()).toBe('name: one\n');
    expect(response.etag).toBe(first);
    await expect(reader.readUrl(url, { etag: first })).rejects.toMatchObject({ name: 'NotModifiedError' });

    const second = commitFile('name: two\n');
    const search = await reader.search(url, { etag: first });
    expect(search.etag).toBe(second);
    expect(search.files.map(f => f.url)).toEqual([url]);
    expect((await search.files[0]!.content()).toString()).toBe('name: two\n');
  });

  it('finds nothing (rather than failing) for a missing file or repository, as the catalog expects', async () => {
    expect(await reader.search(`${BASE}/acme/ledger/blob/main/nope.yaml`)).toEqual({ files: [], etag: '' });
    expect(await reader.search(`${BASE}/acme/other/blob/main/catalog-info.yaml`)).toEqual({ files: [], etag: '' });
    await expect(reader.readUrl(`${BASE}/acme/other/blob/main/catalog-info.yaml`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
