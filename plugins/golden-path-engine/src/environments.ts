import {
  checkEnvironments,
  environmentProblemText,
  isDeployable,
  tenantHost,
  type EnvironmentEntry,
} from '@golden-path/common';
import { parseFargateSize } from '@golden-path/common/fargate';
import type { FieldDeriver } from './fields.js';
import { AWS_NAME_MAX, nameValueProblem, nameVariants } from './names.js';

/** One environment as the form gives it (templates/parameters/aws.yaml `environments`). */
interface EnvironmentInput {
  name: string;
  kind: EnvironmentEntry['kind'];
  awsAccountId?: string;
  awsRegion?: string;
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

/**
 * One environment with every default resolved: an entry of infra/environments.yaml (the one shape,
 * @golden-path/common's, that the catalog reads back) and what the deploy jobs are made of.
 */
export interface Environment extends EnvironmentEntry {
  /** The same list as one YAML flow sequence, for the environments file. */
  approversYaml: string;
  /** ci.yml's deploy job of this environment, and the jobs it waits for (a YAML flow sequence). */
  jobId: string;
  needsYaml: string;
  /** The repository variable naming this environment's image-push role. */
  pushRoleVariable: string;
  /** The hardening workflow's push step of this environment. */
  pushStepId: string;
}

/** The preview entry: where pull requests' previews run, and for how long after their last deploy. */
export type PreviewEnvironment = Environment & { host: string; ttlHours: number };

export interface Environments {
  /** The environments main deploys, in promotion order: each deploys after the one before it. */
  list: Environment[];
  /** Every entry of infra/environments.yaml, in its order: the list, then the preview entry if any. */
  entries: Environment[];
  /** The first environment: its registry's image is the one attested. */
  first: Environment;
  /** Every name, in order, space-separated: what the pipeline checks the data file against. */
  names: string;
  /**
   * Where tenants added by branch run (tenants/<tenant>, .github/workflows/tenant.yml): the first
   * environment of kind production, else the last one; its account, network and cluster are shared.
   */
  tenantHost: Environment;
  /**
   * The preview entry (kind preview, at most one; absent: no previews): each pull request's preview
   * is a stack `<service>-pr-<number>` in its host's account and cluster (docs/pipeline.md).
   */
  preview?: PreviewEnvironment;
}

/** PCI DSS 10.5.1: a year of audit logs. */
const PCI_LOG_DAYS = 365;

const defaultLogDays = (kind: EnvironmentInput['kind']) => (kind === 'production' ? 90 : kind === 'preview' ? 7 : 30);

/** A preview's defaults: one task, USD 50 a month, destroyed 72 hours after its last deploy. */
const PREVIEW_DEFAULTS = { count: 1, monthlyCostCap: 50, ttlHours: 72 };
/** What a preview adds to the service's AWS name: `-pr-<number>`, the number up to 7 digits. */
export const PREVIEW_SUFFIX_MAX = '-pr-9999999';

/**
 * `ui:field: EnvironmentsPicker`: resolves each environment's defaults from the service's own
 * fields (region, task size, scaling; logs by kind, a year for pci data; the preview entry's host,
 * account, region and TTL), checks the resolved list with @golden-path/common's checkEnvironments
 * (the rules the catalog reads infra/environments.yaml back with), refuses what only the form's
 * values can say (pci logs kept under a year, a tenant with a host, a service name too long for
 * previews), and computes what the pipeline's deploy jobs and the hardening workflow's pushes are
 * made of.
 */
export const deriveEnvironments: FieldDeriver = (value, _schema, values = {}) => {
  const inputs = value as EnvironmentInput[];
  const entries: EnvironmentEntry[] = [];
  for (const [i, e] of inputs.entries()) {
    const entry = resolveEntry(e, values);
    if (typeof entry === 'string')
      return { problem: environmentProblemText({ index: i, name: e.name, message: entry }) };
    entries.push(entry);
  }
  resolvePreview(entries, inputs);
  const checked = checkEnvironments(entries);
  if (checked.problems.length) return { problem: environmentProblemText(checked.problems[0]!) };
  const list: Environment[] = [];
  for (const entry of entries.filter(isDeployable)) list.push(deployed(entry, list[list.length - 1]));
  const previewEntry = entries.find(e => e.kind === 'preview');
  const preview = previewEntry && previewEnvironment(previewEntry, values);
  if (typeof preview === 'string') {
    const index = entries.indexOf(previewEntry!);
    return { problem: environmentProblemText({ index, name: previewEntry!.name, message: preview }) };
  }
  const environments: Environments = {
    list,
    entries: preview ? [...list, preview] : list,
    first: list[0]!,
    names: list.map(e => e.name).join(' '),
    tenantHost: tenantHost(list)!,
    ...(preview ? { preview } : {}),
  };
  return { value: environments };
};

/** An entry with the service's defaults, or why the form's values cannot make one. */
function resolveEntry(e: EnvironmentInput, values: Record<string, unknown>): EnvironmentEntry | string {
  const pci = values.dataClassification === 'pci';
  const isPreview = e.kind === 'preview';
  // Only the preview entry has a host here: a tenant with one is added by its branch, not deployed by main.
  if (e.kind === 'tenant' && e.host !== undefined)
    return 'host is for the preview entry (kind preview) only here: a tenant with a host is added by its branch (tenants/<tenant>)';
  const size = parseFargateSize(String(e.fargateSize ?? values.fargateSize ?? '512-1024'));
  if (typeof size === 'string') return `fargateSize ${size}`;
  const desiredCount = e.desiredCount ?? (isPreview ? PREVIEW_DEFAULTS.count : Number(values.desiredCount ?? 2));
  const maxCount =
    e.maxCount ?? (isPreview ? desiredCount : Math.max(Number(values.maxCount ?? desiredCount), desiredCount));
  const logRetentionDays = e.logRetentionDays ?? (pci ? PCI_LOG_DAYS : defaultLogDays(e.kind));
  if (pci && logRetentionDays < PCI_LOG_DAYS)
    return `logRetentionDays must be at least ${PCI_LOG_DAYS} for pci data (PCI DSS 10.5.1)`;
  const monthlyCostCap = e.monthlyCostCap ?? (isPreview ? PREVIEW_DEFAULTS.monthlyCostCap : undefined);
  return {
    name: e.name,
    kind: e.kind,
    awsAccountId: e.awsAccountId ?? '',
    awsRegion: e.awsRegion ?? String(values.awsRegion ?? 'eu-west-1'),
    cpu: size.cpu,
    memory: size.memory,
    desiredCount,
    maxCount,
    logRetentionDays,
    approvers: e.approvers ?? [],
    ...(e.owner === undefined ? {} : { owner: e.owner }),
    ...(monthlyCostCap === undefined ? {} : { monthlyCostCap }),
    ...(e.host === undefined ? {} : { host: e.host }),
    ...(e.ttlHours === undefined && !isPreview ? {} : { ttlHours: e.ttlHours ?? PREVIEW_DEFAULTS.ttlHours }),
  };
}

/**
 * The preview entry's defaults that depend on the list: its host (the first staging environment
 * main deploys, else the first), and the host's account and region, where previews run (its
 * cluster, previews repository and role). Whether the host is one main deploys is checkEnvironments'.
 */
function resolvePreview(entries: EnvironmentEntry[], inputs: EnvironmentInput[]): void {
  const deployedEntries = entries.filter(isDeployable);
  for (const [i, entry] of entries.entries()) {
    if (entry.kind !== 'preview') continue;
    const host = inputs[i]!.host ?? (deployedEntries.find(d => d.kind === 'staging') ?? deployedEntries[0])?.name;
    const hostEntry = deployedEntries.find(d => d.name === host);
    entries[i] = {
      ...entry,
      ...(hostEntry ? { awsAccountId: hostEntry.awsAccountId, awsRegion: hostEntry.awsRegion } : {}),
      ...(host === undefined ? {} : { host }),
    };
  }
}

/** An environment main deploys, with its deploy job after the one before it. */
function deployed(entry: EnvironmentEntry, before: Environment | undefined): Environment {
  return {
    ...entry,
    approversYaml: JSON.stringify(entry.approvers),
    jobId: `deploy-${entry.name}`,
    needsYaml: `[${['harden', ...(before ? [before.jobId] : [])].join(', ')}]`,
    pushRoleVariable: `AWS_${entry.name.toUpperCase().replaceAll('-', '_')}_IMAGE_PUSH_ROLE_ARN`,
    pushStepId: `push-${entry.name}`,
  };
}

/**
 * The preview entry with its jobs, or why not: `<service>-pr-<number>` must still name a load
 * balancer and a target group (32 characters).
 */
function previewEnvironment(entry: EnvironmentEntry, values: Record<string, unknown>): PreviewEnvironment | string {
  if (typeof values.name === 'string' && nameValueProblem(values.name) === undefined) {
    const aws = nameVariants(values.name).aws;
    if (aws.length + PREVIEW_SUFFIX_MAX.length > AWS_NAME_MAX)
      return `previews need a service name of at most ${AWS_NAME_MAX - PREVIEW_SUFFIX_MAX.length} characters: the load balancer and target group of a preview are named ${aws}${PREVIEW_SUFFIX_MAX} (at most ${AWS_NAME_MAX})`;
  }
  return {
    ...entry,
    host: entry.host!,
    ttlHours: entry.ttlHours!,
    approversYaml: JSON.stringify(entry.approvers),
    jobId: 'preview',
    needsYaml: '[harden]',
    pushRoleVariable: 'AWS_PREVIEW_ROLE_ARN',
    pushStepId: 'push-preview',
  };
}
