import type { GoldenPath } from '@golden-path/engine';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalGitRemote } from '../remote/LocalGitRemote.js';
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

describe('the golden-path router', () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.use(
      createRouter({
        localRemote: remote,
        names: {
          loadTemplate: () =>
            ({
              nameField: 'name',
              parameters: { properties: { name: { pattern: '^[a-z]+$' }, githubOrg: { default: 'acme' } } },
            }) as unknown as GoldenPath,
          inCatalog: async () => false,
          inRemote: async () => false,
        },
      }),
    );
    // What Backstage's error middleware does with these errors: the status from the error's name.
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res
        .status({ InputError: 400, NotFoundError: 404 }[error.name] ?? 500)
        .json({ error: { name: error.name, message: error.message } });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('checks names, and requires the template', async () => {
    expect(await (await fetch(`${base}/v1/names/ledger?template=t`)).json()).toEqual({
      name: 'ledger',
      valid: true,
      available: true,
      problems: [],
    });
    const missing = await fetch(`${base}/v1/names/ledger`);
    expect(missing.status).toBe(400);
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
