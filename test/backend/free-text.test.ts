// The API refuses what the CLI refuses (test/golden-paths/refused-text.test.ts): text no format can
// carry fails the task before anything is published, naming the field, never a server path; and a
// string is not a number, as on the command line's values file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TestBackend } from '../testing/backend.ts';
import { runTask, serviceValues, TEMPLATE_REF, uniqueName, waitForTask } from '../testing/scaffolder.ts';

const USER = 'user:default/ada'; // a payments member (permissions.test.ts)

describe('the API and free text', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    // One task at a time, and one may wait (goldenPath.taskQueue): the last test fills both.
    backend = await TestBackend.start({
      testSignIn: true,
      config: {
        scaffolder: { concurrentTasksLimit: 1 },
        goldenPath: { taskQueue: { maxWaiting: 1, retryAfterSeconds: 5 } },
      },
    });
  }, 300_000);
  afterAll(() => backend?.stop());

  it.each([
    ['a NUL \u0000 byte', 'U+0000 (NUL)'],
    ['a lone \ud800 surrogate', 'lone UTF-16 surrogate (U+D800)'],
    ['reads \u202egnp.exe backwards', 'U+202E'],
  ])(
    'a description with %j fails the task naming the field, and publishes nothing',
    async (description, named) => {
      const name = uniqueName('text');
      const { task, done } = await runTask(backend.as(USER), serviceValues(name, { description }));
      expect(task.status).toBe('failed');
      const message = done.body.error?.message ?? '';
      expect(message).toContain('description: must');
      expect(message).toContain(named);
      expect(message).not.toContain(REPO_ROOT);
      expect(message).not.toContain(backend.dataDir);
      expect(existsSync(join(backend.reposRoot, 'acme-fintech', `${name}.git`))).toBe(false);
      expect(await backend.as(USER).entity(`component:default/${name}`)).toBeUndefined();
    },
    300_000,
  );

  it('refuses "2" for a whole number, as the CLI does', async () => {
    const r = await backend.as(USER).fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      json: { templateRef: TEMPLATE_REF, values: serviceValues(uniqueName('type'), { desiredCount: '2' }) },
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/desiredCount/);
  }, 120_000);

  it('answers 503 with Retry-After when the backend cannot take another task, and takes tasks again once there is room', async () => {
    const ada = backend.as(USER);
    const create = (values: Record<string, unknown>) =>
      ada.fetch('/api/scaffolder/v2/tasks', { method: 'POST', json: { templateRef: TEMPLATE_REF, values } });
    const idOf = async (r: Response) => ((await r.json()) as { id: string }).id;
    // A runs (the only worker slot) for a while: render and the gate; B, which fails at render, waits.
    const running = await idOf(await create(serviceValues(uniqueName('busy'))));
    const waiting = await idOf(await create(serviceValues(uniqueName('wait'), { description: 'NUL \u0000' })));

    const name = uniqueName('full');
    const refused = await create(serviceValues(name));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({
      error: {
        name: 'ServiceUnavailableError',
        message:
          'The portal is at capacity: 1 task is waiting to start (at most 1 may wait): nothing was created; try again in 5 seconds.',
      },
    });
    expect(existsSync(join(backend.reposRoot, 'acme-fintech', `${name}.git`))).toBe(false);

    await ada.fetch(`/api/scaffolder/v2/tasks/${running}/cancel`, { method: 'POST' });
    await waitForTask(ada, running, 240_000);
    expect((await waitForTask(ada, waiting)).status).toBe('failed');
    const again = await create(serviceValues(uniqueName('room'), { description: 'NUL \u0000' }));
    expect(again.status).toBe(201);
    await waitForTask(ada, await idOf(again));
  }, 300_000);
});
