import { isDeployable, type EnvironmentEntry, type EnvironmentKind } from './environments.js';
import { checkEnvironments, type EnvironmentProblem } from './environmentsCheck.js';
import { checkEnvironmentEntry, isEnvironmentName } from './environmentsEntry.js';
import { parseFargateSize } from './fargate.js';

/**
 * One environment as the form gives it (templates/parameters/aws.yaml `environments`): what it
 * leaves out takes the service's own value. Typed as the form's schema says; the check trusts none of it.
 */
export interface EnvironmentInput {
  name: string;
  kind: EnvironmentKind;
  awsAccountId?: string;
  awsRegion?: string;
  /** `<cpu units>-<memory MiB>`, as the service's own fargateSize. */
  fargateSize?: string;
  desiredCount?: number;
  maxCount?: number;
  logRetentionDays?: number;
  approvers?: string[];
  owner?: string;
  monthlyCostCap?: number;
  host?: string;
  ttlHours?: number;
}

/** The service's own fields an environment's defaults come from: the form's other values. */
export type ServiceValues = Record<string, unknown>;

/** PCI DSS 10.5.1: a year of audit logs. */
export const PCI_LOG_DAYS = 365;
/** A preview's defaults: one task, USD 50 a month, destroyed 72 hours after its last deploy. */
const PREVIEW_DEFAULTS = { count: 1, monthlyCostCap: 50, ttlHours: 72 };

const defaultLogDays = (kind: unknown) => (kind === 'production' ? 90 : kind === 'preview' ? 7 : 30);

export interface CheckedFormEnvironments {
  /** Every entry with its defaults resolved, in the form's order; empty when there is any problem. */
  entries: EnvironmentEntry[];
  /** Every problem, by entry (its position and name), then the list's; the first is the one to show first. */
  problems: EnvironmentProblem[];
}

/**
 * The one answer to "is this value valid for the form's environments field, and if not, which
 * entry, which field and why", for the portal (EnvironmentsPicker's validation, as the user leaves
 * the step) and the engine (deriveEnvironments, on every prepare): each entry with the service's
 * defaults resolved (region, task size, scaling; logs by kind, a year for pci data; the preview
 * entry's host, account, region and TTL), refused where only the form's values can say (a task size
 * that is none, pci logs kept under a year, a tenant with a host), then checkEnvironments: the rules
 * the catalog reads infra/environments.yaml back with. The form's schema holds none of these rules.
 */
export function checkFormEnvironments(value: unknown, service: ServiceValues = {}): CheckedFormEnvironments {
  if (!Array.isArray(value))
    return { entries: [], problems: [{ message: 'must be a list of environments, in promotion order' }] };
  const faults = new Map<number, EnvironmentProblem>();
  const entries = value.map((input: unknown, index) => {
    const resolved = resolveEntry(input, service);
    if ('fault' in resolved) faults.set(index, { index, ...named(input), ...resolved.fault });
    return resolved.entry;
  });
  resolvePreview(entries, value);
  const checked = checkEnvironments(entries);
  // An entry the form refuses is reported for that, not for what its refusal left unresolved.
  const problems = [...faults.values(), ...checked.problems.filter(p => p.index === undefined || !faults.has(p.index))];
  problems.sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  return { entries: problems.length ? [] : (entries as EnvironmentEntry[]), problems };
}

/** The entry's name for a problem, when it is a valid one (as checkEnvironments names entries). */
function named(input: unknown): { name?: string } {
  const name = (input as { name?: unknown } | null)?.name;
  return isEnvironmentName(name) ? { name } : {};
}

type Resolved = { entry: unknown } | { entry: unknown; fault: Omit<EnvironmentProblem, 'index' | 'name'> };

/** An entry with the service's defaults (anything but a mapping as it is: the check refuses it), or why the form refuses it. */
function resolveEntry(input: unknown, service: ServiceValues): Resolved {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { entry: input };
  const e = input as Partial<Record<keyof EnvironmentInput, unknown>>;
  const isPreview = e.kind === 'preview';
  const size = parseFargateSize(String(e.fargateSize ?? service.fargateSize ?? '512-1024'));
  const desiredCount = e.desiredCount ?? (isPreview ? PREVIEW_DEFAULTS.count : Number(service.desiredCount ?? 2));
  const maxCount =
    e.maxCount ?? (isPreview ? desiredCount : Math.max(Number(service.maxCount ?? desiredCount), Number(desiredCount)));
  const pci = service.dataClassification === 'pci';
  const logRetentionDays = e.logRetentionDays ?? (pci ? PCI_LOG_DAYS : defaultLogDays(e.kind));
  const monthlyCostCap = e.monthlyCostCap ?? (isPreview ? PREVIEW_DEFAULTS.monthlyCostCap : undefined);
  const entry = {
    name: e.name,
    kind: e.kind,
    awsAccountId: e.awsAccountId ?? '',
    awsRegion: e.awsRegion ?? String(service.awsRegion ?? 'eu-west-1'),
    ...(typeof size === 'string' ? {} : { cpu: size.cpu, memory: size.memory }),
    desiredCount,
    maxCount,
    logRetentionDays,
    approvers: e.approvers ?? [],
    ...(e.owner === undefined ? {} : { owner: e.owner }),
    ...(monthlyCostCap === undefined ? {} : { monthlyCostCap }),
    ...(e.host === undefined ? {} : { host: e.host }),
    ...(e.ttlHours === undefined && !isPreview ? {} : { ttlHours: e.ttlHours ?? PREVIEW_DEFAULTS.ttlHours }),
  };
  // Only the preview entry has a host here: a tenant with one is added by its branch, not deployed by main.
  if (e.kind === 'tenant' && e.host !== undefined)
    return {
      entry,
      fault: {
        field: 'host',
        message:
          'host is for the preview entry (kind preview) only here: a tenant with a host is added by its branch (tenants/<tenant>)',
      },
    };
  if (typeof size === 'string') return { entry, fault: { message: `fargateSize ${size}` } };
  if (pci && typeof logRetentionDays === 'number' && logRetentionDays < PCI_LOG_DAYS)
    return {
      entry,
      fault: {
        field: 'logRetentionDays',
        message: `logRetentionDays must be at least ${PCI_LOG_DAYS} for pci data (PCI DSS 10.5.1)`,
      },
    };
  return { entry };
}

/**
 * The preview entry's defaults that depend on the list: its host (the first staging environment
 * main deploys, else the first), and the host's account and region, where previews run (its
 * cluster, previews repository and role). Whether the host is one main deploys is checkEnvironments'.
 */
function resolvePreview(entries: unknown[], inputs: unknown[]): void {
  const deployable = entries
    .map(e => checkEnvironmentEntry(e))
    .filter((e): e is EnvironmentEntry => !('message' in e) && isDeployable(e));
  for (const [i, entry] of entries.entries()) {
    if ((entry as EnvironmentEntry | null)?.kind !== 'preview') continue;
    const host =
      (inputs[i] as EnvironmentInput).host ?? (deployable.find(d => d.kind === 'staging') ?? deployable[0])?.name;
    const hostEntry = deployable.find(d => d.name === host);
    entries[i] = {
      ...(entry as EnvironmentEntry),
      ...(hostEntry ? { awsAccountId: hostEntry.awsAccountId, awsRegion: hostEntry.awsRegion } : {}),
      ...(host === undefined ? {} : { host }),
    };
  }
}
