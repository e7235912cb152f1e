import {
  ENVIRONMENTS_FILE,
  parseEnvironmentEntry,
  parseEnvironmentsFile,
  TENANT_BRANCH_PREFIX,
  tenantEntryProblem,
  tenantHost,
  tenantNameProblem,
  type EnvironmentEntry,
  type TenantContext,
} from '@golden-path/common';
import { parse } from 'yaml';
import type { LocalGitRemote } from './LocalGitRemote.js';

/** An environment of a repository and where it was read: main (with its promotion order) or its tenant branch. */
export type RepositoryEnvironment = {
  entry: EnvironmentEntry;
  branch: string;
  order?: number;
};

export type RepositoryEnvironments = {
  environments: RepositoryEnvironment[];
  /** What was refused, one sentence each, naming the branch, the entry and the field. */
  problems: string[];
};

/** Where the environments are read from: main's commit and each tenant branch's. */
export interface EnvironmentCommits {
  main: string;
  /** At most TENANT_BRANCHES_MAX, by name. */
  tenants: { branch: string; commit: string }[];
  /** The repository has more tenant branches than those, left unread. */
  more?: boolean;
}

/** A repository's infra/environments.yaml at a commit (undefined: none there), on whichever host. */
export type EnvironmentsFileAt = (commit: string) => Promise<Buffer | undefined>;

/** A larger file is refused unread (the data of a dozen environments is a few kilobytes). */
export const ENVIRONMENTS_FILE_MAX_BYTES = 256 * 1024;
/** The tenant branches read per repository; the rest are a problem. */
export const TENANT_BRANCHES_MAX = 100;

/**
 * The commits a repository's environments come from: `ref`'s (main's) and its `tenants/*` branches'
 * (bounded), both asked at once; undefined when `ref` names no commit.
 */
export async function environmentCommits(
  remote: LocalGitRemote,
  owner: string,
  name: string,
  ref: string,
): Promise<EnvironmentCommits | undefined> {
  const [main, tenants] = await Promise.all([
    remote.resolveCommit(owner, name, ref),
    remote.branches(owner, name, TENANT_BRANCH_PREFIX, TENANT_BRANCHES_MAX + 1),
  ]);
  if (!main) return undefined;
  if (tenants.length <= TENANT_BRANCHES_MAX) return { main, tenants };
  return { main, tenants: tenants.slice(0, TENANT_BRANCHES_MAX), more: true };
}

/** The embedded remote's repository's file at a commit. */
export function remoteEnvironmentsFile(remote: LocalGitRemote, owner: string, name: string): EnvironmentsFileAt {
  return async commit => (await remote.readFile({ owner, name, ref: commit, path: ENVIRONMENTS_FILE }))?.content;
}

/**
 * A repository's environments (issue 15): main's infra/environments.yaml in promotion order, then
 * each tenant's entry from its own `tenants/<tenant>` branch (the entry named as the branch, of kind
 * tenant, hosted by main's tenant host), listed only if the repository's tenant workflow would
 * deploy it (@golden-path/common's tenantNameProblem and tenantEntryProblem: its rules, for the
 * service's AWS name, `serviceAwsName`). The files are the owners' to push, so nothing here throws
 * on what they hold: each bad entry, branch or file is a problem and the rest is read.
 */
export async function readRepositoryEnvironments(
  fileAt: EnvironmentsFileAt,
  commits: EnvironmentCommits,
  serviceAwsName: string,
): Promise<RepositoryEnvironments> {
  const { environments, problems } = mainEnvironments(await fileAt(commits.main));
  const context: TenantContext = { serviceAwsName, tenantHost: tenantHost(environments.map(e => e.entry))?.name };
  if (commits.more)
    problems.push(
      `${TENANT_BRANCH_PREFIX}*: more than ${TENANT_BRANCHES_MAX} tenant branches; the first ${TENANT_BRANCHES_MAX} by name are read`,
    );
  for (const { branch, commit } of commits.tenants) {
    const tenant = branch.slice(TENANT_BRANCH_PREFIX.length);
    const found = tenantNameProblem(tenant, context) ?? tenantEntry(await fileAt(commit), tenant, context);
    if (typeof found === 'string') problems.push(`${branch}: ${found}`);
    else if (environments.some(e => e.entry.name === tenant))
      problems.push(`${branch}: main already has an environment named ${tenant}`);
    else environments.push({ entry: found, branch });
  }
  return { environments, problems };
}

/**
 * The environments of a repository's main branch from its infra/environments.yaml (undefined: the
 * repository has none), in promotion order, with a problem for each entry refused: on any host
 * (the embedded remote's bytes, or GitHub's).
 */
export function mainEnvironments(content: Buffer | undefined, branch = 'main'): RepositoryEnvironments {
  const environments: RepositoryEnvironment[] = [];
  const data = content && parseData(content);
  if (!data) return { environments, problems: [] };
  if ('problem' in data) return { environments, problems: [`${branch}: ${data.problem}`] };
  const parsed = parseEnvironmentsFile(data.data);
  parsed.environments.forEach((entry, i) => environments.push({ entry, branch, order: i + 1 }));
  return { environments, problems: parsed.problems.map(p => `${branch}: ${p}`) };
}

/** The tenant's own entry in its branch's file, or why there is none the tenant workflow deploys. */
function tenantEntry(content: Buffer | undefined, tenant: string, context: TenantContext): EnvironmentEntry | string {
  if (!content) return `${ENVIRONMENTS_FILE} is missing`;
  const data = parseData(content);
  if ('problem' in data) return data.problem;
  const list = (data.data as { environments?: unknown } | null)?.environments;
  const named = Array.isArray(list)
    ? list.filter(e => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === tenant)
    : [];
  if (!named.length) return `${ENVIRONMENTS_FILE} has no environment named ${tenant}`;
  // The workflow reads the entry by its name: one only, or it could deploy another than the one shown.
  if (named.length > 1)
    return `${ENVIRONMENTS_FILE} lists ${tenant} ${named.length} times; a tenant's branch lists it once`;
  const raw: unknown = named[0];
  const entry = parseEnvironmentEntry(raw);
  if (typeof entry === 'string') return `${ENVIRONMENTS_FILE} environment ${tenant}: ${entry}`;
  const problem = tenantEntryProblem(entry, context);
  return problem ? `${ENVIRONMENTS_FILE} environment ${tenant}: ${problem}` : entry;
}

/** The file's parsed YAML, or why it cannot be read. */
function parseData(content: Buffer): { data: unknown } | { problem: string } {
  if (content.length > ENVIRONMENTS_FILE_MAX_BYTES)
    return { problem: `${ENVIRONMENTS_FILE} is larger than ${ENVIRONMENTS_FILE_MAX_BYTES} bytes` };
  try {
    // The library refuses alias expansion past its bound (no "billion laughs").
    return { data: parse(content.toString('utf8'), { maxAliasCount: 100 }) };
  } catch (error) {
    const reason = String((error as Error).message)
      .split('\n')[0]!
      .slice(0, 80);
    return { problem: `${ENVIRONMENTS_FILE} is not YAML (${reason})` };
  }
}
