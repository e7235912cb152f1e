import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { LogEvent, ScaffolderTask } from '@backstage/plugin-scaffolder-common';

/** A task in these states is still the scaffolder's: it publishes and registers itself. */
export const RUNNING = new Set(['open', 'processing']);

/** A task by id, or undefined when the scaffolder does not know it. */
export async function taskOf(
  scaffolder: Pick<ScaffolderService, 'getTask'>,
  taskId: string,
  credentials: BackstageCredentials,
): Promise<ScaffolderTask | undefined> {
  try {
    return await scaffolder.getTask({ taskId }, { credentials });
  } catch (error) {
    // In process a NotFoundError; through the scaffolder's HTTP client a ResponseError with status 404.
    const { name, statusCode } = error as Error & { statusCode?: number };
    if (name === 'NotFoundError' || statusCode === 404) return undefined;
    throw error;
  }
}

/** The ids of a task's steps that run `action`. */
export function stepIdsOf(task: ScaffolderTask, action: string): string[] {
  return task.spec.steps.filter(s => s.action === action).map(s => s.id);
}

/** The statuses the scaffolder logged for these steps, in order (every run of the task, retries too). */
function statusesOf(events: LogEvent[], stepIds: string[]): string[] {
  return events
    .filter(e => stepIds.includes(String(e.body.stepId)) && typeof e.body.status === 'string')
    .map(e => String(e.body.status));
}

/** One of these steps completed in some run of the task (a retry replaying its checkpoint logs completed too). */
export function stepCompleted(events: LogEvent[], stepIds: string[]): boolean {
  return statusesOf(events, stepIds).includes('completed');
}

/**
 * One of these steps began its action in some run of the task. The scaffolder logs `processing` when
 * a step begins and `skipped` right after when its `if` is false; a step skipped because an earlier
 * one failed logs `skipped` alone.
 */
export function stepStarted(events: LogEvent[], stepIds: string[]): boolean {
  return stepIds.some(id => {
    const statuses = statusesOf(events, [id]);
    return statuses.some((s, i) => (s === 'processing' ? statuses[i + 1] !== 'skipped' : s !== 'skipped'));
  });
}

/** When the task ended: its last logged event, else its last heartbeat, else its creation. */
export function endOf(task: ScaffolderTask, events: LogEvent[]): Date {
  const times = [task.createdAt, task.lastHeartbeatAt, ...events.map(e => e.createdAt)]
    .map(t => (t ? Date.parse(t) : NaN))
    .filter(t => !Number.isNaN(t));
  return new Date(Math.max(...times));
}
