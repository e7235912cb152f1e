// The preview route over real HTTP with the real engine; the validators are counted (and, for
// cancellation, held) so the test sees how often and how long the gate runs. The reuse by the
// task with the real validators is in preview.verdicts.test.ts.
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { Preview, PreviewRefusal } from '@golden-path/common';
import { GoldenPathEngine } from '@golden-path/engine';
import type { ValidateOptions } from '@golden-path/validators';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckDeps } from '../actions/check.js';
import { GateQueue } from '../check/gateQueue.js';
import type { CheckResult } from '../check/validateInChildProcess.js';
import { VerdictStore } from '../check/verdicts.js';
import { fixtureTemplates } from '../testing/context.js';
import { previewRoute } from './previewRoute.js';

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

/** The route behind a plain HTTP server, as Backstage's router would call it (path, status, json). */
async function serve(validate: Validate, httpAuth?: Partial<HttpAuthService>) {
  const engine = new GoldenPathEngine({ templatesRoot: fixtureTemplates('tiny-service', { secret: false }) });
  const check: CheckDeps = {
    engine,
    validate,
    queue: new GateQueue(2),
    verdicts: {
      store: new VerdictStore({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1 << 20 }),
      versions: async () => ({ v: '1' }),
    },
  };
  const handler = previewRoute({
    check,
    httpAuth: { credentials: async () => ({}) as never, ...httpAuth } as HttpAuthService,
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
        res.statusCode = error
          ? error.name === 'InputError'
            ? 400
            : error.name === 'NotAllowedError'
              ? 403
              : 500
          : 404;
        res.end(JSON.stringify({ error: { name: error?.name, message: error?.message } }));
      }) as never,
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/golden-path/v1/preview`;
  const post = (body: unknown, signal?: AbortSignal) =>
    fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });
  return { post, check };
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
    expect((await post({ template: 'no-such-path', values: VALUES })).status).toBe(400);
    expect((await post({ template: 'tiny-service', values: [] })).status).toBe(400);
  });

  it('refuses a caller the backend does not accept as a user', async () => {
    const { post } = await serve(async () => PASSED, {
      credentials: async () => {
        throw new NotAllowedError('only users');
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
});
