import {
  ENVIRONMENT_KINDS,
  PREVIEW_STACK_NAME,
  PREVIEW_TTL_HOURS_MAX,
  TENANT_GITHUB_ENVIRONMENTS,
  type EnvironmentEntry,
  type EnvironmentKind,
} from './environments.js';
import { parseFargateSize } from './fargate.js';

/** Why an entry is refused: the field at fault (absent: the entry as a whole) and a sentence that names it. */
export interface EntryFault {
  field?: keyof EnvironmentEntry;
  message: string;
}

/** An environment's name, as a pattern (a tenant's name has its shape; its length is its stack's). */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/**
 * A name is a GitHub environment, the platform's SSM prefix (/platform/<name>) and the service
 * module's `environment` variable, which takes 32 characters (^[a-z][a-z0-9-]{0,31}$). No AWS name
 * is made of it (main's stacks are named after the service; a branch tenant's <service>-<tenant> is
 * limited by tenantNameProblem), so nothing needs fewer: the form's old 20 had no reason.
 */
export const ENVIRONMENT_NAME_MAX = 32;
/** GitHub takes at most six required reviewers per environment (golden-path:github-reviewers refuses more). */
export const APPROVERS_MAX = 6;
/** The retentions CloudWatch Logs accepts (PutRetentionPolicy): any other fails at terraform apply. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/**
 * Autoscaling's bounds: at least one task (the service module refuses desired_count 0), at most the
 * platform's 50 always running and 100 in all, the bounds the form gives the service's own counts.
 */
export const DESIRED_COUNT_MAX = 50;
export const MAX_COUNT_MAX = 100;
const ACCOUNT = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]$/;
/** A GitHub login or organisation, then optionally `/<team-slug>`. */
const APPROVER = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})(?:\/([A-Za-z0-9._-]{1,100}))?$/;
/** `group:[<namespace>/]<name>`, `[<namespace>/]<name>`: the catalog's entity name rules. */
const GROUP_REF = /^(?:group:)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
const COST_CAP_MAX = 10_000_000;

/** Whether a name can name an environment (an entry, a host, a tenant's branch). */
export const isEnvironmentName = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= ENVIRONMENT_NAME_MAX && ENVIRONMENT_NAME.test(v);

/** An approver: a GitHub user's `<login>` (`owner` alone) or a team, `<org>/<team-slug>`; undefined if neither. */
export function parseApprover(value: unknown): { owner: string; team?: string } | undefined {
  const parts = typeof value === 'string' ? APPROVER.exec(value) : null;
  if (!parts) return undefined;
  return parts[2] === undefined ? { owner: parts[1]! } : { owner: parts[1]!, team: parts[2] };
}

/** A value from the data, quoted and cut short, for a message (the file is anyone's to write). */
export function shown(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const RETENTIONS = LOG_RETENTION_DAYS.join(', ');

const isInteger = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** `<field> <value> <rule>`: the field, what it holds and what it must be. */
const bad = (field: keyof EnvironmentEntry, value: unknown, rule: string): EntryFault => ({
  field,
  message: `${field} ${shown(value)} ${rule}`,
});

/**
 * Checks one entry on its own (the list's rules are checkEnvironments'): the entry with every
 * field typed, or the first fault found.
 */
export function checkEnvironmentEntry(raw: unknown): EnvironmentEntry | EntryFault {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { message: 'must be a mapping of fields' };
  const e = raw as Record<string, unknown>;
  if (!isEnvironmentName(e.name))
    return bad(
      'name',
      e.name,
      `must be lowercase letters, digits and single hyphens, starting with a letter, at most ${ENVIRONMENT_NAME_MAX} characters`,
    );
  if (TENANT_GITHUB_ENVIRONMENTS.includes(e.name))
    return bad('name', e.name, 'is reserved: it is a GitHub environment of the tenant workflow (tenant.yml)');
  if (PREVIEW_STACK_NAME.test(e.name))
    return bad('name', e.name, "is reserved: <service>-pr-<number> is the name of a pull request's preview stack");
  if (!ENVIRONMENT_KINDS.includes(e.kind as EnvironmentKind))
    return bad('kind', e.kind, `must be one of ${ENVIRONMENT_KINDS.join(', ')}`);
  const account = e.awsAccountId ?? '';
  if (account !== '' && (typeof account !== 'string' || !ACCOUNT.test(account)))
    return bad('awsAccountId', account, "must be 12 digits (quoted) or ''");
  if (typeof e.awsRegion !== 'string' || !REGION.test(e.awsRegion))
    return bad('awsRegion', e.awsRegion, 'must be an AWS region such as eu-west-1');
  const size = isInteger(e.cpu, 1, 1e6) && isInteger(e.memory, 1, 1e7) ? parseFargateSize(`${e.cpu}-${e.memory}`) : '';
  if (typeof size === 'string')
    return { field: 'cpu', message: `cpu ${shown(e.cpu)} and memory ${shown(e.memory)}: not a Fargate task size` };
  if (!isInteger(e.desiredCount, 1, DESIRED_COUNT_MAX))
    return bad('desiredCount', e.desiredCount, `must be a whole number from 1 to ${DESIRED_COUNT_MAX}`);
  if (!isInteger(e.maxCount, e.desiredCount, MAX_COUNT_MAX))
    return bad(
      'maxCount',
      e.maxCount,
      `must be a whole number, at least desiredCount (${e.desiredCount}) and at most ${MAX_COUNT_MAX}`,
    );
  if (typeof e.logRetentionDays !== 'number' || !LOG_RETENTION_DAYS.includes(e.logRetentionDays))
    return bad('logRetentionDays', e.logRetentionDays, `must be a number of days CloudWatch keeps logs: ${RETENTIONS}`);
  const approvers = e.approvers ?? [];
  if (!Array.isArray(approvers) || !approvers.every(a => parseApprover(a) !== undefined))
    return bad('approvers', approvers, 'must be a list of GitHub users or org/team slugs');
  if (approvers.length > APPROVERS_MAX)
    return bad(
      'approvers',
      approvers,
      `must be at most ${APPROVERS_MAX}: GitHub takes no more required reviewers (name a team instead of its members)`,
    );
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
  const preview = entry.kind === 'preview';
  if (e.owner !== undefined || tenant) {
    if (typeof e.owner !== 'string' || e.owner.length > 140 || !GROUP_REF.test(e.owner))
      return bad(
        'owner',
        e.owner,
        `must be a group, such as group:default/acme-bank-ops${tenant ? ' (every tenant has one)' : ''}`,
      );
    entry.owner = e.owner;
  }
  if (e.monthlyCostCap !== undefined || tenant) {
    const cap = e.monthlyCostCap;
    if (typeof cap !== 'number' || !Number.isFinite(cap) || cap <= 0 || cap > COST_CAP_MAX)
      return bad(
        'monthlyCostCap',
        cap,
        `must be a positive number of US dollars${tenant ? ' (every tenant has one)' : ''}`,
      );
    entry.monthlyCostCap = cap;
  }
  if (e.host !== undefined) {
    // The preview entry's host is checked against the list (checkEnvironments).
    if (!isEnvironmentName(e.host)) return bad('host', e.host, 'must be the name of an environment');
    if (!tenant && !preview)
      return bad('host', e.host, 'is for the preview entry (kind preview) and a tenant added by its branch only');
    entry.host = e.host;
  }
  if (e.ttlHours !== undefined || preview) {
    if (!preview) return bad('ttlHours', e.ttlHours, 'is for the preview entry (kind preview) only');
    if (!isInteger(e.ttlHours, 1, PREVIEW_TTL_HOURS_MAX))
      return bad('ttlHours', e.ttlHours, `must be a whole number of hours from 1 to ${PREVIEW_TTL_HOURS_MAX}`);
    entry.ttlHours = e.ttlHours;
  }
  return entry;
}

/** One entry on its own, or why not: for an entry read alone (a tenant's, from its branch). */
export function parseEnvironmentEntry(raw: unknown): EnvironmentEntry | string {
  const checked = checkEnvironmentEntry(raw);
  return 'message' in checked ? checked.message : checked;
}
