// Who may do what, on the project's compiled backend with its own policy (the embedded defaults):
// each test acts as a catalog user of catalog/org.yaml (test/testing/userTokens.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { remoteEntries } from '../testing/git.ts';
import { runTask, serviceValues, uniqueName } from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';
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
});
