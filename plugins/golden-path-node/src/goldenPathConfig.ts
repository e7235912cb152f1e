import type { Config } from '@backstage/config';
import { resolve } from 'node:path';
import { FALLBACK_AUTHOR } from './author.js';

/** Where new repositories go: the embedded local git remote, or GitHub (`publish:github`). */
export type PublishTarget = 'local' | 'github';

/** Every `goldenPath.*` setting (config.d.ts documents them), read and checked in this one place. */
export interface GoldenPathConfig {
  /** The folder holding the golden paths, absolute. */
  templatesRoot: string;
  publishTarget: PublishTarget;
  /** The GitHub organisations this portal publishes to; undefined: the golden path's own `githubOrg` default. */
  publishOrgs: string[] | undefined;
  /** The embedded git remote's folder (absolute) and the URL its files are browsed under. */
  localRemote: { root: string; browseBaseUrl: string };
  /** Backstage's `scaffolder.defaultAuthor`, else the project's fallback author. */
  defaultAuthor: { name: string; email: string };
  /** The portal's name check: how long an answer is reused, how many are kept, and each user's rate limit. */
  nameCheck: { cacheMs: number; cacheEntries: number; rateLimit: { burst: number; perSecond: number } };
  /** The group whose members administer the portal, as configured (`platform` or a full entity ref). */
  permissions: { platformGroup: string };
  /** The form's preview: how many one user may have queued or running at once, and the Retry-After beyond. */
  preview: { maxPerUser: number; retryAfterSeconds: number };
  /** The policy gate (golden-path:check): validators at a time (undefined: the cores available) and its stored verdicts. */
  check: {
    concurrency: number | undefined;
    /** Gates run at once by this backend (undefined: half the cores, at least one); the rest wait in order. */
    gates: number | undefined;
    /** The memory (MiB) one gate's validators running at once may need together (undefined: the validators' default). */
    memoryMiB: number | undefined;
    verdicts: { ttlMs: number; maxEntries: number; maxBytes: number };
  };
  /**
   * The reconciler of the published repositories with the catalog: how often it runs (ms), how long after
   * start-up, and on GitHub which ended tasks it looks at and how long a retry may take over first.
   */
  reconciler: { frequencyMs: number; initialDelayMs: number; github: { lookBackMs: number; graceMs: number } };
  /** When a new task is refused (503 with Retry-After): how many may wait to start, the free memory a task needs. */
  taskQueue: { maxWaiting: number; minFreeMemoryMiB: number; retryAfterSeconds: number };
}

/** The key the template's steps read (`${{ environment.parameters.publishTarget }}`). */
const TEMPLATE_TARGET_KEY = 'scaffolder.defaultEnvironment.parameters.publishTarget';

/**
 * `goldenPath.publish.target`. Throws when the template's view of it
 * (scaffolder.defaultEnvironment.parameters.publishTarget, where unset means local) disagrees: a task
 * would otherwise publish somewhere the name check never looked.
 */
export function readPublishTarget(config: Config): PublishTarget {
  const target = config.getOptionalString('goldenPath.publish.target') ?? 'local';
  if (target !== 'local' && target !== 'github') {
    throw new Error(`goldenPath.publish.target must be "local" or "github", not "${target}"`);
  }
  const templateTarget = config.getOptionalString(TEMPLATE_TARGET_KEY);
  if ((templateTarget ?? 'local') !== target) {
    throw new Error(
      `goldenPath.publish.target is "${target}" but ${TEMPLATE_TARGET_KEY}, which the template's steps read, is ${
        templateTarget === undefined ? 'not set (local)' : `"${templateTarget}"`
      }; set both to "${target}"`,
    );
  }
  return target;
}

/** Reads `goldenPath.*` (and the scaffolder's default author); relative paths are relative to the backend's working directory. */
export function readGoldenPathConfig(config: Config): GoldenPathConfig {
  const positive = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) throw new Error(`${key} must be a positive number, not ${value}`);
    return value;
  };
  const wholeNumber = (key: string) => {
    const value = config.getOptionalNumber(key);
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new Error(`${key} must be a whole number of at least 1, not ${value}`);
    }
    return value;
  };
  return {
    templatesRoot: resolve(config.getOptionalString('goldenPath.templatesRoot') ?? 'templates'),
    publishTarget: readPublishTarget(config),
    publishOrgs: config.getOptionalStringArray('goldenPath.publish.orgs'),
    localRemote: {
      root: resolve(config.getOptionalString('goldenPath.localRemote.root') ?? '.data/repos'),
      browseBaseUrl: `${config.getString('backend.baseUrl').replace(/\/+$/, '')}/api/golden-path/git`,
    },
    defaultAuthor: {
      name: config.getOptionalString('scaffolder.defaultAuthor.name') ?? FALLBACK_AUTHOR.name,
      email: config.getOptionalString('scaffolder.defaultAuthor.email') ?? FALLBACK_AUTHOR.email,
    },
    nameCheck: {
      cacheMs: positive('goldenPath.nameCheck.cacheSeconds', 30) * 1000,
      cacheEntries: 10_000,
      rateLimit: {
        burst: positive('goldenPath.nameCheck.rateLimit.burst', 20),
        perSecond: positive('goldenPath.nameCheck.rateLimit.perSecond', 2),
      },
    },
    permissions: { platformGroup: config.getOptionalString('goldenPath.permissions.platformGroup') ?? 'platform' },
    preview: {
      maxPerUser: wholeNumber('goldenPath.preview.maxPerUser') ?? 2,
      retryAfterSeconds: wholeNumber('goldenPath.preview.retryAfterSeconds') ?? 10,
    },
    check: {
      concurrency: wholeNumber('goldenPath.check.concurrency'),
      gates: wholeNumber('goldenPath.check.gates'),
      memoryMiB: wholeNumber('goldenPath.check.memoryMiB'),
      verdicts: {
        ttlMs: positive('goldenPath.check.verdicts.ttlSeconds', 15 * 60) * 1000,
        maxEntries: wholeNumber('goldenPath.check.verdicts.maxEntries') ?? 500,
        maxBytes: wholeNumber('goldenPath.check.verdicts.maxBytes') ?? 32 * 1024 * 1024,
      },
    },
    reconciler: {
      frequencyMs: positive('goldenPath.reconciler.frequencySeconds', 300) * 1000,
      initialDelayMs: positive('goldenPath.reconciler.initialDelaySeconds', 30) * 1000,
      github: {
        lookBackMs: positive('goldenPath.reconciler.github.lookBackDays', 7) * 24 * 3600_000,
        graceMs: positive('goldenPath.reconciler.github.graceMinutes', 60) * 60_000,
      },
    },
    taskQueue: {
      maxWaiting: wholeNumber('goldenPath.taskQueue.maxWaiting') ?? 20,
      minFreeMemoryMiB: positive('goldenPath.taskQueue.minFreeMemoryMiB', 256),
      retryAfterSeconds: wholeNumber('goldenPath.taskQueue.retryAfterSeconds') ?? 30,
    },
  };
}
