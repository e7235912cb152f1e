import type { WorkspaceProvider } from '@backstage/plugin-scaffolder-node/alpha';
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyTree, treeState } from './treeCopy.js';

/**
 * How long a save lasts at least: the file system stamps change times from a clock that advances in
 * ticks (a few milliseconds), so a file changed within the tick the state was read in could keep its
 * change time. A save lasting longer than a tick makes any later change show.
 */
const CLOCK_TICK_MS = 25;
/** The states remembered (one per running task); the oldest is forgotten first. */
const MAX_REMEMBERED = 1000;

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
 * replicas that share the disk). The scaffolder asks for a copy after every step and every
 * checkpoint, skipped steps included; a copy is written when the workspace changed since this
 * process last saved it (most steps change nothing: a task that follows a preview spent most of its
 * time copying the same files), replacing the previous one by a rename, so a crash mid-copy keeps
 * the last whole one. It is removed when the task completes, and copies of tasks that never
 * completed are dropped after `maxAgeMs`.
 */
export class LocalDiskWorkspaceProvider implements WorkspaceProvider {
  /** Each task's workspace state when this process last saved it. */
  private readonly saved = new Map<string, string>();

  constructor(private readonly options: { root: string; maxAgeMs: number }) {}

  async serializeWorkspace({ path, taskId }: { path: string; taskId: string }): Promise<void> {
    const dest = join(this.options.root, checkTaskId(taskId));
    const started = Date.now();
    const state = await treeState(path);
    if (this.saved.get(taskId) === state && (await exists(dest))) return;
    this.saved.delete(taskId);
    await mkdir(this.options.root, { recursive: true });
    const incoming = `${dest}.incoming-${process.pid}-${Date.now()}`;
    try {
      await copyTree(path, incoming);
      await rm(dest, { recursive: true, force: true });
      await rename(incoming, dest);
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
    this.remember(taskId, state);
    await this.pruneOlderThan(Date.now() - this.options.maxAgeMs);
    const early = started + CLOCK_TICK_MS - Date.now();
    if (early > 0) await sleep(early);
  }

  private remember(taskId: string, state: string): void {
    this.saved.set(taskId, state);
    if (this.saved.size > MAX_REMEMBERED) this.saved.delete(this.saved.keys().next().value!);
  }

  async rehydrateWorkspace({ taskId, targetPath }: { taskId: string; targetPath: string }): Promise<void> {
    const saved = join(this.options.root, checkTaskId(taskId));
    if (!(await exists(saved))) return;
    await mkdir(targetPath, { recursive: true });
    await cp(saved, targetPath, { recursive: true, verbatimSymlinks: true, force: true });
  }

  async cleanWorkspace({ taskId }: { taskId: string }): Promise<void> {
    this.saved.delete(taskId);
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
