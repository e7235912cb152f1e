// Nothing a task leaves behind outlives it, on the real backend (issue 14 items 1 and 2): a cancel
// kills the gate's whole process tree and publishes nothing; what a task left on the embedded remote
// without a catalog location is settled by the reconciler shortly after start-up, so no leftover of
// ours blocks a name.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalGitRemote, gitText } from '@golden-path/node';
import { afterAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { waitFor } from '../testing/ports.ts';
import { descendants, gateProcesses, waitForEnd } from '../testing/processes.ts';
import { createTask, runTask, serviceValues, taskEvents, uniqueName, waitForTask } from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';
const USER = 'user:default/ada'; // a payments member (permissions.test.ts)

describe('what tasks leave behind, on a real backend', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gp-reconciler-'));
  const reposRoot = join(dataDir, 'repos');
  const remote = new LocalGitRemote({ root: reposRoot, browseBaseUrl: 'http://localhost/api/golden-path/git' });
  let backend: TestBackend | undefined;
  afterAll(async () => {
    await backend?.stop();
    if (!process.env.GP_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets aside a repository its task never registered, clears dead pushes, and the name works again', async () => {
    // What a crashed task of a backend whose database was lost leaves: a published repository that
    // records a task the scaffolder does not know, and a half-finished push beside it.
    const name = uniqueName('orphan');
    const source = mkdtempSync(join(tmpdir(), 'gp-orphan-src-'));
    writeFileSync(join(source, 'README.md'), '# left behind\n');
    await remote.publish({
      owner: ORG,
      name,
      sourceDir: source,
      branch: 'main',
      message: 'Create',
      author: { name: 'Golden Path', email: 'gp@example.com' },
      taskId: 'a-task-that-never-was',
    });
    const incoming = join(reposRoot, ORG, `.incoming-${name}-dead`);
    mkdirSync(incoming);
    await gitText(['init', '-q', '--bare', incoming]);
    await gitText(['--git-dir', incoming, 'config', 'golden-path.task', 'another-task-that-never-was']);

    backend = await TestBackend.start({
      dataDir,
      reposRoot,
      testSignIn: true,
      // TestBackend merges config shallowly: goldenPath is given whole.
      config: {
        goldenPath: { localRemote: { root: reposRoot }, reconciler: { initialDelaySeconds: 1, frequencySeconds: 5 } },
      },
    });

    await waitFor(
      'the reconciler to set the orphan aside',
      async () => (remote.exists(ORG, name) ? undefined : true),
      120_000,
    );
    const quarantine = join(reposRoot, '.quarantine', ORG);
    const kept = readdirSync(quarantine).find(f => f.startsWith(`${name}-`));
    expect(kept).toBeDefined();
    expect(await gitText(['--git-dir', join(quarantine, kept!), 'config', '--get', 'golden-path.quarantined'])).toBe(
      'its task a-task-that-never-was is unknown to the scaffolder',
    );
    expect(existsSync(incoming)).toBe(false);

    // The name is free: a task with it completes and registers its entity.
    const ada = backend.as(USER);
    const { task, done } = await runTask(ada, serviceValues(name));
    expect(task.status, JSON.stringify(done.body.error)).toBe('completed');
    expect(remote.exists(ORG, name)).toBe(true);
    await ada.waitForEntity(`component:default/${name}`);
    // The next passes leave a registered repository alone.
    await new Promise(r => setTimeout(r, 12_000));
    expect(remote.exists(ORG, name)).toBe(true);
    expect(readdirSync(quarantine).filter(f => f.startsWith(`${name}-`))).toHaveLength(1);
  }, 900_000);

  it('a cancel during the gate ends the task, kills every process the gate started, and publishes nothing', async () => {
    const ada = backend!.as(USER);
    const name = uniqueName('cancel');
    const before = new Set(descendants(backend!.pid));
    const id = await createTask(ada, serviceValues(name));
    await waitFor(
      'the gate to run',
      async () => {
        if (gateProcesses(backend!.pid).length) return true;
        const { status } = await (await ada.fetch(`/api/scaffolder/v2/tasks/${id}`)).json();
        if (!['open', 'processing'].includes(status)) throw new Error(`the task ended (${status}) before its gate ran`);
        return undefined;
      },
      600_000,
      250,
    );
    const started = descendants(backend!.pid).filter(p => !before.has(p));
    const res = await ada.fetch(`/api/scaffolder/v2/tasks/${id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);

    const task = await waitForTask(ada, id, 120_000);
    // This Backstage ends a cancelled task as failed, its step logged as cancelled.
    expect(['cancelled', 'failed']).toContain(task.status);
    expect((await taskEvents(ada, id)).some(e => e.body.status === 'cancelled')).toBe(true);
    await waitForEnd('the processes the gate started to end', started, 30_000);
    expect(remote.exists(ORG, name)).toBe(false);
    expect(existsSync(join(dataDir, 'work', id))).toBe(false);
  }, 900_000);
});
