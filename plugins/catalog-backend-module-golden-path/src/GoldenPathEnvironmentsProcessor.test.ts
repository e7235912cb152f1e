import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorResult, LocationSpec } from '@backstage/plugin-catalog-node';
import { mockServices } from '@backstage/backend-test-utils';
import { environmentOf, sortEnvironments, type EnvironmentView } from '@golden-path/common';
import { GoldenPathEngine } from '@golden-path/engine';
import { LocalGitRemote, mainEnvironments } from '@golden-path/node';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { createRepository, git, TEMPLATES } from '../../golden-path-upgrade/src/testing/repos.js';
import { GoldenPathEnvironmentsProcessor } from './GoldenPathEnvironmentsProcessor.js';
import { processorCache } from './testing/processorCache.js';

const BASE = 'http://localhost:7007/api/golden-path/git';
const ID = 'python-django-service';
const FILE = 'infra/environments.yaml';
const work = mkdtempSync(join(tmpdir(), 'gp-environments-processor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('GoldenPathEnvironmentsProcessor', () => {
  let remote: LocalGitRemote;
  let clone: string;
  let processor: GoldenPathEnvironmentsProcessor;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let rendered: string;
  const github: LocationSpec = {
    type: 'url',
    target: 'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
  };
  const location: LocationSpec = { type: 'url', target: `${BASE}/acme/payments-api/blob/main/catalog-info.yaml` };
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations: { 'golden-path.dev/template': ID } },
    spec: { type: 'service', owner: 'group:default/payments-team', system: 'payments', lifecycle: 'production' },
  };

  /** Processes the Component; what it became, and the environments it emitted as the portal reads them. */
  async function process(e = entity, cache = processorCache(), at = location) {
    const emitted: CatalogProcessorResult[] = [];
    const out = await processor.postProcessEntity(e, at, r => emitted.push(r), cache);
    const resources = emitted.map(r => (r.type === 'entity' ? r.entity : undefined)).filter(r => r !== undefined);
    const views = sortEnvironments(resources.map(r => environmentOf(r, 'payments-api')).filter(v => v !== undefined));
    return { out, resources, views, problems: out.metadata.annotations?.['golden-path.dev/environment-problems'] };
  }
  /** Commits `files` on `branch` (made from main when new) and pushes it. */
  function pushBranch(branch: string, files: Record<string, string>) {
    git(clone, 'checkout', '--quiet', '-B', branch, 'origin/main');
    for (const [path, text] of Object.entries(files)) writeFileSync(join(clone, path), text);
    git(clone, 'commit', '--quiet', '--allow-empty', '-am', `On ${branch}`);
    git(clone, 'push', '--quiet', '--force', 'origin', `${branch}:${branch}`);
    git(clone, 'checkout', '--quiet', 'main');
  }
  /** Main's file with one more entry: what a tenant's branch holds (the golden path's docs). */
  const withEntry = (entry: Record<string, unknown>) => {
    const data = parse(rendered) as { environments: unknown[] };
    return stringify({ environments: [...data.environments, entry] });
  };
  const acmeBank = {
    name: 'acme-bank',
    kind: 'tenant',
    awsAccountId: '444455556666',
    awsRegion: 'eu-central-1',
    cpu: 1024,
    memory: 2048,
    desiredCount: 2,
    maxCount: 4,
    logRetentionDays: 365,
    approvers: ['acme-fintech/acme-bank-leads'],
    owner: 'group:default/acme-bank-ops',
    monthlyCostCap: 1500,
    host: 'production',
  };

  beforeAll(() => {
    // A repository created by today's python-django-service on the embedded remote.
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const values = parse(readFileSync(join(TEMPLATES, ID, 'examples', 'payments-api.yaml'), 'utf8'));
    const created = createRepository(engine, ID, values, join(work, 'created'));
    rendered = readFileSync(join(created, FILE), 'utf8');
    mkdirSync(join(work, 'repos', 'acme'), { recursive: true });
    git(work, 'clone', '--quiet', '--bare', created, join(work, 'repos', 'acme', 'payments-api.git'));
    remote = new LocalGitRemote({ root: join(work, 'repos'), browseBaseUrl: BASE });
    clone = join(work, 'clone');
    git(work, 'clone', '--quiet', remote.repoPath('acme', 'payments-api'), clone);
    logger = mockServices.logger.mock();
    processor = new GoldenPathEnvironmentsProcessor({ remote, logger });
  });

  it("makes each environment the golden path rendered a Resource of the service, owned by the service's owner", async () => {
    const { out, resources, views, problems } = await process();
    expect(out).toBe(entity); // nothing to report
    expect(problems).toBeUndefined();
    expect(views).toEqual<EnvironmentView[]>([
      {
        ref: 'resource:default/payments-api-staging',
        name: 'staging',
        kind: 'staging',
        branch: 'main',
        order: 1,
        owner: 'group:default/payments-team',
        awsRegion: 'eu-west-1',
        taskSize: '0.5 vCPU, 1 GB',
        scaling: '2-6',
        logRetentionDays: 30,
        approvers: [],
      },
      expect.objectContaining({ name: 'production', kind: 'production', order: 2, logRetentionDays: 90 }),
    ]);
    expect(resources[0]).toMatchObject({
      kind: 'Resource',
      spec: {
        type: 'environment',
        owner: 'group:default/payments-team',
        dependencyOf: ['component:default/payments-api'],
        system: 'payments',
      },
    });
  });

  it("reads a repository's environments once for a registration's dry run and the loop, each without a cache", async () => {
    const reads = vi.spyOn(remote, 'readFile');
    try {
      pushBranch('main', {}); // a commit no processing has read yet
      const first = await process(entity, processorCache());
      const second = await process(entity, processorCache());
      expect(second.resources).toEqual(first.resources);
      expect(reads).toHaveBeenCalledTimes(1); // main's file, read once
      pushBranch('main', {});
      await process(entity, processorCache());
      expect(reads).toHaveBeenCalledTimes(2); // a new commit is read again
    } finally {
      reads.mockRestore();
    }
  });

  it("adds a tenant from its tenants/<tenant> branch, owned by the tenant's group, and drops it when the branch goes", async () => {
    pushBranch('tenants/acme-bank', { [FILE]: withEntry(acmeBank) });
    const cache = processorCache();
    const { views, resources, problems } = await process(entity, cache);
    expect(problems).toBeUndefined();
    expect(views.map(v => v.name)).toEqual(['staging', 'production', 'acme-bank']);
    expect(views[2]).toEqual({
      ref: 'resource:default/payments-api-acme-bank',
      name: 'acme-bank',
      kind: 'tenant',
      branch: 'tenants/acme-bank',
      owner: 'group:default/acme-bank-ops',
      awsAccountId: '444455556666',
      awsRegion: 'eu-central-1',
      taskSize: '1 vCPU, 2 GB',
      scaling: '2-4',
      logRetentionDays: 365,
      approvers: ['acme-fintech/acme-bank-leads'],
      monthlyCostCap: 1500,
      host: 'production',
    });
    expect(resources[2]).toMatchObject({ spec: { type: 'tenant', dependencyOf: ['component:default/payments-api'] } });
    // Read from the commits of main and the branch: unchanged, they are not read again.
    const key = (cache.state.get('environments') as { key: string }).key;
    expect(key).toContain(git(clone, 'rev-parse', 'origin/tenants/acme-bank'));

    git(clone, 'push', '--quiet', 'origin', '--delete', 'tenants/acme-bank');
    expect((await process(entity, cache)).views.map(v => v.name)).toEqual(['staging', 'production']);
  });

  it('reports what a hostile push holds on the Component, and still lists every entry that is sound', async () => {
    pushBranch('tenants/globex', { [FILE]: rendered }); // no entry for the tenant
    pushBranch('tenants/initech', { [FILE]: withEntry({ ...acmeBank, name: 'initech', owner: '../../etc/passwd' }) });
    pushBranch('tenants/umbrella', {
      [FILE]: withEntry({ ...acmeBank, name: 'umbrella', kind: 'production', host: undefined }),
    });
    pushBranch('tenants/hooli', { [FILE]: 'environments: [unclosed\n' });
    pushBranch('tenants/Bad_Name', { [FILE]: withEntry({ ...acmeBank, name: 'Bad_Name' }) });
    pushBranch('tenants/pr-12', { [FILE]: withEntry({ ...acmeBank, name: 'pr-12' }) }); // a preview's stack name
    pushBranch('tenants/wayne', { [FILE]: withEntry({ ...acmeBank, name: 'wayne' }) }); // sound
    // Main: a billion laughs, refused by the YAML library's alias bound, reported as not YAML.
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${'bcdefghij'[i - 1]}: &${'bcdefghij'[i - 1]} [${Array(9)
          .fill(`*${i === 1 ? 'a' : 'bcdefghij'[i - 2]}`)
          .join(',')}]`,
      );
    pushBranch('main', { [FILE]: `${laughs.join('\n')}\nenvironments: *j\n` });
    let result = await process();
    expect(result.views.map(v => v.name)).toEqual(['wayne']);
    expect(result.problems!.split('\n')).toEqual([
      expect.stringMatching(/^main: infra\/environments.yaml is not YAML \(/),
      "tenants/Bad_Name: the tenant's name (after tenants/) must be lowercase letters, digits and single hyphens, starting with a letter",
      'tenants/globex: infra/environments.yaml has no environment named globex',
      expect.stringMatching(/^tenants\/hooli: infra\/environments.yaml is not YAML/),
      expect.stringMatching(
        /^tenants\/initech: infra\/environments.yaml environment initech: owner "..\/..\/etc\/passwd" must be a group/,
      ),
      "tenants/pr-12: 'pr-12' is reserved: payments-api-pr-12 is the name of a pull request's preview stack",
      "tenants/umbrella: infra/environments.yaml environment umbrella: kind must be tenant on a tenant's branch",
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('component:default/payments-api: tenants/globex:'),
    );

    // Main's entries one by one: the bad ones are named, the sound ones listed.
    const data = parse(rendered) as { environments: Record<string, unknown>[] };
    const [staging, production] = data.environments;
    pushBranch('main', {
      [FILE]: stringify({
        environments: [
          { ...staging, kind: 'sandbox' },
          production,
          { ...production, name: 'dr', cpu: 3 },
          { ...production, name: 'eu', maxCount: 'many' },
        ],
      }),
    });
    result = await process();
    expect(result.views.map(v => v.name)).toEqual(['production', 'wayne']);
    expect(result.problems!.split('\n')).toHaveLength(3 + 6); // and the six tenant branches' as before
    expect(result.problems!.split('\n').slice(0, 3)).toEqual([
      'main: infra/environments.yaml environment 1 (staging): kind "sandbox" must be one of staging, production, tenant, preview',
      'main: infra/environments.yaml environment 3 (dr): cpu 3 and memory 1024: not a Fargate task size',
      'main: infra/environments.yaml environment 4 (eu): maxCount "many" must be a whole number, at least desiredCount (2) and at most 100',
    ]);
    pushBranch('main', { [FILE]: rendered });
  });

  it('reads back, with no problem, every entry the engine renders, a tenant listed on main included', () => {
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const values = parse(readFileSync(join(TEMPLATES, ID, 'examples', 'payments-api.yaml'), 'utf8'));
    const environments = [
      { name: 'preview', kind: 'preview', desiredCount: 1, maxCount: 1 },
      { name: 'staging', kind: 'staging' },
      { name: 'production', kind: 'production', awsAccountId: '111122223333', approvers: ['acme-fintech/leads'] },
      { name: 'globex', kind: 'tenant', owner: 'group:globex-ops', monthlyCostCap: 250.5, awsRegion: 'us-east-1' },
    ];
    const plan = engine.plan(engine.prepare(engine.load(ID), { ...values, environments }));
    const file = plan.files.find(f => f.path === FILE)!.content;
    const read = mainEnvironments(file);
    expect(read.problems).toEqual([]);
    expect(read.environments.map(e => [e.entry.name, e.entry.kind, e.order])).toEqual([
      ['staging', 'staging', 1],
      ['production', 'production', 2],
      ['globex', 'tenant', 3],
      // The preview entry is written after the environments main deploys.
      ['preview', 'preview', 4],
    ]);
    expect(read.environments[2]!.entry).toMatchObject({ owner: 'group:globex-ops', monthlyCostCap: 250.5 });
    expect(read.environments[3]!.entry).toMatchObject({ host: 'staging', ttlHours: 72 });
    expect(read.environments[1]!.entry).toMatchObject({
      awsAccountId: '111122223333',
      approvers: ['acme-fintech/leads'],
    });
  });

  it('leaves other entities and locations alone', async () => {
    const group = { ...entity, kind: 'Group' };
    expect((await process(group)).resources).toEqual([]);
    const plain = { ...entity, metadata: { name: 'x' } };
    expect((await process(plain)).resources).toEqual([]);
    // Elsewhere, without the catalog's URL reader: nothing is read.
    const onGithub = await process(entity, processorCache(), github);
    expect(onGithub.out).toBe(entity);
    expect(onGithub.resources).toEqual([]);
  });

  it("reads main's environments elsewhere (GitHub) through the catalog's URL reader, again only when the ETag changes", async () => {
    // GitHub as the URL reader answers it (unreachable here): main's file of the same repository, its blob id the ETag.
    const gitDir = remote.repoPath('acme', 'payments-api');
    const asked: string[] = [];
    let offline = false;
    const reader = {
      readUrl: async (url: string, options: { etag?: string } = {}) => {
        asked.push(`${url} ${options.etag ?? '-'}`);
        if (offline) throw Object.assign(new Error('getaddrinfo EAI_AGAIN api.github.com'), { name: 'Error' });
        const path = url.replace('https://github.com/acme/payments-api/blob/main/', '');
        const etag = git(gitDir, 'rev-parse', `main:${path}`);
        if (options.etag === etag) throw Object.assign(new Error('Not modified'), { name: 'NotModifiedError' });
        const content = Buffer.from(git(gitDir, 'show', `main:${path}`));
        return { etag, buffer: async () => content };
      },
    } as unknown as UrlReaderService;
    processor = new GoldenPathEnvironmentsProcessor({ remote, reader, logger });
    try {
      const cache = processorCache();
      const first = await process(entity, cache, github);
      expect(first.views.map(v => [v.name, v.branch, v.order])).toEqual([
        ['staging', 'main', 1],
        ['production', 'main', 2],
      ]);
      expect((await process(entity, cache, github)).views).toEqual(first.views); // 304: the cached reading
      const etag = git(gitDir, 'rev-parse', `main:${FILE}`);
      expect(asked).toEqual([
        `https://github.com/acme/payments-api/blob/main/${FILE} -`,
        `https://github.com/acme/payments-api/blob/main/${FILE} ${etag}`,
      ]);
      // GitHub unreachable: the last reading stands, and the Component says why it is not fresh.
      offline = true;
      const stale = await process(entity, cache, github);
      expect(stale.views).toEqual(first.views);
      expect(stale.problems).toMatch(/^main: infra\/environments.yaml could not be read \(getaddrinfo EAI_AGAIN/);
    } finally {
      processor = new GoldenPathEnvironmentsProcessor({ remote, logger });
    }
  });
});
