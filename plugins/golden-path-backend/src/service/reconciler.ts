import type { AuthService, BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { registerOwnedLocation, type LocalGitRemote } from '@golden-path/node';

/** The step whose success means the repository's files passed the policy gate. */
const GATE_ACTION = 'golden-path:check';
const RUNNING = new Set(['open', 'processing']);

export interface ReconcilerDeps {
  remote: LocalGitRemote;
  catalog: CatalogService;
  scaffolder: Pick<ScaffolderService, 'getTask' | 'getLogs'>;
  auth: AuthService;
  logger: LoggerService;
}

/** What one pass found and did. Repositories are `owner/name`. */
export interface ReconcileReport {
  /** Published by a task that ended without registering them (its backend died): now registered. */
  registered: { repository: string; entityRef: string; taskId: string }[];
  /** Published without a passed gate, by an unknown task, or refused registration: set aside. */
  quarantined: { repository: string; reason: string; taskId?: string }[];
  /** Their task is still running: it registers them itself. */
  waiting: string[];
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
    const task = await taskOf(deps, taskId, credentials);
    if (task && RUNNING.has(task.status)) {
      report.waiting.push(repository);
      continue;
    }
    const why = await whyNotRegister(deps, task, taskId, credentials);
    if (!why) {
      try {
        const entityRef = await registerOwnedLocation(catalog, {
          url: remote.fileUrl(owner, name, 'catalog-info.yaml'),
          owner: String(task!.spec.parameters.owner),
          credentials,
        });
        report.registered.push({ repository, entityRef, taskId });
        logger.info(`reconciler: registered ${repository}, published by task ${taskId} which never registered it`);
        continue;
      } catch (error) {
        const { name: kind, message } = error as Error;
        // Its task registered it since the locations were read: nothing to do.
        if (kind === 'ConflictError') continue;
        // A file naming someone else's team is never registered; anything else is retried next pass.
        if (kind !== 'NotAllowedError') {
          logger.warn(`reconciler: could not register ${repository} (next pass retries): ${message}`);
          continue;
        }
        await setAside(deps, report, repository, `registration refused: ${message}`, taskId);
        continue;
      }
    }
    await setAside(deps, report, repository, why, taskId);
  }

  for (const leftover of await remote.incomingLeftovers()) {
    const task = leftover.taskId ? await taskOf(deps, leftover.taskId, credentials) : undefined;
    if (task && RUNNING.has(task.status)) continue;
    await remote.removeIncoming(leftover);
    report.removedIncoming.push(leftover.path);
  }

  for (const { target } of report.missingRepositories)
    logger.warn(`reconciler: the catalog location ${target} points at a repository that no longer exists`);
  return report;
}

async function taskOf(
  deps: ReconcilerDeps,
  taskId: string,
  credentials: BackstageCredentials,
): Promise<ScaffolderTask | undefined> {
  try {
    return await deps.scaffolder.getTask({ taskId }, { credentials });
  } catch (error) {
    // In process a NotFoundError; through the scaffolder's HTTP client a ResponseError with status 404.
    const { name, statusCode } = error as Error & { statusCode?: number };
    if (name === 'NotFoundError' || statusCode === 404) return undefined;
    throw error;
  }
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
  const gates = task.spec.steps.filter(s => s.action === GATE_ACTION).map(s => s.id);
  if (!gates.length) return `its task ${taskId} ran no policy gate (${GATE_ACTION})`;
  const events = await deps.scaffolder.getLogs({ taskId }, { credentials });
  const passed = events.some(e => gates.includes(String(e.body.stepId)) && e.body.status === 'completed');
  return passed ? undefined : `its task ${taskId} ended (${task.status}) before the policy gate passed`;
}

async function setAside(
  deps: ReconcilerDeps,
  report: ReconcileReport,
  repository: string,
  reason: string,
  taskId?: string,
): Promise<void> {
  const [owner, name] = repository.split('/') as [string, string];
  const to = await deps.remote.quarantine(owner, name, reason);
  report.quarantined.push({ repository, reason, taskId });
  deps.logger.warn(`reconciler: set ${repository} aside in ${to}: ${reason}`);
}
