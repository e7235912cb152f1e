import { TestDatabases } from '@backstage/backend-test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionRefusal, openTasksIn, taskAdmission, type Refusal } from './taskAdmission.js';

const MIB = 1024 * 1024;
const limits = { maxWaiting: 2, minFreeMemoryMiB: 256, retryAfterSeconds: 30 };
const probes = (waiting: number, freeMiB: number) => ({
  waitingTasks: async () => waiting,
  availableMemory: () => freeMiB * MIB,
});

describe('admissionRefusal', () => {
  it('takes a task while fewer than maxWaiting wait and memory is free', async () => {
    expect(await admissionRefusal(limits, probes(1, 4096))).toBeUndefined();
  });

  it('refuses one more than maxWaiting, saying how many wait and when to try again', async () => {
    expect(await admissionRefusal(limits, probes(2, 4096))).toEqual({
      message:
        'The portal is at capacity: 2 tasks are waiting to start (at most 2 may wait): nothing was created; try again in 30 seconds.',
      retryAfterSeconds: 30,
    });
  });

  it('refuses when the backend is short of memory, without asking the database', async () => {
    const refusal = await admissionRefusal(limits, {
      waitingTasks: () => Promise.reject(new Error('not asked')),
      availableMemory: () => 200 * MIB + 5,
    });
    expect(refusal?.message).toBe(
      'The portal is short of memory (200 MiB free, a new task needs 256 MiB): nothing was created; try again in 30 seconds.',
    );
  });
});

describe('openTasksIn', () => {
  // TestDatabases registers its clean-up with the test runner's global hooks (Jest's); vitest has none.
  Object.assign(globalThis, { afterAll, beforeAll });
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it("counts the scaffolder's tasks that no worker has claimed yet", async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.schema.createTable('tasks', t => {
      t.uuid('id').primary();
      t.text('status').notNullable();
    });
    const count = openTasksIn({ getClient: async () => knex });
    expect(await count()).toBe(0);
    await knex('tasks').insert(
      ['open', 'processing', 'open', 'completed', 'failed', 'cancelled'].map((status, i) => ({
        id: `00000000-0000-0000-0000-00000000000${i}`,
        status,
      })),
    );
    expect(await count()).toBe(2);
  });
});

describe('taskAdmission', () => {
  /** Runs the middleware on one request: what it passed to next() and the headers it set. */
  async function handle(method: string, path: string, refusal: () => Promise<Refusal | undefined>) {
    const warnings: string[] = [];
    const headers: Record<string, string> = {};
    const handler = taskAdmission(refusal, { warn: m => warnings.push(m) });
    const passed = await new Promise<unknown>(resolve => {
      const req = { method, path } as Parameters<typeof handler>[0];
      const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as Parameters<typeof handler>[1];
      handler(req, res, (arg?: unknown) => resolve(arg ?? 'next'));
    });
    return { passed, headers, warnings };
  }
  const refused = async () => ({ message: 'The portal is at capacity.', retryAfterSeconds: 7 });

  it('answers a refused task creation with ServiceUnavailableError (503) and Retry-After', async () => {
    const { passed, headers } = await handle('POST', '/v2/tasks', refused);
    expect(passed).toMatchObject({ name: 'ServiceUnavailableError', message: 'The portal is at capacity.' });
    expect(headers).toEqual({ 'Retry-After': '7' });
  });

  it("leaves every other route to the scaffolder: a task's events, its retry, the list", async () => {
    for (const [method, path] of [
      ['GET', '/v2/tasks'],
      ['POST', '/v2/tasks/1/retry'],
      ['POST', '/v2/dry-run'],
    ] as const) {
      expect((await handle(method, path, refused)).passed).toBe('next');
    }
  });

  it('lets the task through, and says so, when admission cannot be checked', async () => {
    const { passed, warnings, headers } = await handle('POST', '/v2/tasks', () =>
      Promise.reject(new Error('database is gone')),
    );
    expect(passed).toBe('next');
    expect(headers).toEqual({});
    expect(warnings).toEqual(['task admission could not be checked, the task is let through: Error: database is gone']);
  });
});
