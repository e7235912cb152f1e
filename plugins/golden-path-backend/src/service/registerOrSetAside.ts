import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { registerOwnedLocation, type LocationCatalog } from '@golden-path/node';

/** What a pass did with the repositories ended tasks left unregistered. Repositories are `owner/name`. */
export interface SettledReport {
  /** Published by a task that ended without registering them: now registered. */
  registered: { repository: string; entityRef: string; taskId: string }[];
  /** Not to be registered, or refused by the catalog: set aside (`to`: where), with the reason. */
  quarantined: { repository: string; reason: string; taskId?: string; to?: string }[];
  /** Their task still runs, or may be retried: left to it. */
  waiting: string[];
}

/** A repository an ended task published and never registered. */
export interface Unregistered {
  repository: string;
  taskId: string;
  /** Its catalog-info.yaml's URL, as the catalog reads it. */
  url: string;
  /** The task's `owner` parameter: every entity in the file must be owned by it. */
  owner: string;
  /** Why it must not be registered (set aside instead), or undefined when it may. */
  why: string | undefined;
}

/**
 * The one decision both passes of the reconciler make: register the repository as golden-path:register
 * would (registerOwnedLocation: the file's entities all owned by the task's owner), or set it aside with
 * the reason when it must not be or the catalog refuses it (NotAllowedError). A location registered
 * meanwhile (ConflictError) needs nothing; any other failure is retried by the next pass. Answers
 * whether the repository is settled (false: the next pass must try again).
 */
export async function registerOrSetAside(
  ctx: { catalog: LocationCatalog; logger: LoggerService; credentials: BackstageCredentials; report: SettledReport },
  found: Unregistered,
  /** Sets the repository aside; answers where it went. */
  setAside: (reason: string) => Promise<string>,
): Promise<boolean> {
  const { repository, taskId } = found;
  let reason = found.why;
  if (!reason) {
    try {
      const entityRef = await registerOwnedLocation(ctx.catalog, {
        url: found.url,
        owner: found.owner,
        credentials: ctx.credentials,
      });
      ctx.report.registered.push({ repository, entityRef, taskId });
      ctx.logger.info(`reconciler: registered ${repository}, published by task ${taskId} which never registered it`);
      return true;
    } catch (error) {
      const { name: kind, message } = error as Error;
      // Its task registered it since the locations were read: nothing to do.
      if (kind === 'ConflictError') return true;
      // A file naming someone else's team is never registered; anything else is retried next pass.
      if (kind !== 'NotAllowedError') {
        ctx.logger.warn(`reconciler: could not register ${repository} (next pass retries): ${message}`);
        return false;
      }
      reason = `registration refused: ${message}`;
    }
  }
  let to: string;
  try {
    to = await setAside(reason);
  } catch (error) {
    ctx.logger.warn(`reconciler: could not set ${repository} aside (next pass retries): ${(error as Error).message}`);
    return false;
  }
  ctx.report.quarantined.push({ repository, reason, taskId, to });
  ctx.logger.warn(`reconciler: set ${repository} aside as ${to}: ${reason}`);
  return true;
}
