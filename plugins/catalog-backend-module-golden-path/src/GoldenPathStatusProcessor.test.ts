import type { Entity } from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-node';
import { mockServices } from '@backstage/backend-test-utils';
import { GoldenPathEngine } from '@golden-path/engine';
import { LocalGitRemote } from '@golden-path/node';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRepository, git, releaseCopy, TEMPLATES } from '../../golden-path-upgrade/src/testing/repos.js';
import { GoldenPathStatusProcessor } from './GoldenPathStatusProcessor.js';
import { processorCache } from './testing/processorCache.js';

const BASE = 'http://localhost:7007/api/golden-path/git';
const ID = 'python-django-service';
const work = mkdtempSync(join(tmpdir(), 'gp-status-processor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('GoldenPathStatusProcessor', () => {
  let remote: LocalGitRemote;
  let clone: string;
  let processor: GoldenPathStatusProcessor;
  let version: string;
  const location: LocationSpec = { type: 'url', target: `${BASE}/acme/payments-api/blob/main/catalog-info.yaml` };
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations: { 'golden-path.dev/template': ID, 'golden-path.dev/version': 'x' } },
    spec: {},
  };
  const process = (e: Entity, cache = processorCache(), at = location) =>
    processor.preProcessEntity(e, at, () => {}, at, cache);
  const push = () => git(clone, 'push', '--quiet', 'origin', 'main');

  beforeAll(() => {
    // A repository created by today's python-django-service on the embedded remote...
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    version = engine.load(ID).version;
    const values = parse(readFileSync(join(TEMPLATES, ID, 'examples', 'payments-api.yaml'), 'utf8'));
    const created = createRepository(engine, ID, values, join(work, 'created'));
    mkdirSync(join(work, 'repos', 'acme'), { recursive: true });
    git(work, 'clone', '--quiet', '--bare', created, join(work, 'repos', 'acme', 'payments-api.git'));
    remote = new LocalGitRemote({ root: join(work, 'repos'), browseBaseUrl: BASE });
    clone = join(work, 'clone');
    git(work, 'clone', '--quiet', remote.repoPath('acme', 'payments-api'), clone);
    // ...and a portal whose templates have one release more.
    const latest = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), '99.0.0') });
    processor = new GoldenPathStatusProcessor({ remote, engine: latest, logger: mockServices.logger.mock() });
  });

  it('writes version, created-from, latest, behind and no drift for a repository as created', async () => {
    const out = await process(entity);
    expect(out.metadata.annotations).toMatchObject({
      'golden-path.dev/template': ID,
      'golden-path.dev/version': version,
      'golden-path.dev/created-from': version,
      'golden-path.dev/latest': '99.0.0',
      'golden-path.dev/behind': '1',
      'golden-path.dev/status': 'behind',
      'golden-path.dev/drift': 'none',
      'golden-path.dev/managed-drift': 'false',
      'golden-path.dev/commit': git(clone, 'rev-parse', 'HEAD'),
    });
  });

  it("shows the owners' pushed changes per class at the next processing, cached by commit", async () => {
    const cache = processorCache();
    await process(entity, cache);
    writeFileSync(join(clone, '.github/workflows/ci.yml'), 'on: push\n'); // managed
    writeFileSync(join(clone, 'payments_api/service.py'), '# ours\n'); // seeded
    writeFileSync(join(clone, 'NOTES.md'), 'ours\n'); // the owners' own file: not drift
    git(clone, 'add', '--all');
    git(clone, 'commit', '--quiet', '-m', 'Owners edit');
    push();
    const out = await process(entity, cache);
    expect(out.metadata.annotations).toMatchObject({
      'golden-path.dev/drift': 'managed=1,seeded=1',
      'golden-path.dev/managed-drift': 'true',
      'golden-path.dev/commit': git(clone, 'rev-parse', 'HEAD'),
    });
    // The same commit again: the cached status, even if the repository could no longer be read.
    const { status } = Object.fromEntries(cache.state) as { status: { key: string } };
    expect(status.key).toContain(git(clone, 'rev-parse', 'HEAD'));
    expect((await process(entity, cache)).metadata.annotations).toEqual(out.metadata.annotations);
  });

  it('marks a hand-broken manifest unreadable, without touching the rest', async () => {
    writeFileSync(join(clone, '.golden-path.yaml'), 'template: [not yaml\n');
    git(clone, 'commit', '--quiet', '-am', 'Break the manifest');
    push();
    const out = await process(entity);
    expect(out.metadata.annotations).toEqual({
      ...entity.metadata.annotations,
      'golden-path.dev/status': 'unreadable',
    });
    git(clone, 'revert', '--no-edit', 'HEAD');
    push();
  });

  it("reads a commit's status once: a registration's dry run, then the loop, each without a cache", async () => {
    const logger = mockServices.logger.mock();
    const watched = new GoldenPathStatusProcessor({
      remote,
      engine: new GoldenPathEngine({ templatesRoot: TEMPLATES }),
      logger,
    });
    writeFileSync(join(clone, '.golden-path.yaml'), 'template: [not yaml\n');
    git(clone, 'commit', '--quiet', '-am', 'Break the manifest');
    push();
    for (const _ of [1, 2]) {
      const out = await watched.preProcessEntity(entity, location, () => {}, location, processorCache());
      expect(out.metadata.annotations?.['golden-path.dev/status']).toBe('unreadable');
    }
    expect(logger.warn).toHaveBeenCalledTimes(1); // the manifest was read once
    git(clone, 'revert', '--no-edit', 'HEAD');
    push();
    await watched.preProcessEntity(entity, location, () => {}, location, processorCache());
    expect(logger.warn).toHaveBeenCalledTimes(1); // a new commit: read again, and readable
  });

  it("says created-from from golden-path/base's first commit, once main and the base have moved on", async () => {
    const original = git(clone, 'rev-parse', 'HEAD');
    // An upgrade's new base (a later render) and an owners' commit on main: neither is the origin.
    git(clone, 'checkout', '--quiet', '-b', 'upgraded-base', 'origin/golden-path/base');
    const manifest = readFileSync(join(clone, '.golden-path.yaml'), 'utf8');
    writeFileSync(join(clone, '.golden-path.yaml'), manifest.replace(`version: ${version}`, 'version: 98.0.0'));
    git(clone, 'commit', '--quiet', '-am', 'A later render');
    git(clone, 'push', '--quiet', 'origin', 'upgraded-base:golden-path/base');
    git(clone, 'checkout', '--quiet', 'main');
    writeFileSync(join(clone, 'OWNERS.md'), 'payments\n');
    git(clone, 'add', 'OWNERS.md');
    git(clone, 'commit', '--quiet', '-m', 'Owners add a file');
    push();
    const out = await process(entity);
    expect(manifest).toContain(`version: ${version}`);
    expect(out.metadata.annotations).toMatchObject({
      'golden-path.dev/version': version,
      'golden-path.dev/created-from': version,
      'golden-path.dev/commit': git(clone, 'rev-parse', 'HEAD'),
    });
    git(clone, 'push', '--quiet', '--force', 'origin', `${original}:refs/heads/golden-path/base`);
  });

  it('leaves other entities and locations alone', async () => {
    const plain = { ...entity, metadata: { name: 'x' } };
    expect(await process(plain)).toBe(plain);
    const group = { ...entity, kind: 'Group' };
    expect(await process(group)).toBe(group);
    const github = { type: 'url', target: 'https://github.com/acme/payments-api/blob/main/catalog-info.yaml' };
    expect(await process(entity, processorCache(), github)).toBe(entity);
    const missing = { type: 'url', target: `${BASE}/acme/nope/blob/main/catalog-info.yaml` };
    expect(await process(entity, processorCache(), missing)).toBe(entity);
  });
});
