import type { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorResult, LocationSpec } from '@backstage/plugin-catalog-node';
import { mockServices } from '@backstage/backend-test-utils';
import { environmentOf, sortEnvironments } from '@golden-path/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GithubEnvironments } from './githubEnvironments.js';
import { GoldenPathEnvironmentsProcessor } from './GoldenPathEnvironmentsProcessor.js';
import { processorCache } from './testing/processorCache.js';

const TOKEN = 'ghp_standInToken0123456789';
const REPO = '/api/v3/repos/acme/payments-api';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations: { 'golden-path.dev/template': 'python-django-service' } },
  spec: { type: 'service', owner: 'group:default/payments-team', lifecycle: 'production' },
};
const location: LocationSpec = {
  type: 'url',
  target: 'https://ghe.example/acme/payments-api/blob/main/catalog-info.yaml',
};
const environment = (name: string, kind: string, more: Record<string, unknown> = {}) => ({
  name,
  kind,
  awsAccountId: '111122223333',
  awsRegion: 'eu-west-1',
  cpu: 1024,
  memory: 2048,
  desiredCount: 2,
  maxCount: 6,
  logRetentionDays: 30,
  ...more,
});
const main = [environment('staging', 'staging'), environment('production', 'production')];
const tenant = (name: string) =>
  environment(name, 'tenant', { owner: `group:default/${name}-ops`, monthlyCostCap: 1500, host: 'production' });
const file = (...entries: unknown[]) => stringify({ environments: [...main, ...entries] });
const sha = (n: number) => n.toString(16).padStart(40, '0');

/**
 * GitHub's REST API as the processor uses it (GitHub cannot be reached here): a branch's ref, the
 * refs under tenants/, and a file at a commit as raw bytes; every request recorded. No connection is
 * kept alive, so a closed server is one the next request cannot reach.
 */
const branches = new Map<string, string>();
const files = new Map<string, string>();
const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
const server: Server = createServer((req, res) => {
  const url = new URL(req.url!, 'http://stand-in');
  requests.push({ path: url.pathname + url.search, headers: req.headers });
  const send = (status: number, body: string, type = 'application/json') =>
    res.writeHead(status, { 'content-type': type, connection: 'close' }).end(body);
  const ref = (branch: string) => ({
    ref: `refs/heads/${branch}`,
    object: { sha: branches.get(branch), type: 'commit' },
  });
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, '{"message":"Bad credentials"}');
  if (url.pathname === `${REPO}/git/ref/heads/main`)
    return branches.has('main') ? send(200, JSON.stringify(ref('main'))) : send(404, '{"message":"Not Found"}');
  if (url.pathname === `${REPO}/git/matching-refs/heads/tenants/`)
    return send(200, JSON.stringify([...branches.keys()].filter(b => b.startsWith('tenants/')).map(ref)));
  if (url.pathname === `${REPO}/contents/infra/environments.yaml`) {
    if (req.headers.accept !== 'application/vnd.github.raw') return send(415, '{"message":"raw only here"}');
    const text = files.get(url.searchParams.get('ref') ?? '');
    return text === undefined ? send(404, '{"message":"Not Found"}') : send(200, text, 'application/vnd.github.raw');
  }
  send(404, '{"message":"Not Found"}');
});
const fileReads = () => requests.filter(r => r.path.includes('/contents/')).length;

let processor: GoldenPathEnvironmentsProcessor;
let logger: ReturnType<typeof mockServices.logger.mock>;
beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const config = mockServices.rootConfig({
    data: {
      integrations: {
        github: [
          {
            host: 'ghe.example',
            apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
            token: TOKEN,
          },
        ],
      },
    },
  });
  logger = mockServices.logger.mock();
  processor = new GoldenPathEnvironmentsProcessor({ github: GithubEnvironments.fromConfig(config), logger });
});
afterAll(() => server.close());
beforeEach(() => {
  branches.clear();
  files.clear();
  requests.length = 0;
  files.set(sha(1), file());
  files.set(sha(2), file(tenant('acme-bank')));
  branches.set('main', sha(1));
  branches.set('tenants/acme-bank', sha(2));
});

/** Processes the Component; its environments as the portal reads them, and its problems. */
async function process(cache = processorCache()) {
  const emitted: CatalogProcessorResult[] = [];
  const out = await processor.postProcessEntity(entity, location, r => emitted.push(r), cache);
  const resources = emitted.map(r => (r.type === 'entity' ? r.entity : undefined)).filter(r => r !== undefined);
  const views = sortEnvironments(resources.map(r => environmentOf(r, 'payments-api')).filter(v => v !== undefined));
  return { views, problems: out.metadata.annotations?.['golden-path.dev/environment-problems'] };
}

describe('GoldenPathEnvironmentsProcessor on GitHub', () => {
  it("lists main's environments and each tenants/* branch's tenant, with the integration's token", async () => {
    const { views, problems } = await process();
    expect(problems).toBeUndefined();
    expect(views.map(v => [v.name, v.branch, v.owner])).toEqual([
      ['staging', 'main', 'group:default/payments-team'],
      ['production', 'main', 'group:default/payments-team'],
      ['acme-bank', 'tenants/acme-bank', 'group:default/acme-bank-ops'],
    ]);
    // Main's file at main's commit and the tenant's at its branch's commit.
    expect(requests.map(r => r.path)).toEqual([
      `${REPO}/git/ref/heads/main`,
      `${REPO}/git/matching-refs/heads/tenants/?per_page=100`,
      `${REPO}/contents/infra/environments.yaml?ref=${sha(1)}`,
      `${REPO}/contents/infra/environments.yaml?ref=${sha(2)}`,
    ]);
    expect(requests.every(r => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('reads no file again while the refs are unchanged, and drops a deleted branch’s tenant', async () => {
    const cache = processorCache();
    await process(cache);
    expect(fileReads()).toBe(2);
    expect((await process(cache)).views).toHaveLength(3);
    expect(fileReads()).toBe(2); // only the two refs were asked again
    branches.delete('tenants/acme-bank');
    expect((await process(cache)).views.map(v => v.name)).toEqual(['staging', 'production']);
    expect(fileReads()).toBe(3);
  });

  it('reports hostile branches on the Component, lists the sound ones, and never shows the token', async () => {
    files.set(sha(3), 'environments: [\n  {');
    files.set(sha(4), `# ${'x'.repeat(300 * 1024)}\n${file(tenant('huge'))}`);
    branches.set('tenants/Bad_Name', sha(2));
    branches.set('tenants/no-entry', sha(1));
    branches.set('tenants/not-yaml', sha(3));
    branches.set('tenants/huge', sha(4));
    branches.set('tenants/no-file', sha(5));
    const { views, problems } = await process();
    expect(views.map(v => v.name)).toEqual(['staging', 'production', 'acme-bank']);
    expect(problems!.split('\n')).toEqual([
      "tenants/Bad_Name: the tenant's name (after tenants/) must be lowercase letters, digits and single hyphens, starting with a letter",
      'tenants/huge: infra/environments.yaml is larger than 262144 bytes',
      'tenants/no-entry: infra/environments.yaml has no environment named no-entry',
      'tenants/no-file: infra/environments.yaml is missing',
      expect.stringMatching(/^tenants\/not-yaml: infra\/environments.yaml is not YAML \(.+\)$/),
    ]);
    expect(JSON.stringify([problems, logger.warn.mock.calls])).not.toContain(TOKEN);
  });

  it('reads at most 100 tenant branches and says so', async () => {
    for (let i = 0; i < 101; i++) branches.set(`tenants/t${String(i).padStart(3, '0')}`, sha(2));
    const { views, problems } = await process();
    expect(views.map(v => v.name)).toEqual(['staging', 'production', 'acme-bank']);
    expect(fileReads()).toBe(1 + 100);
    expect(problems!.split('\n')[0]).toBe('tenants/*: more than 100 tenant branches; the first 100 by name are read');
  });

  it('keeps the last reading when GitHub answers with an error or cannot be reached', async () => {
    const cache = processorCache();
    expect((await process(cache)).views).toHaveLength(3);
    const rejected = new GoldenPathEnvironmentsProcessor({
      github: GithubEnvironments.fromConfig(
        mockServices.rootConfig({
          data: {
            integrations: {
              github: [
                {
                  host: 'ghe.example',
                  apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
                  token: 'ghp_revoked',
                },
              ],
            },
          },
        }),
      ),
      logger,
    });
    const answered = await rejected.postProcessEntity(entity, location, () => {}, cache);
    expect(answered.metadata.annotations?.['golden-path.dev/environment-problems']).toBe(
      'GitHub could not be reached (GitHub answered 401 to git/ref/heads/main)',
    );
    await new Promise(resolve => server.close(resolve)); // gone: the port refuses connections
    const { views, problems } = await process(cache);
    expect(views.map(v => v.name)).toEqual(['staging', 'production', 'acme-bank']);
    expect(problems).toBe('GitHub could not be reached (fetch failed ECONNREFUSED)');
  });
});
