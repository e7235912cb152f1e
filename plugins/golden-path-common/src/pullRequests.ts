/**
 * Upgrade pull requests, as the backend serves them to the portal. On the embedded remote the
 * backend keeps these records itself; on GitHub the pull request is GitHub's and the record is
 * what the golden-path:upgrade action reported when it opened it.
 */

/** managed: the platform's; merged: three-way merged; seeded: the owners', never touched again. */
export type PullRequestFileClass = 'managed' | 'merged' | 'seeded';

/** What the upgrade did to a file (see @golden-path/upgrade's Outcome). */
export type PullRequestFileOutcome = 'added' | 'updated' | 'merged' | 'conflict' | 'overwritten' | 'deleted';

/** Why a file needs a decision (see @golden-path/upgrade's ConflictReason). */
export type PullRequestConflictReason = 'both-changed' | 'deleted-locally' | 'removed-upstream' | 'binary';

export type PullRequestState = 'open' | 'merged' | 'closed';

export interface PullRequestFile {
  path: string;
  class: PullRequestFileClass;
  outcome: PullRequestFileOutcome;
}

export interface PullRequestConflict {
  path: string;
  class: PullRequestFileClass;
  reason: PullRequestConflictReason;
  /** Conflicting hunks left between markers (both-changed). */
  hunks?: number;
}

/** How the recorded values became the new version's. */
export interface PullRequestValues {
  /** New fields, given or defaulted. */
  added: Record<string, unknown>;
  /** Fields the new version no longer has, with their old value. */
  dropped: Record<string, unknown>;
  /** Old name → new name (a migration). */
  renamed: Record<string, string>;
}

export interface PullRequestChangelogEntry {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  changes: string[];
}

/** One validator's part of a gate verdict. */
export interface PullRequestValidatorSummary {
  validator: string;
  /** No error finding and not skipped. */
  passed: boolean;
  errors: number;
  warnings: number;
  /** Why it did not run. */
  skipped?: string;
  /** The first few findings, `file:line: message`. */
  findings?: string[];
}

/** The policy gate (golden-path:check's validators) on the branch's content: the merged result. */
export interface PullRequestGate {
  passed: boolean;
  /** The commit the gate ran on. */
  commit: string;
  /** ISO 8601. */
  checkedAt: string;
  validators: PullRequestValidatorSummary[];
  /** Why the gate did not run to a verdict (e.g. conflict markers left in files); `passed` is then false. */
  error?: string;
}

export interface PullRequestRepository {
  /** owner/name: the org folder and repository name on the remote (GitHub: org/repo). */
  slug: string;
  /** The catalog entity the repository belongs to, e.g. component:default/payments-api. */
  entityRef: string;
}

/** An upgrade pull request: golden-path/upgrade-<version> into main. */
export interface PullRequestRecord {
  /** Per repository, from 1. */
  number: number;
  repository: PullRequestRepository;
  title: string;
  /** The upgrade branch, golden-path/upgrade-<version>. */
  branch: string;
  /** The branch it merges into (main). */
  base: string;
  /** The golden path's id. */
  template: string;
  fromVersion: string;
  toVersion: string;
  state: PullRequestState;
  /** The branch's head commit and main's commit when the record was made or last updated. */
  head: string;
  baseCommit: string;
  /** The commit main moved to when merged. */
  mergeCommit?: string;
  files: PullRequestFile[];
  /** Files committed with markers or needing a decision; resolve them on the branch before merging. */
  conflicts: PullRequestConflict[];
  values: PullRequestValues;
  /** The changelog entries after fromVersion up to toVersion, newest first. */
  changelog: PullRequestChangelogEntry[];
  /** The gate on the branch's content; absent until it ran. */
  gate?: PullRequestGate;
  /** ISO 8601. */
  createdAt: string;
  mergedAt?: string;
  /** The user who started the upgrade (user:default/ada). */
  author: string;
  mergedBy?: string;
  /** Where a person opens it: GitHub's page, or the portal's page of an embedded-remote record. */
  url: string;
  /** 'embedded' (records kept by the backend; merged through its API) or 'github'. */
  provider: 'embedded' | 'github';
}

/** Base path of the golden-path backend plugin's API. */
export const GOLDEN_PATH_API_BASE = '/api/golden-path';

/**
 * The backend's routes, relative to GOLDEN_PATH_API_BASE:
 * - GET  /v1/pulls?entityRef=<ref>&state=open|merged|closed → {items: PullRequestRecord[]}
 *   (every repository's when entityRef is absent; newest first)
 * - GET  /v1/pulls/:owner/:name/:number → PullRequestRecord (404 unknown)
 * - POST /v1/pulls/:owner/:name/:number/merge → PullRequestRecord (merged). 403 unless the caller
 *   is in the entity's owner group or the platform group; 409 with {error:{message}} when it cannot
 *   merge (conflict markers on the branch, the gate fails on the merged result, main moved in a
 *   conflicting way, not open).
 */
export const pullRequestPaths = {
  list: '/v1/pulls',
  one: (slug: string, number: number) => `/v1/pulls/${slug}/${number}`,
  merge: (slug: string, number: number) => `/v1/pulls/${slug}/${number}/merge`,
} as const;

/** The portal's page of an embedded-remote pull request. */
export function pullRequestPagePath(slug: string, number: number): string {
  return `/golden-path/pulls/${slug}/${number}`;
}

export interface PullRequestList {
  items: PullRequestRecord[];
}
