import { UrlReaders, type ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { LocalGitRemote } from '@golden-path/node';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  const commitFile = (content: string, path = 'catalog-info.yaml') => {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), content);
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
    // The tree response factory Backstage gives every reader factory (the module's path).
    let trees: ReadTreeResponseFactory | undefined;
    UrlReaders.create({
      config: new ConfigReader({}),
      logger: mockServices.logger.mock(),
      factories: [({ treeResponseFactory }) => ((trees = treeResponseFactory), [])],
    });
    reader = new LocalGitUrlReader(new LocalGitRemote({ root, browseBaseUrl: BASE }), trees!);
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

  it("reads a folder as TechDocs' dir:. asks for it (the folder of catalog-info.yaml), and NotModified for the same commit", async () => {
    commitFile('# Ledger\n', 'docs/index.md');
    const head = commitFile('site_name: Ledger\n', 'mkdocs.yml');
    const tree = await reader.readTree(`${BASE}/acme/ledger/blob/main/`);
    expect(tree.etag).toBe(head);
    const dir = await tree.dir();
    expect(readFileSync(join(dir, 'mkdocs.yml'), 'utf8')).toBe('site_name: Ledger\n');
    expect(readFileSync(join(dir, 'docs', 'index.md'), 'utf8')).toBe('# Ledger\n');
    await expect(reader.readTree(`${BASE}/acme/ledger/blob/main/`, { etag: head })).rejects.toMatchObject({
      name: 'NotModifiedError',
    });

    const docs = await (await reader.readTree(`${BASE}/acme/ledger/tree/main/docs`)).files();
    expect(docs.map(f => f.path)).toEqual(['index.md']);
    await expect(reader.readTree(`${BASE}/acme/ledger/blob/main/nope/`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(reader.readTree(`${BASE}/acme/ledger/blob/main/../../x/`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(reader.readTree(`${BASE}/acme/ledger/blob/--output=x/`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
