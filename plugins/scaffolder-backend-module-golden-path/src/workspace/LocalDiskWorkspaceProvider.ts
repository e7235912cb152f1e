import type { WorkspaceProvider } from '@backstage/plugin-scaffolder-node/alpha';
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Task ids are UUIDs; anything else could name a path outside the root. */
const TASK_ID = /^[A-Za-z0-9-]{1,64}$/;

function checkTaskId(taskId: string): string {
  if (!TASK_ID.test(taskId)) throw new Error(`"${taskId}" is not a task id`);
  return taskId;
}

/**
 * Keeps a copy of each running task's workspace on the backend's disk, so that a retried or
 * recovered task finds its workspace again. With task recovery on, the scaffolder skips the steps
 * a task already completed (render, check) and removes the workspace when a run ends: without a
 * provider, a retried publish would see an empty folder. Backstage's own provider stores the
 * workspace in the database and is for development only; a local copy serves one backend (and
 * replicas that share the disk). A copy is written after every step (replacing the previous one
 * by a rename, so a crash mid-copy keeps the last whole one), removed when the task completes,
 * and copies of tasks that never completed are dropped after `maxAgeMs`.
 */
export class LocalDiskWorkspaceProvider implements WorkspaceProvider {
  constructor(private readonly options: { root: string; maxAgeMs: number }) {}

  async serializeWorkspace({ path, taskId }: { path: string; taskId: string }): Promise<void> {
    const dest = join(this.options.root, checkTaskId(taskId));
    await mkdir(this.options.root, { recursive: true });
    const incoming = `${dest}.incoming-${process.pid}-${Date.now()}`;
    try {
      await cp(path, incoming, { recursive: true, verbatimSymlinks: true });
      await rm(dest, { recursive: true, force: true });
      await rename(incoming, dest);
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
    await this.pruneOlderThan(Date.now() - this.options.maxAgeMs);
  }

  async rehydrateWorkspace({ taskId, targetPath }: { taskId: string; targetPath: string }): Promise<void> {
    const saved = join(this.options.root, checkTaskId(taskId));
    if (!(await exists(saved))) return;
    await mkdir(targetPath, { recursive: true });
    await cp(saved, targetPath, { recursive: true, verbatimSymlinks: true, force: true });
  }

  async cleanWorkspace({ taskId }: { taskId: string }): Promise<void> {
    await rm(join(this.options.root, checkTaskId(taskId)), { recursive: true, force: true });
  }

  /** Drops copies (and half-written ones) last written before `cutoff`. */
  private async pruneOlderThan(cutoff: number): Promise<void> {
    for (const name of await readdir(this.options.root).catch(() => [] as string[])) {
      const full = join(this.options.root, name);
      const written = await stat(full).then(
        s => s.mtimeMs,
        () => Date.now(),
      );
      if (written < cutoff) await rm(full, { recursive: true, force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
