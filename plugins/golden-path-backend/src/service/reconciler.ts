import type { AuthService, BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import type { LocalGitRemote } from '@golden-path/node';
import { registerOrSetAside, type SettledReport } from './registerOrSetAside.js';
import { RUNNING, stepCompleted, stepIdsOf, taskOf } from './taskProgress.js';

/** The step whose success means the repository's files passed the policy gate. */
const GATE_ACTION = 'golden-path:check';

export interface ReconcilerDeps {
  remote: LocalGitRemote;
  catalog: CatalogService;
  scaffolder: Pick<ScaffolderService, 'getTask' | 'getLogs'>;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * What one pass over the embedded remote found and did. Registered: published by a task that ended
 * without registering them (its backend died). Set aside: published without a passed gate, by an
 * unknown task, or refused registration. Waiting: their task is still running.
 */
export interface ReconcileReport extends SettledReport {
  /** `.incoming-*` pushes of tasks that ended: removed. */
  removedIncoming: string[];
  /** Catalog locations on this remote whose repository is gone. */
  missingRepositories: { target: string; repository: string }[];
}

/**
 * One pass of "publish and register are one outcome" (issue 14): every repository a golden-path task
 * published has its catalog location, or is set aside with the reason, so no leftover of ours blocks
 * its name; and every location of ours points at a repository that exists.
 */
export async function reconcile(deps: ReconcilerDeps): Promise<ReconcileReport> {
  const { remote, catalog, logger } = deps;
  const credentials = await deps.auth.getOwnServiceCredentials();
  const report: ReconcileReport = {
    registered: [],
    quarantined: [],
    waiting: [],
    removedIncoming: [],
    missingRepositories: [],
  };

  const registered = new Set<string>();
  for (const { target } of (await catalog.getLocations({}, { credentials })).items) {
    const file = remote.parseFileUrl(target);
    if (!file) continue;
    const repository = `${file.owner}/${file.name}`;
    registered.add(repository);
    if (!remote.exists(file.owner, file.name)) report.missingRepositories.push({ target, repository });
  }

  for (const { owner, name } of remote.repositories()) {
    const repository = `${owner}/${name}`;
    if (registered.has(repository)) continue;
    const taskId = await remote.createdByTask(owner, name);
    if (!taskId) continue; // Not published by a task (pushed by hand, a fixture): not ours to judge.
    const task = await taskOf(deps.scaffolder, taskId, credentials);
    if (task && RUNNING.has(task.status)) {
      report.waiting.push(repository);
      continue;
    }
    await registerOrSetAside(
      { catalog, logger, credentials, report },
      {
        repository,
        taskId,
        url: remote.fileUrl(owner, name, 'catalog-info.yaml'),
        owner: String(task?.spec.parameters.owner),
        why: await whyNotRegister(deps, task, taskId, credentials),
      },
      reason => remote.quarantine(owner, name, reason),
    );
  }

  for (const leftover of await remote.incomingLeftovers()) {
    const task = leftover.taskId ? await taskOf(deps.scaffolder, leftover.taskId, credentials) : undefined;
    if (task && RUNNING.has(task.status)) continue;
    await remote.removeIncoming(leftover);
    report.removedIncoming.push(leftover.path);
  }

  for (const { target } of report.missingRepositories)
    logger.warn(`reconciler: the catalog location ${target} points at a repository that no longer exists`);
  return report;
}

/** Why a repository whose task ended must not be registered, or undefined when it may. */
async function whyNotRegister(
  deps: ReconcilerDeps,
  task: ScaffolderTask | undefined,
  taskId: string,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  if (!task) return `its task ${taskId} is unknown to the scaffolder`;
  if (typeof task.spec.parameters.owner !== 'string') return `its task ${taskId} names no owner`;
  const gates = stepIdsOf(task, GATE_ACTION);
  if (!gates.length) return `its task ${taskId} ran no policy gate (${GATE_ACTION})`;
  const events = await deps.scaffolder.getLogs({ taskId }, { credentials });
  return stepCompleted(events, gates)
    ? undefined
    : `its task ${taskId} ended (${task.status}) before the policy gate passed`;
}
