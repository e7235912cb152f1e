import { parseFargateSize } from './fargate.js';

/**
 * A generated repository's environments as data (issue 15): `infra/environments.yaml` lists them in
 * promotion order; a tenant's entry lives on its own `tenants/<tenant>` branch. This is the one
 * reading of that file: the engine renders it from entries of this shape, the catalog reads it back
 * (a file anyone with push rights can change, so every entry is checked and a bad one is reported,
 * never trusted and never fatal).
 */
export const ENVIRONMENTS_FILE = 'infra/environments.yaml';
/** A tenant's branch: `tenants/<tenant>`. */
export const TENANT_BRANCH_PREFIX = 'tenants/';

export const ENVIRONMENT_KINDS = ['staging', 'production', 'tenant', 'preview'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** One entry of infra/environments.yaml. */
export type EnvironmentEntry = {
  name: string;
  kind: EnvironmentKind;
  /** Empty when the data does not pin the account (the deploy role's credentials decide). */
  awsAccountId: string;
  awsRegion: string;
  /** The Fargate task size: CPU units and memory (MiB). */
  cpu: number;
  memory: number;
  /** Autoscaling's bounds. */
  desiredCount: number;
  maxCount: number;
  logRetentionDays: number;
  /** GitHub users or org/team slugs who approve a deployment (none: no review). */
  approvers: string[];
  /** Who owns the environment (a Group ref); a tenant must name one, others default to the service's owner. */
  owner?: string;
  /** A tenant's monthly cost cap in USD (its budget alarms at 80 % and 100 %); required for a tenant. */
  monthlyCostCap?: number;
  /**
   * Whose account, region, cluster and network another stack runs in: a branch tenant's host (the
   * environment of kind production on main), or the preview entry's (a deployable entry of the file).
   */
  host?: string;
  /** The preview entry's: a pull request's preview is destroyed this many hours after its last deploy. */
  ttlHours?: number;
};

export interface ParsedEnvironments {
  /** The entries that passed every check, in the file's order. */
  environments: EnvironmentEntry[];
  /** One sentence per refused entry (or for the file), naming the entry and the field. */
  problems: string[];
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const NAME_MAX = 32;
const ACCOUNT = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]$/;
const APPROVER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/;
/** `group:[<namespace>/]<name>`, `[<namespace>/]<name>`: the catalog's entity name rules. */
const GROUP_REF = /^(?:group:)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
const COST_CAP_MAX = 10_000_000;
/** The GitHub environment every pull request's preview deploys in, whatever the preview entry's name. */
export const PREVIEW_GITHUB_ENVIRONMENT = 'preview';
/** A preview lives at most two weeks after its last deploy. */
export const PREVIEW_TTL_HOURS_MAX = 336;
/** An entry the file could name endlessly: the report says how many more there were. */
const MAX_ENTRIES = 50;

/** Text from the file, quoted and cut short, for a message (the file is anyone's to write). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const isInteger = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks one entry; the entry with every field typed, or why not (the first problem found). */
export function parseEnvironmentEntry(raw: unknown): EnvironmentEntry | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'must be a mapping of fields';
  const e = raw as Record<string, unknown>;
  if (typeof e.name !== 'string' || e.name.length > NAME_MAX || !NAME.test(e.name))
    return `name ${shown(e.name)} must be lowercase letters, digits and single hyphens, starting with a letter, at most ${NAME_MAX} characters`;
  if (!ENVIRONMENT_KINDS.includes(e.kind as EnvironmentKind))
    return `kind ${shown(e.kind)} must be one of ${ENVIRONMENT_KINDS.join(', ')}`;
  const account = e.awsAccountId ?? '';
  if (account !== '' && (typeof account !== 'string' || !ACCOUNT.test(account)))
    return `awsAccountId ${shown(account)} must be 12 digits (quoted) or ''`;
  if (typeof e.awsRegion !== 'string' || !REGION.test(e.awsRegion))
    return `awsRegion ${shown(e.awsRegion)} must be an AWS region such as eu-west-1`;
  const size = isInteger(e.cpu, 1, 1e6) && isInteger(e.memory, 1, 1e7) ? parseFargateSize(`${e.cpu}-${e.memory}`) : '';
  if (typeof size === 'string') return `cpu ${shown(e.cpu)} and memory ${shown(e.memory)}: not a Fargate task size`;
  if (!isInteger(e.desiredCount, 0, 1000)) return `desiredCount ${shown(e.desiredCount)} must be a whole number`;
  if (!isInteger(e.maxCount, e.desiredCount, 1000))
    return `maxCount ${shown(e.maxCount)} must be a whole number, at least desiredCount`;
  if (!isInteger(e.logRetentionDays, 1, 3653))
    return `logRetentionDays ${shown(e.logRetentionDays)} must be a number of days`;
  const approvers = e.approvers ?? [];
  if (
    !Array.isArray(approvers) ||
    approvers.length > 20 ||
    !approvers.every(a => typeof a === 'string' && APPROVER.test(a))
  )
    return `approvers ${shown(approvers)} must be a list of GitHub users or org/team slugs`;
  const entry: EnvironmentEntry = {
    name: e.name,
    kind: e.kind as EnvironmentKind,
    awsAccountId: account,
    awsRegion: e.awsRegion,
    cpu: e.cpu as number,
    memory: e.memory as number,
    desiredCount: e.desiredCount,
    maxCount: e.maxCount,
    logRetentionDays: e.logRetentionDays,
    approvers: approvers as string[],
  };
  const tenant = entry.kind === 'tenant';
  if (e.owner !== undefined || tenant) {
    if (typeof e.owner !== 'string' || e.owner.length > 140 || !GROUP_REF.test(e.owner))
      return `owner ${shown(e.owner)} must be a group, such as group:default/acme-bank-ops${tenant ? ' (every tenant has one)' : ''}`;
    entry.owner = e.owner;
  }
  if (e.monthlyCostCap !== undefined || tenant) {
    const cap = e.monthlyCostCap;
    if (typeof cap !== 'number' || !Number.isFinite(cap) || cap <= 0 || cap > COST_CAP_MAX)
      return `monthlyCostCap ${shown(cap)} must be a positive number of US dollars${tenant ? ' (every tenant has one)' : ''}`;
    entry.monthlyCostCap = cap;
  }
  if (e.host !== undefined) {
    if (typeof e.host !== 'string' || e.host.length > NAME_MAX || !NAME.test(e.host))
      return `host ${shown(e.host)} must be the name of an environment`;
    entry.host = e.host;
  }
  if (entry.kind === 'preview' && entry.host === undefined)
    return 'host must name the environment whose account and cluster host the previews';
  if (e.ttlHours !== undefined || entry.kind === 'preview') {
    if (entry.kind !== 'preview') return `ttlHours ${shown(e.ttlHours)}: only the preview entry (kind preview) has one`;
    if (!isInteger(e.ttlHours, 1, PREVIEW_TTL_HOURS_MAX))
      return `ttlHours ${shown(e.ttlHours)} must be a whole number of hours from 1 to ${PREVIEW_TTL_HOURS_MAX}`;
    entry.ttlHours = e.ttlHours;
  }
  return entry;
}

/** An entry main's pipeline deploys: neither the preview entry nor a branch tenant's (which names a host). */
export const isDeployable = (e: EnvironmentEntry): boolean => e.kind !== 'preview' && e.host === undefined;

/**
 * The entries of infra/environments.yaml (its parsed YAML): the good ones, and a problem for each
 * bad one (kept out), for a name given twice and for a second preview entry (the second is kept
 * out), and for a preview entry whose host is not a deployable entry of the file (kept out).
 */
export function parseEnvironmentsFile(data: unknown): ParsedEnvironments {
  const list = (data as { environments?: unknown } | null | undefined)?.environments;
  if (typeof data !== 'object' || data === null || !Array.isArray(list))
    return { environments: [], problems: [`${ENVIRONMENTS_FILE} must have a list 'environments'`] };
  const environments: EnvironmentEntry[] = [];
  const problems: string[] = [];
  for (const [i, raw] of list.slice(0, MAX_ENTRIES).entries()) {
    const entry = parseEnvironmentEntry(raw);
    if (typeof entry === 'string') problems.push(`${ENVIRONMENTS_FILE} environment ${i + 1}: ${entry}`);
    else if (environments.some(e => e.name === entry.name))
      problems.push(`${ENVIRONMENTS_FILE} environment ${i + 1}: the name ${entry.name} is given twice`);
    else if (entry.kind === 'preview' && environments.some(e => e.kind === 'preview'))
      problems.push(
        `${ENVIRONMENTS_FILE} environment ${i + 1} (${entry.name}): kind preview is given twice; one entry hosts every preview`,
      );
    else environments.push(entry);
  }
  const preview = environments.findIndex(e => e.kind === 'preview');
  const host = environments[preview]?.host;
  if (preview >= 0 && environments.some(e => e.name === PREVIEW_GITHUB_ENVIRONMENT && isDeployable(e))) {
    problems.push(
      `${ENVIRONMENTS_FILE} environment ${environments[preview]!.name}: an environment main deploys is named ${PREVIEW_GITHUB_ENVIRONMENT}, the GitHub environment of the previews`,
    );
    environments.splice(preview, 1);
  } else if (preview >= 0 && !environments.some(e => e.name === host && isDeployable(e))) {
    problems.push(
      `${ENVIRONMENTS_FILE} environment ${environments[preview]!.name}: host ${shown(host)} must be the name of another environment of the file that main deploys (not a preview or a branch tenant)`,
    );
    environments.splice(preview, 1);
  }
  if (list.length > MAX_ENTRIES)
    problems.push(
      `${ENVIRONMENTS_FILE}: ${list.length - MAX_ENTRIES} environments after the first ${MAX_ENTRIES} were not read`,
    );
  return { environments, problems };
}
