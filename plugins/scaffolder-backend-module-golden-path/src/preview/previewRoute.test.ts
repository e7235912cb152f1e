// The preview route over real HTTP with the real engine; the validators are counted (and, for
// cancellation, held) so the test sees how often and how long the gate runs. The reuse by the
// task with the real validators is in preview.verdicts.test.ts.
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Preview, PreviewRefusal } from '@golden-path/common';
import { GoldenPathEngine } from '@golden-path/engine';
import type { ValidateOptions } from '@golden-path/validators';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckDeps } from '../actions/check.js';
import { GateQueue } from '../check/gateQueue.js';
import type { CheckResult } from '../check/validateInChildProcess.js';
import { VerdictStore } from '../check/verdicts.js';
import { fixtureTemplates } from '../testing/context.js';
import { previewRoute } from './previewRoute.js';
import { PreviewSlots, type PreviewLimits } from './previewSlots.js';

const PASSED: CheckResult = {
  report: {
    ok: true,
    results: [
      { validator: 'catalog-info', files: 1, durationMs: 5, findings: [] },
      {
        validator: 'markdown',
        files: 1,
        durationMs: 7,
        findings: [{ validator: 'markdown', file: 'README.md', line: 3, severity: 'warning', message: 'short' }],
      },
    ],
  },
  text: 'passed',
};

type Validate = CheckDeps['validate'];

/** The Templates in the catalog: every golden path of the fixture root unless a test says otherwise. */
const template = (name: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default' },
  spec: {},
});

interface ServeOptions {
  httpAuth?: Partial<HttpAuthService>;
  /** The permission policy's answer to taskCreatePermission per user (default: allowed). */
  mayCreate?: (user: string) => boolean;
  /** Templates the catalog holds (default: both fixture golden paths). */
  templates?: string[];
  limits?: PreviewLimits;
}

/**
 * The route behind a plain HTTP server, as Backstage's router would call it (path, status, json),
 * over two fixture golden paths (tiny-service, other-service). The user is the `x-user` header.
 */
async function serve(validate: Validate, options: ServeOptions = {}) {
  const root = fixtureTemplates('tiny-service', { secret: false });
  cpSync(join(root, 'tiny-service'), join(root, 'other-service'), { recursive: true });
  const other = join(root, 'other-service', 'template.yaml');
  writeFileSync(other, readFileSync(other, 'utf8').replace('name: tiny-service', 'name: other-service'));
  const engine = new GoldenPathEngine({ templatesRoot: root });
  const check: CheckDeps = {
    engine,
    validate,
    queue: new GateQueue(2),
    verdicts: {
      store: new VerdictStore({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1 << 20 }),
      versions: async () => ({ v: '1' }),
    },
  };
  const asked: string[] = [];
  const permissions = {
    authorize: async (requests: { permission: { name: string } }[], { credentials }: { credentials: never }) =>
      requests.map(r => {
        const user = (credentials as { principal: { userEntityRef: string } }).principal.userEntityRef;
        asked.push(`${r.permission.name} ${user}`);
        return { result: (options.mayCreate ?? (() => true))(user) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
  };
  const slots = new PreviewSlots(options.limits ?? { maxPerUser: 2, retryAfterSeconds: 7 });
  const handler = previewRoute({
    check,
    httpAuth: {
      credentials: async (req: IncomingMessage) => ({
        principal: { type: 'user', userEntityRef: String(req.headers['x-user'] ?? 'user:default/ada') },
      }),
      ...options.httpAuth,
    } as unknown as HttpAuthService,
    permissions: permissions as never,
    catalog: catalogServiceMock({ entities: (options.templates ?? ['tiny-service', 'other-service']).map(template) }),
    slots,
  });
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const r = Object.assign(req, { path: new URL(req.url!, 'http://x').pathname });
    const s = Object.assign(res, {
      status: (code: number) => ((res.statusCode = code), s),
      json: (body: unknown) => res.setHeader('content-type', 'application/json').end(JSON.stringify(body)),
    });
    handler(
      r as never,
      s as never,
      ((error?: Error) => {
        const statuses: Record<string, number> = {
          InputError: 400,
          NotAllowedError: 403,
          NotFoundError: 404,
          ConflictError: 409,
        };
        res.statusCode = error ? (statuses[error.name] ?? 500) : 404;
        res.end(JSON.stringify({ error: { name: error?.name, message: error?.message } }));
      }) as never,
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/golden-path/v1/preview`;
  const post = (body: unknown, signal?: AbortSignal, user = 'user:default/ada') =>
    fetch(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-user': user },
      signal,
    });
  return { post, check, asked, slots };
}

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach(s => s.close()));

const VALUES = { name: 'ledger-api', replicas: 3 };

describe('POST /golden-path/v1/preview', () => {
  it('answers the files with their text and the verdict per validator with its problems by file and line', async () => {
    const runs: Omit<ValidateOptions, 'signal'>[] = [];
    const { post } = await serve(async (_dir, options) => (runs.push(options), PASSED));
    const response = await post({ template: 'tiny-service', values: VALUES });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.template).toEqual({ id: 'tiny-service', version: '2.1.0' });
    expect(preview.files.map(f => f.path)).toEqual(['.golden-path.yaml', 'README.md', 'catalog-info.yaml']);
    expect(preview.files.find(f => f.path === 'README.md')?.text).toBe('# Ledger Api\n\nReplicas: 3\n');
    expect(preview.verdict).toMatchObject({
      passed: true,
      reused: false,
      validators: [
        { validator: 'catalog-info', passed: true, errors: 0, warnings: 0 },
        { validator: 'markdown', passed: true, errors: 0, warnings: 1 },
      ],
      problems: [{ validator: 'markdown', file: 'README.md', line: 3, severity: 'warning', message: 'short' }],
    });
    expect(runs).toHaveLength(1);

    // The same values again, in another order (the form's validation sends them so): the same
    // render, its stored verdict, no second run.
    const again = (await (
      await post({ template: 'tiny-service', values: { replicas: 3, name: 'ledger-api' } })
    ).json()) as Preview;
    expect(again.verdict.reused).toBe(true);
    expect(runs).toHaveLength(1);
  });

  it('answers 422 with each field and why while the values are not valid, and runs nothing', async () => {
    let runs = 0;
    const { post } = await serve(async () => (runs++, PASSED));
    const response = await post({ template: 'tiny-service', values: { name: 'Ledger API', replicas: 1 } });
    expect(response.status).toBe(422);
    const { issues } = (await response.json()) as PreviewRefusal;
    expect(issues.map(i => i.field).sort()).toEqual(['name', 'replicas']);
    expect(runs).toBe(0);
    expect((await post({ template: 'no-such-path', values: VALUES })).status).toBe(404);
    expect((await post({ template: 'tiny-service', values: [] })).status).toBe(400);
  });

  it('refuses a caller the backend does not accept as a user', async () => {
    const { post } = await serve(async () => PASSED, {
      httpAuth: {
        credentials: async () => {
          throw new NotAllowedError('only users');
        },
      },
    });
    expect((await post({ template: 'tiny-service', values: VALUES })).status).toBe(403);
  });

  it('shares one gate run between callers of the same render, and cancels it when every caller has gone', async () => {
    const signals: AbortSignal[] = [];
    const { post } = await serve(
      (_dir, _options, signal) =>
        new Promise((_resolve, reject) => {
          signals.push(signal!);
          signal!.addEventListener('abort', () => reject(new Error('cancelled')));
        }),
    );
    const first = new AbortController();
    const second = new AbortController();
    const requests = [first, second].map(c =>
      post({ template: 'tiny-service', values: VALUES }, c.signal).catch(e => e),
    );
    await expect.poll(() => signals.length).toBe(1);
    first.abort();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(signals[0]!.aborted).toBe(false); // the second caller still waits
    second.abort();
    await expect.poll(() => signals[0]!.aborted).toBe(true);
    await Promise.all(requests);
    expect(signals).toHaveLength(1);
  });

  it("refuses a user without the scaffolder's taskCreatePermission (403) and runs no gate", async () => {
    let runs = 0;
    const { post, asked } = await serve(async () => (runs++, PASSED), {
      mayCreate: user => user !== 'user:default/nobody',
    });
    const refused = await post({ template: 'tiny-service', values: VALUES }, undefined, 'user:default/nobody');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'you may not create tasks, so there is no preview for you',
    );
    expect(runs).toBe(0);
    expect(asked).toEqual(['scaffolder.task.create user:default/nobody']);
    expect((await post({ template: 'tiny-service', values: VALUES })).status).toBe(200);
    expect(runs).toBe(1);
  });

  it('answers 404 for a golden path whose Template the user cannot read in the catalog, and runs no gate', async () => {
    let runs = 0;
    const { post } = await serve(async () => (runs++, PASSED), { templates: ['other-service'] });
    const hidden = await post({ template: 'tiny-service', values: VALUES });
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { message: string } }).error.message).toContain(
      'template:default/tiny-service is not in the catalog',
    );
    expect(runs).toBe(0);
  });

  it('holds each user to maxPerUser previews at once: one more is answered 429 with Retry-After', async () => {
    const held: { signal: AbortSignal; finish(): void }[] = [];
    const { post, slots } = await serve(
      (_dir, _options, signal) => new Promise(resolve => held.push({ signal: signal!, finish: () => resolve(PASSED) })),
      { limits: { maxPerUser: 1, retryAfterSeconds: 7 } },
    );
    const first = post({ template: 'tiny-service', values: VALUES });
    await expect.poll(() => held.length).toBe(1);

    const refused = await post({ template: 'other-service', values: VALUES });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'you have 1 previews running (tiny-service), the most one user may; try again in 7 seconds',
    );
    expect(held).toHaveLength(1);
    // Another user is not held to Ada's previews.
    const sams = post({ template: 'other-service', values: VALUES }, undefined, 'user:default/sam');
    await expect.poll(() => held.length).toBe(2);

    held.forEach(h => h.finish());
    expect((await first).status).toBe(200);
    expect((await sams).status).toBe(200);
    expect(slots.running('user:default/ada')).toBe(0);
    expect((await post({ template: 'other-service', values: VALUES })).status).toBe(200);
  });

  it("replaces a user's running preview of a form by a newer one with other values (409, its gate cancelled); the same values join it", async () => {
    const held: { signal: AbortSignal; finish(): void }[] = [];
    const { post, slots } = await serve(
      (_dir, _options, signal) =>
        new Promise((resolve, reject) => {
          held.push({ signal: signal!, finish: () => resolve(PASSED) });
          signal!.addEventListener('abort', () => reject(new Error('cancelled')));
        }),
      { limits: { maxPerUser: 1, retryAfterSeconds: 7 } },
    );
    const first = post({ template: 'tiny-service', values: VALUES });
    await expect.poll(() => held.length).toBe(1);
    // The form's validation asks for the same values while the field's preview runs: one preview.
    const same = post({ template: 'tiny-service', values: VALUES });
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(held).toHaveLength(1);
    expect(slots.running('user:default/ada')).toBe(1);

    // The values changed: the older render is cancelled and answered 409, the newer one runs.
    const newer = post({ template: 'tiny-service', values: { ...VALUES, replicas: 4 } });
    await expect.poll(() => held.length).toBe(2);
    expect(held[0]!.signal.aborted).toBe(true);
    for (const superseded of [await first, await same]) {
      expect(superseded.status).toBe(409);
      expect(((await superseded.json()) as { error: { message: string } }).error.message).toBe(
        'a newer preview of tiny-service with other values replaced this one',
      );
    }
    held[1]!.finish();
    const preview = (await (await newer).json()) as Preview;
    expect(preview.files.find(f => f.path === 'README.md')?.text).toContain('Replicas: 4');
    expect(slots.running('user:default/ada')).toBe(0);
  });
});
