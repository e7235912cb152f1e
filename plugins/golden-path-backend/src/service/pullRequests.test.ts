import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PullRequestRecord } from '@golden-path/common';
import { LocalGitRemote, PullRequestStore, type GoldenPathGate } from '@golden-path/node';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRouter } from '../testing/serveRouter.js';
import { createPullRequestRouter } from './pullRequests.js';

const ENTITY = 'component:default/ledger';

describe('the pull-request routes', () => {
  let base: string;
  let close: () => void;
  let record: PullRequestRecord;
  const gateCalls: string[] = [];

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'gp-pr-routes-'));
    mkdirSync(join(root, 'acme'));
    execFileSync('git', ['init', '-q', '--bare', join(root, 'acme', 'ledger.git')]);
    const store = new PullRequestStore({
      remote: new LocalGitRemote({ root, browseBaseUrl: 'http://localhost:7007/api/golden-path/git' }),
      pageUrl: (slug, n) => `http://localhost:3000/golden-path/pulls/${slug}/${n}`,
    });
    record = await store.create('acme', 'ledger', {
      repository: { slug: 'acme/ledger', entityRef: ENTITY },
      title: 'Upgrade to gp 2.0.0 (from 1.0.0)',
      branch: 'golden-path/upgrade-2.0.0',
      base: 'main',
      template: 'gp',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      head: 'a'.repeat(40),
      baseCommit: 'b'.repeat(40),
      files: [],
      conflicts: [],
      values: { added: {}, dropped: {}, renamed: {} },
      changelog: [],
      author: 'user:default/ada',
    });
    const gate: GoldenPathGate = {
      check: async (_dir, commit) => {
        gateCalls.push(commit);
        return { passed: true, commit, checkedAt: '', validators: [] };
      },
    };
    // Ada is in payments, which owns the ledger; Sam is not.
    const permissions = {
      authorize: async (
        _requests: unknown[],
        { credentials }: { credentials: { principal: { userEntityRef: string } } },
      ) => [
        {
          result:
            credentials.principal.userEntityRef === 'user:default/ada' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        },
      ],
    } as unknown as PermissionsService;
    ({ base, close } = await serveRouter(
      createPullRequestRouter({
        store,
        gate,
        httpAuth: mockServices.httpAuth(),
        auth: mockServices.auth(),
        permissions,
        catalog: {
          getEntityByRef: async (ref: unknown) =>
            ref === ENTITY
              ? {
                  apiVersion: 'v1',
                  kind: 'Component',
                  metadata: { name: 'ledger' },
                  spec: { owner: 'group:default/payments' },
                }
              : undefined,
        },
      }),
    ));
  });
  afterAll(() => close());

  const as = (user: string, init: RequestInit = {}) => ({
    ...init,
    headers: { Authorization: mockCredentials.user.header(user) },
  });

  it('lists and reads records for signed-in users, by entity and state', async () => {
    const list = await (await fetch(`${base}/v1/pulls?entityRef=${ENTITY}&state=open`, as('user:default/sam'))).json();
    expect(list).toEqual({ items: [record] });
    expect(await (await fetch(`${base}/v1/pulls?state=merged`, as('user:default/sam'))).json()).toEqual({ items: [] });
    expect(await (await fetch(`${base}/v1/pulls/acme/ledger/1`, as('user:default/sam'))).json()).toEqual(record);
    expect((await fetch(`${base}/v1/pulls/acme/ledger/2`, as('user:default/sam'))).status).toBe(404);
    const anonymous = await fetch(`${base}/v1/pulls`, { headers: { Authorization: mockCredentials.none.header() } });
    expect(anonymous.status).toBe(401);
  });

  it('answers 400 naming the parameter for a bad state or number', async () => {
    const state = await fetch(`${base}/v1/pulls?state=draft`, as('user:default/ada'));
    expect(state.status).toBe(400);
    expect(((await state.json()) as { error: { message: string } }).error.message).toBe(
      'state: "draft" is not one of open, merged, closed',
    );
    const number = await fetch(`${base}/v1/pulls/acme/ledger/0`, as('user:default/ada'));
    expect(number.status).toBe(400);
  });

  it('lets only the owners (or the platform) merge: 403 otherwise, before anything is checked', async () => {
    const refused = await fetch(`${base}/v1/pulls/acme/ledger/1/merge`, as('user:default/sam', { method: 'POST' }));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(
      /you may not merge acme\/ledger#1: only members of its owner group:default\/payments/,
    );
    // Ada may; the branch does not exist in this repository, so the merge is refused with 409.
    const missing = await fetch(`${base}/v1/pulls/acme/ledger/1/merge`, as('user:default/ada', { method: 'POST' }));
    expect(missing.status).toBe(409);
    expect(await missing.text()).toMatch(/the branch golden-path\/upgrade-2.0.0 no longer exists/);
    expect(gateCalls).toEqual([]);
  });
});
