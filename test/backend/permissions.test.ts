// Who may do what, on the project's compiled backend with its own policy (the embedded defaults):
// each test acts as a catalog user of catalog/org.yaml (test/testing/userTokens.ts).
import { PREVIEW_PATH } from '@golden-path/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { remoteEntries } from '../testing/git.ts';
import { waitFor } from '../testing/ports.ts';
import { runTask, serviceValues, TEMPLATE_REF, uniqueName } from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';

/** A repository `<ORG>/<name>` in the local remote whose catalog-info.yaml holds these YAML documents. */
function pushCatalogInfo(reposRoot: string, name: string, documents: string[]): void {
  const work = mkdtempSync(join(tmpdir(), 'gp-catalog-info-'));
  const bare = join(reposRoot, ORG, `${name}.git`);
  try {
    mkdirSync(join(reposRoot, ORG), { recursive: true });
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: work });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(work, 'catalog-info.yaml'), documents.join('---\n'));
    git('add', '.');
    git('commit', '-q', '-m', 'catalog-info');
    git('push', '-q', bare, 'main');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
/** A template with no steps: what a dry-run is asked to run matters less than who asks. */
const INLINE_TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'inline', namespace: 'default' },
  spec: { type: 'service', parameters: [], steps: [] },
};

describe('permissions on the backend', () => {
  let started: TestBackend;
  /** The guest (member of demo), Ada (payments), Sam (risk) and Lin (platform). */
  let guest: TestBackend, ada: TestBackend, sam: TestBackend, lin: TestBackend;
  /** Ada's service, created by the member test; the location tests use it. */
  let adaService: string | undefined;
  const traces = (name: string) => remoteEntries(started.reposRoot, ORG).filter(e => e.includes(name));

  beforeAll(async () => {
    started = await TestBackend.start({ testSignIn: true });
    guest = started;
    [ada, sam, lin] = ['ada', 'sam', 'lin'].map(u => started.as(`user:default/${u}`)) as [
      TestBackend,
      TestBackend,
      TestBackend,
    ];
  });

  afterAll(async () => {
    await started?.stop();
  });

  it('lets only the platform group dry-run a template', async () => {
    const dryRun = (as: TestBackend) =>
      as.fetch('/api/scaffolder/v2/dry-run', {
        method: 'POST',
        json: { template: INLINE_TEMPLATE, values: {}, directoryContents: [] },
      });
    for (const user of [guest, ada]) {
      const refused = await dryRun(user);
      expect(refused.status).toBe(403);
    }
    const allowed = await dryRun(lin);
    expect(allowed.status, await allowed.clone().text()).toBe(200);
  });

  it("refuses the form's preview, as it refuses the task, to a user in no group (403); a member's preview gets past both checks", async () => {
    const nobody = started.as('user:default/nobody', { groups: [] });
    const name = uniqueName('nobody');
    const task = await nobody.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      json: { templateRef: TEMPLATE_REF, values: serviceValues(name) },
    });
    expect(task.status, await task.clone().text()).toBe(403);
    const preview = (as: TestBackend, values: Record<string, unknown>) =>
      as.fetch(`/api/scaffolder${PREVIEW_PATH}`, {
        method: 'POST',
        json: { template: 'python-django-service', values },
      });
    const refused = await preview(nobody, serviceValues(name));
    expect(refused.status, await refused.clone().text()).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'you may not create tasks, so there is no preview for you',
    );
    // Ada passes the permission and the catalog checks: values the golden path refuses are answered
    // 422, field by field, before any gate would run.
    const invalid = await preview(ada, serviceValues('Not A Name'));
    expect(invalid.status, await invalid.clone().text()).toBe(422);
    expect(((await invalid.json()) as { issues: { field: string }[] }).issues.map(i => i.field)).toContain('name');
  });

  it('refuses a non-member creating a service for a group, naming the owner, before anything is published', async () => {
    const name = uniqueName('notmine');
    const { task, done } = await runTask(sam, serviceValues(name));
    expect(task.status).toBe('failed');
    expect(done.body.error?.name).toBe('NotAllowedError');
    expect(done.body.error?.message).toMatch(/^owner: .*group:default\/payments/);
    expect(traces(name)).toEqual([]);
    expect(await lin.entity(`component:default/${name}`)).toBeUndefined();
  });

  it('refuses an owner that is not a group the user belongs to, also for the guest', async () => {
    const name = uniqueName('guest');
    const { task, done } = await runTask(guest, serviceValues(name, { owner: 'group:default/platform' }));
    expect(task.status).toBe('failed');
    expect(done.body.error?.message).toMatch(/owner/);
    expect(traces(name)).toEqual([]);
  });

  it('lets a member create a service for their group: registered by the backend, owned by the group', async () => {
    const name = uniqueName('mine');
    const { task, done } = await runTask(ada, serviceValues(name));
    expect(task.status, JSON.stringify(done.body.error ?? done.body)).toBe('completed');
    const component = await ada.waitForEntity(`component:default/${name}`);
    expect(component.relations).toContainEqual(
      expect.objectContaining({ type: 'ownedBy', targetRef: 'group:default/payments' }),
    );
    adaService = name;
  });

  it('lets the guest of a laptop install create for its demo group, as the README does', async () => {
    const name = uniqueName('demo');
    const { task, done } = await runTask(guest, serviceValues(name, { owner: 'group:default/demo' }));
    expect(task.status, JSON.stringify(done.body.error ?? done.body)).toBe('completed');
    const component = await guest.waitForEntity(`component:default/${name}`);
    expect(component.relations).toContainEqual(
      expect.objectContaining({ type: 'ownedBy', targetRef: 'group:default/demo' }),
    );
  });

  it("refuses users registering or deleting locations, another group's or their own; the platform may", async () => {
    expect(adaService, 'needs the service of the member test').toBeDefined();
    const locations = await lin.json<{ data: { id: string; target: string } }[]>('/api/catalog/locations');
    const location = locations.map(l => l.data).find(l => l.target.includes(`/${adaService}/`));
    expect(location, JSON.stringify(locations)).toBeDefined();

    for (const user of [sam, ada]) {
      const deleted = await user.fetch(`/api/catalog/locations/${location!.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(403);
    }
    const registered = await sam.fetch('/api/catalog/locations', {
      method: 'POST',
      json: { type: 'url', target: location!.target.replace(adaService!, 'another') },
    });
    expect(registered.status).toBe(403);
    expect(await lin.entity(`component:default/${adaService}`)).toBeDefined();

    const byPlatform = await lin.fetch(`/api/catalog/locations/${location!.id}`, { method: 'DELETE' });
    expect(byPlatform.status).toBe(204);
    const left = await lin.json<{ data: { id: string } }[]>('/api/catalog/locations');
    expect(left.map(l => l.data.id)).not.toContain(location!.id);
  });

  it('refuses a registered location that brings a Group, User or Template, even from the platform: nothing of it', async () => {
    const name = uniqueName('intruder');
    const doc = (apiVersion: string, kind: string, spec: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
    const component = doc(
      'backstage.io/v1alpha1',
      'Component',
      '  type: service\n  lifecycle: experimental\n  owner: group:default/platform\n',
    );
    const intruders = {
      group: doc('backstage.io/v1alpha1', 'Group', '  type: team\n  children: []\n'),
      user: doc('backstage.io/v1alpha1', 'User', '  memberOf: [platform]\n'),
      template: doc('scaffolder.backstage.io/v1beta3', 'Template', '  type: service\n  steps: []\n'),
    };
    for (const [kind, intruder] of Object.entries(intruders)) {
      const repo = `${name}-${kind}`;
      pushCatalogInfo(started.reposRoot, repo, [component.replaceAll(name, repo), intruder]);
      const target = `${started.baseUrl}/api/golden-path/git/${ORG}/${repo}/blob/main/catalog-info.yaml`;
      await lin.json('/api/catalog/locations', { method: 'POST', json: { type: 'url', target } });
      // The catalog stores nothing of a location it refuses; its processing error is logged (module logs).
      const refusal = await waitFor(`the catalog's refusal of ${repo}`, async () =>
        readFileSync(started.logFile, 'utf8')
          .split('\n')
          .find(line => line.includes(`${kind}:default/${name} at url:${target}`)),
      );
      expect(refusal).toMatch(/is not of an allowed kind for that location/);
      expect(await lin.entity(`${kind}:default/${name}`), kind).toBeUndefined();
      expect(await lin.entity(`component:default/${repo}`)).toBeUndefined();
    }
  });
});
