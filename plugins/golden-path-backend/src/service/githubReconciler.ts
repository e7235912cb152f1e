import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { GITHUB_NAME_MAX, type GithubRemote, type GithubRepository } from '../remote/GithubRemote.js';
import { registerOrSetAside, type SettledReport } from './registerOrSetAside.js';
import { RUNNING, endOf, stepCompleted, stepIdsOf, stepStarted, taskOf } from './taskProgress.js';

const PUBLISH_ACTION = 'publish:github';
const CHANGE_CONTROL_ACTION = 'golden-path:github-change-control';
const REGISTER_ACTION = 'golden-path:register';
/** Tasks read per page of the scaffolder's list (newest created first). */
const PAGE = 100;
/** Clock difference allowed between GitHub's created_at and the scaffolder's times. */
const SKEW_MS = 5 * 60_000;
/** GitHub's limit on a repository's description is 350 characters. */
const DESCRIPTION_MAX = 350;

export interface GithubReconcilerDeps {
  github: Pick<GithubRemote, 'lookUp' | 'setAside' | 'archive' | 'fileUrl' | 'repositoryOfUrl' | 'host'>;
  catalog: CatalogService;
  scaffolder: Pick<ScaffolderService, 'listTasks' | 'getTask' | 'getLogs'>;
  auth: AuthService;
  logger: LoggerService;
  /** Tasks that ended longer ago than this are not looked at. */
  lookBackMs: number;
  /** After a task ended, how long its repository is left for a retry from the portal. */
  graceMs: number;
  now?: () => Date;
  /**
   * Tasks this replica's earlier passes settled (task id and last heartbeat, to when it ended), so that
   * a steady state asks neither the scaffolder's logs nor GitHub again; one Map kept across passes.
   */
  settled?: Map<string, number>;
}

/**
 * What one pass over GitHub found and did. Registered: a task published and set it up (change control
 * completed) but ended before registering it. Set aside: its task ended before the repository was set
 * up, or the catalog refused it: renamed, archived, the reason in its description (or only archived
 * now, when an earlier pass renamed it and GitHub refused the archive). Waiting: within the grace
 * period, or its task was retried.
 */
export interface GithubReconcileReport extends SettledReport {
  /** Repositories under a failed task's name that are not provably its own: not touched. */
  leftAlone: { repository: string; taskId: string; reason: string }[];
}

/**
 * The reconciler's pass for `goldenPath.publish.target: github`: a golden-path task that failed or was
 * cancelled after publish:github began, and never registered, leaves a repository on GitHub no entity
 * points at, its name blocked. Each such repository that is provably the task's own (GitHub created it
 * during the task's run; no catalog location names it) is registered, or set aside, once the grace
 * period after the task ended is over. When GitHub refused the archive after the rename, a later pass
 * finds the old name redirecting to the set-aside name and archives it. Idempotent: an archived
 * set-aside repository needs nothing more.
 */
export async function reconcileGithub(deps: GithubReconcilerDeps): Promise<GithubReconcileReport> {
  const { github, catalog, logger } = deps;
  const credentials = await deps.auth.getOwnServiceCredentials();
  const now = (deps.now ?? (() => new Date()))().getTime();
  const since = now - deps.lookBackMs;
  const report: GithubReconcileReport = { registered: [], quarantined: [], waiting: [], leftAlone: [] };

  const registered = new Set<string>();
  for (const { target } of (await catalog.getLocations({}, { credentials })).items) {
    const repository = github.repositoryOfUrl(target);
    if (repository) registered.add(repository);
  }

  // Tasks settled by this replica's earlier passes are not read again; older than the window, forgotten.
  const settled = deps.settled ?? new Map<string, number>();
  for (const [key, end] of settled) if (end < since) settled.delete(key);
  for await (const task of endedTasks(deps.scaffolder, credentials, since)) {
    // A retry moves the last heartbeat: the task is then looked at again.
    const key = `${task.id}@${task.lastHeartbeatAt ?? task.createdAt}`;
    if (settled.has(key)) continue;
    const end = await settle(task);
    if (end !== undefined) settled.set(key, end);
  }
  return report;

  /** Judges one ended task; answers when it ended once nothing is left to do for it, else undefined. */
  async function settle(task: ScaffolderTask): Promise<number | undefined> {
    const publish = stepIdsOf(task, PUBLISH_ACTION);
    const register = stepIdsOf(task, REGISTER_ACTION);
    const target = repositoryOf(task, github.host);
    // Not a golden path publishing to GitHub.
    if (!publish.length || !register.length || !target) return Date.parse(task.lastHeartbeatAt ?? task.createdAt);
    const events = await deps.scaffolder.getLogs({ taskId: task.id }, { credentials });
    const end = endOf(task, events).getTime();
    // Nothing created yet, or registered: nothing left behind.
    if (!stepStarted(events, publish) || stepCompleted(events, register) || end < since) return end;
    const { owner, name } = target;
    const repository = `${owner}/${name}`;
    const leave = (reason: string) => {
      report.leftAlone.push({ repository, taskId: task.id, reason });
      logger.debug(`reconciler: left ${repository} of task ${task.id} alone: ${reason}`);
      return end;
    };
    // Backstage's retry resumes the task from its checkpoints: the repository is its until the grace ends.
    if (now - end < deps.graceMs) {
      report.waiting.push(repository);
      return undefined;
    }
    if (registered.has(repository.toLowerCase()))
      return leave('a catalog location names it (a later task, or by hand)');
    const found = await github.lookUp(owner, name);
    if (!found) return end; // Never created, or deleted.
    const { repository: current, redirected } = found;
    // Renamed since: set aside by an earlier pass (archived, or GitHub refused the archive), or by someone else.
    if (redirected) {
      const at = current.owner.toLowerCase() === owner.toLowerCase() ? asideTime(current.name, name) : undefined;
      if (!at || at.getTime() < end - SKEW_MS || at.getTime() > now + SKEW_MS)
        return leave(
          `GitHub redirects it to ${current.owner}/${current.name}: not a set-aside name this reconciler gives it after its task (renamed by someone else)`,
        );
      if (current.archived) return end;
    }
    const created = Date.parse(current.createdAt);
    if (!(created >= Date.parse(task.createdAt) - SKEW_MS && created <= end + SKEW_MS)) {
      const run = `${task.createdAt} to ${new Date(end).toISOString()}`;
      return leave(`GitHub created it at ${current.createdAt}, outside its task's run (${run})`);
    }
    const latest = await taskOf(deps.scaffolder, task.id, credentials);
    if (latest && RUNNING.has(latest.status)) {
      report.waiting.push(repository);
      return undefined;
    }
    if (redirected) return (await finishAside(task.id, repository, current)) ? end : undefined;
    const done = await registerOrSetAside(
      { catalog, logger, credentials, report },
      {
        repository,
        taskId: task.id,
        url: github.fileUrl(owner, name, 'catalog-info.yaml'),
        owner: String(task.spec.parameters.owner),
        why: whyNotRegister(task, events),
      },
      async reason => {
        const aside = asideName(name, new Date(now));
        await github.setAside(owner, name, aside, describeAside(reason, task.id, repository));
        return `${owner}/${aside}`;
      },
    );
    return done ? end : undefined;
  }

  /**
   * Archives a repository an earlier pass renamed to its set-aside name and could not archive (an
   * outage, a rate limit): never renamed again. Answers whether it is done (false: the next pass retries).
   */
  async function finishAside(taskId: string, repository: string, aside: GithubRepository): Promise<boolean> {
    const to = `${aside.owner}/${aside.name}`;
    try {
      await github.archive(aside.owner, aside.name);
    } catch (error) {
      logger.warn(
        `reconciler: could not archive ${to}, set aside from ${repository} (next pass retries): ${(error as Error).message}`,
      );
      return false;
    }
    const reason = 'an earlier pass renamed it and could not archive it';
    report.quarantined.push({ repository, reason, taskId, to });
    logger.warn(`reconciler: archived ${to}, set aside from ${repository}: ${reason}`);
    return true;
  }
}

/** Failed and cancelled tasks, newest created first, until those created before `since`. */
async function* endedTasks(
  scaffolder: GithubReconcilerDeps['scaffolder'],
  credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  since: number,
): AsyncGenerator<ScaffolderTask> {
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await scaffolder.listTasks(
      { status: ['failed', 'cancelled'], limit: PAGE, offset },
      { credentials },
    );
    yield* items;
    // A task created before the window may still have ended in it (a retry), so its page is read whole.
    if (items.length < PAGE || items.every(t => Date.parse(t.createdAt) < since)) return;
  }
}

/** Why a repository whose task ended must be set aside rather than registered, or undefined when it may be registered. */
function whyNotRegister(task: ScaffolderTask, events: Parameters<typeof stepCompleted>[0]): string | undefined {
  if (typeof task.spec.parameters.owner !== 'string') return `its task ${task.id} names no owner`;
  // Registered only when set up as a completed task leaves it: published (main protected) and change control set.
  const setUp = [...stepIdsOf(task, PUBLISH_ACTION), ...stepIdsOf(task, CHANGE_CONTROL_ACTION)];
  const unfinished = setUp.filter(id => !stepCompleted(events, [id]));
  return unfinished.length
    ? `its task ${task.id} ended (${task.status}) before ${unfinished.join(' and ')} completed`
    : undefined;
}

const SLUG = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The repository a task's publish:github step names: its `repoUrl` (`<host>?owner=...&repo=...`), each
 * value literal or one `${{ parameters.<key> }}` (as templates/steps/service.yaml writes it), read from
 * the task's parameters. Undefined for another host or anything else.
 */
export function repositoryOf(task: ScaffolderTask, host: string): { owner: string; name: string } | undefined {
  const step = task.spec.steps.find(s => s.action === PUBLISH_ACTION);
  const repoUrl = step?.input?.repoUrl;
  if (typeof repoUrl !== 'string') return undefined;
  const [urlHost, query] = repoUrl.split('?', 2);
  if (urlHost?.toLowerCase() !== host.toLowerCase() || !query) return undefined;
  const params = new URLSearchParams(query);
  const value = (key: string) => {
    const raw = params.get(key);
    if (raw === null) return undefined;
    const parameter = /^\$\{\{\s*parameters\.([A-Za-z0-9_]+)\s*\}\}$/.exec(raw)?.[1];
    const resolved = parameter ? task.spec.parameters[parameter] : raw;
    return typeof resolved === 'string' && SLUG.test(resolved) ? resolved : undefined;
  };
  const owner = value('owner');
  const name = value('repo');
  return owner && name ? { owner, name } : undefined;
}

/** `<name>-set-aside-<yyyymmddhhmm>`, the name cut so the whole fits GitHub's 100 characters. */
export function asideName(name: string, at: Date): string {
  const suffix = `-set-aside-${at.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;
  return `${name.slice(0, GITHUB_NAME_MAX - suffix.length)}${suffix}`;
}

/** When `asideName(name, at)` made `candidate` (GitHub's names ignore case), or undefined when it did not. */
export function asideTime(candidate: string, name: string): Date | undefined {
  const stamp = /-set-aside-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/i.exec(candidate)?.slice(1).map(Number);
  if (!stamp) return undefined;
  const [year, month, day, hour, minute] = stamp as [number, number, number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute));
  return asideName(name, at).toLowerCase() === candidate.toLowerCase() ? at : undefined;
}

function describeAside(reason: string, taskId: string, repository: string): string {
  const text = `Set aside by the Golden Path reconciler (was ${repository}, task ${taskId}): ${reason}`;
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}
