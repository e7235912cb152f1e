import type { DatabaseService, HttpRouterService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';

/** How many tasks may wait and how much memory a new task needs (`goldenPath.taskQueue`, config.d.ts). */
export interface AdmissionLimits {
  /** Tasks created but not yet taken up by any replica's worker; one more is refused. */
  maxWaiting: number;
  /** Memory the backend must still have free (MiB) to accept a task. */
  minFreeMemoryMiB: number;
  /** What the refusal's Retry-After says, in seconds. */
  retryAfterSeconds: number;
}

/** What admission reads of the backend now. */
export interface AdmissionProbes {
  /** Tasks waiting to start: created and not yet claimed by a worker, on every replica. */
  waitingTasks(): Promise<number>;
  /** Bytes this process may still use: the cgroup's limit where there is one, else the host's free memory. */
  availableMemory(): number;
}

/** Why the backend cannot take another task now, and when to try again. */
export interface Refusal {
  message: string;
  retryAfterSeconds: number;
}

const MIB = 1024 * 1024;

/**
 * Whether the backend can take another task: the scaffolder runs `scaffolder.concurrentTasksLimit`
 * tasks per replica and the rest wait in its database, unbounded by the scaffolder itself; here they
 * are bounded, and a backend short of memory takes none. Undefined: it can.
 */
export async function admissionRefusal(limits: AdmissionLimits, probes: AdmissionProbes): Promise<Refusal | undefined> {
  const retry = `nothing was created; try again in ${limits.retryAfterSeconds} seconds`;
  const freeMiB = Math.floor(probes.availableMemory() / MIB);
  if (freeMiB < limits.minFreeMemoryMiB) {
    return {
      message: `The portal is short of memory (${freeMiB} MiB free, a new task needs ${limits.minFreeMemoryMiB} MiB): ${retry}.`,
      retryAfterSeconds: limits.retryAfterSeconds,
    };
  }
  const waiting = await probes.waitingTasks();
  if (waiting >= limits.maxWaiting) {
    return {
      message: `The portal is at capacity: ${waiting} ${waiting === 1 ? 'task is' : 'tasks are'} waiting to start (at most ${limits.maxWaiting} may wait): ${retry}.`,
      retryAfterSeconds: limits.retryAfterSeconds,
    };
  }
  return undefined;
}

/**
 * The scaffolder's waiting tasks, counted in its own database (DatabaseTaskStore's `tasks` table: a
 * task is `open` from its creation until a worker of some replica claims it).
 */
export function openTasksIn(database: Pick<DatabaseService, 'getClient'>): () => Promise<number> {
  return async () => {
    const [row] = await (await database.getClient())('tasks').where({ status: 'open' }).count({ count: '*' });
    return Number(row?.count ?? 0);
  };
}

type Handler = Parameters<HttpRouterService['use']>[0];

/**
 * Middleware for the scaffolder's router, ahead of its own routes: `POST /v2/tasks` is answered 503
 * with Retry-After and the refusal's message (Backstage's JSON error body, which the error handler
 * also logs) when `refusal` says so. A probe that fails lets the task through (admission protects
 * the backend, it is not a policy) and is logged.
 */
export function taskAdmission(
  refusal: () => Promise<Refusal | undefined>,
  logger: { warn(message: string): void },
): Handler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/v2/tasks') {
      next();
      return;
    }
    refusal().then(
      refused => {
        if (!refused) return next();
        res.setHeader('Retry-After', String(refused.retryAfterSeconds));
        return next(new ServiceUnavailableError(refused.message));
      },
      error => {
        logger.warn(`task admission could not be checked, the task is let through: ${error}`);
        next();
      },
    );
  };
}
