import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { UnknownGoldenPathError, type GoldenPath } from '@golden-path/engine';
import type { LocalGitRemote } from '@golden-path/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRouter } from '../testing/serveRouter.js';
import { RateLimiter } from './rateLimit.js';
import { createRouter } from './router.js';

const files: Record<string, string> = {
  'catalog-info.yaml': 'kind: Component\n',
  'docs/<b>.md': '<script>alert(1)</script>',
};
const remote = {
  cloneUrl: () => 'file:///repos/acme/ledger.git',
  readFile: async ({ path, ref }: { path: string; ref: string }) =>
    ref === 'main' && files[path] !== undefined ? { content: Buffer.from(files[path]!), commit: 'c0ffee' } : undefined,
  listFiles: async (_o: string, _n: string, ref: string) =>
    ref === 'main' ? { files: Object.keys(files), commit: 'c0ffee' } : undefined,
} as unknown as LocalGitRemote;

const template = {
  nameField: 'name',
  parameters: { properties: { name: { pattern: '^[a-z]+$' }, githubOrg: { default: 'acme' } } },
} as unknown as GoldenPath;

/** The golden paths this router knows: t, and broken (a defect whose message names a server path). */
function loadTemplate(id: string): GoldenPath {
  if (id === 't') return template;
  if (id === 'broken') throw new Error('/srv/templates/broken/template.yaml: must be a Template entity');
  throw new UnknownGoldenPathError(id, ['t']);
}

describe('the golden-path router', () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    ({ base, close } = await serveRouter(
      createRouter({
        localRemote: remote,
        httpAuth: mockServices.httpAuth(),
        logger: mockServices.logger.mock(),
        rateLimit: new RateLimiter({ burst: 5, perSecond: 0.001, maxCallers: 10 }),
        names: {
          loadTemplate,
          fieldProblem: (_gp, _field, value) => (/^[a-z]+$/.test(String(value)) ? undefined : 'must match ^[a-z]+$'),
          inCatalog: async () => false,
          inRemote: async () => false,
        },
      }),
    ));
  });
  afterAll(() => close());

  const asUser = (user: string) => ({ headers: { Authorization: mockCredentials.user.header(user) } });

  it('checks names for a signed-in user, and requires the template', async () => {
    expect(await (await fetch(`${base}/v1/names/ledger?template=t`, asUser('user:default/ada'))).json()).toEqual({
      name: 'ledger',
      valid: true,
      available: true,
      problems: [],
    });
    const missing = await fetch(`${base}/v1/names/ledger`, asUser('user:default/ada'));
    expect(missing.status).toBe(400);
  });

  it('refuses anonymous callers and services: only people check names', async () => {
    const anonymous = await fetch(`${base}/v1/names/ledger?template=t`, {
      headers: { Authorization: mockCredentials.none.header() },
    });
    expect(anonymous.status).toBe(401);
    const service = await fetch(`${base}/v1/names/ledger?template=t`, {
      headers: { Authorization: mockCredentials.service.header() },
    });
    expect(service.status).toBe(403);
  });

  it('answers a bad template with 404 naming the field, never a server path', async () => {
    const answers = await Promise.all(
      ['..%2F..%2Fetc', 'nope', 'broken'].map(async t => {
        const r = await fetch(`${base}/v1/names/ledger?template=${t}`, asUser('user:default/lin'));
        return [r.status, ((await r.json()) as { error: { message: string } }).error.message];
      }),
    );
    expect(answers).toEqual([
      [404, 'template: golden path "../../etc" not found; available: t'],
      [404, 'template: golden path "nope" not found; available: t'],
      [404, 'template: golden path "broken" is not available; the platform team must fix it'],
    ]);
  });

  it('refuses an organisation it does not publish to, naming the field', async () => {
    const r = await fetch(`${base}/v1/names/ledger?template=t&org=other`, asUser('user:default/lin'));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
      'org: "other" is not an organisation this portal publishes to; allowed: acme',
    );
  });

  it('limits each user to their own budget, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(`${base}/v1/names/ledger?template=t`, asUser('user:default/sam'))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await fetch(`${base}/v1/names/ledger?template=t`, asUser('user:default/sam'));
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect((await fetch(`${base}/v1/names/ledger?template=t`, asUser('user:default/someone-else'))).status).toBe(200);
  });

  it('serves files as plain text, never as a page the browser would run', async () => {
    const r = await fetch(`${base}/git/acme/ledger/blob/main/docs/%3Cb%3E.md`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toBe('<script>alert(1)</script>');
    expect((await fetch(`${base}/git/acme/ledger/blob/main/nope.md`)).status).toBe(404);
  });

  it('lists a tree with every name escaped', async () => {
    const page = await (await fetch(`${base}/git/acme/ledger/tree/main`)).text();
    expect(page).toContain('&lt;b&gt;.md');
    expect(page).not.toContain('<b>');
    expect(page).toContain('href="../blob/main/docs/%3Cb%3E.md"');
    expect((await fetch(`${base}/git/acme/ledger/tree/other`)).status).toBe(404);
  });
});
