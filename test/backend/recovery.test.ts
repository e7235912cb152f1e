// A task survives its backend: kill -9 the backend during the gate, or right after publishing, start
// it again on the same data dir and database, and the task ends (resumed or failed) within two
// minutes, leaving no repository without its entity and no workspace, and the name usable again.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { waitFor } from '../testing/ports.ts';
import { descendants, gateProcesses, processAlive, waitForEnd } from '../testing/processes.ts';
import { createTask, runTask, serviceValues, taskEvents, uniqueName, waitForTask } from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';
const USER = 'user:default/ada'; // a payments member (permissions.test.ts)
/** Under the load of a shared 2-core machine a start has taken minutes. */
const READINESS_TIMEOUT_MS = 400_000;

interface Moment {
  label: string;
  /** When to kill the backend running the task. */
  reached: (backend: TestBackend, taskId: string, name: string) => Promise<boolean>;
}

const MOMENTS: Moment[] = [
  {
    label: 'during the gate (the validators are running)',
    reached: async backend => gateProcesses(backend.pid).length > 0,
  },
  {
    label: 'right after publish (the repository is on the remote)',
    reached: async (backend, _id, name) => existsSync(join(backend.reposRoot, ORG, `${name}.git`)),
  },
];

describe.each(MOMENTS)('a task whose backend is killed $label', ({ reached }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gp-recovery-'));
  const backends: TestBackend[] = [];
  afterAll(async () => {
    for (const b of backends) await b.stop();
    if (!process.env.GP_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends within two minutes of the restart, with no orphan and no workspace; the name can be used again', async () => {
    const first = await TestBackend.start({ dataDir, testSignIn: true, readinessTimeoutMs: READINESS_TIMEOUT_MS });
    backends.push(first);
    const name = uniqueName('crash');
    const id = await createTask(first.as(USER), serviceValues(name));

    await waitFor('the moment to kill', async () => ((await reached(first, id, name)) ? true : undefined), 300_000, 50);
    const started = descendants(first.pid);
    process.kill(first.pid, 'SIGKILL');
    await waitFor('the killed backend to exit', async () => (processAlive(first.pid) ? undefined : true), 30_000);
    // Same data dir, database and public URL (the port): the restarted backend, as after a crash.
    const second = await TestBackend.start({
      dataDir,
      testSignIn: true,
      port: Number(new URL(first.url).port),
      readinessTimeoutMs: READINESS_TIMEOUT_MS,
    });
    backends.push(second);
    // Nothing it started (the gate's validators and their tools) outlives it for long: they die with
    // it, and a sandbox caught starting (bwrap sets its parent-death signal late) is ended by the
    // restarted backend.
    await waitForEnd('the processes the killed backend started to end', started, 30_000);
    const ada = second.as(USER);
    const restarted = Date.now();
    const task = await waitForTask(ada, id, 120_000);
    const endedAfterMs = Date.now() - restarted;
    console.log(`task ${id} ${task.status} ${Math.round(endedAfterMs / 1000)} s after the restart was ready`);
    expect(['completed', 'failed']).toContain(task.status);
    expect(endedAfterMs).toBeLessThan(120_000);
    // The restarted backend took it up (task recovery), rather than it being left or timed out.
    expect((await taskEvents(ada, id)).some(e => e.type === 'recovered')).toBe(true);

    // Its workspace is gone, nothing half-pushed is left on the remote, and every repository has its entity.
    expect(existsSync(join(dataDir, 'work', id))).toBe(false);
    expect(readdirSync(join(second.reposRoot, ORG)).filter(e => e.startsWith('.'))).toEqual([]);
    for (const repo of repositories(second.reposRoot)) {
      await ada.waitForEntity(`component:default/${repo}`, () => true, 60_000);
    }

    if (task.status === 'failed') {
      // Nothing of ours blocks the name: a new task with it completes.
      const retry = await runTask(ada, serviceValues(name));
      expect(retry.task.status, JSON.stringify(retry.done.body.error)).toBe('completed');
    }
    expect(repositories(second.reposRoot)).toContain(name);
    await ada.waitForEntity(`component:default/${name}`);
  }, 1_800_000);
});

/** The service repositories on the local remote (bare repositories under the organisation). */
function repositories(reposRoot: string): string[] {
  const org = join(reposRoot, ORG);
  if (!existsSync(org)) return [];
  return readdirSync(org)
    .filter(e => e.endsWith('.git'))
    .map(e => e.slice(0, -'.git'.length));
}
