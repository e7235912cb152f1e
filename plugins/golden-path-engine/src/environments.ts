import { type EnvironmentEntry, PREVIEW_GITHUB_ENVIRONMENT } from '@golden-path/common';
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
 * fields (region, task size, scaling; logs by kind, a year for pci data), refuses what the schema
 * cannot say (a name given twice, a maximum below the minimum, pci logs kept under a year), and
 * computes what the pipeline's deploy jobs and the hardening workflow's pushes are made of.
 */
export const deriveEnvironments: FieldDeriver = (value, _schema, values = {}) => {
  const inputs = value as EnvironmentInput[];
  const pci = values.dataClassification === 'pci';
  const seen = new Set<string>();
  const list: Environment[] = [];
  let preview: { environment: Environment; input: EnvironmentInput; at: string } | undefined;
  for (const [i, e] of inputs.entries()) {
    const at = `environment ${i + 1} (${e.name})`;
    if (seen.has(e.name)) return { problem: `${at}: the name is given twice; each environment needs its own` };
    seen.add(e.name);
    const isPreview = e.kind === 'preview';
    if (isPreview && preview) return { problem: `${at}: kind preview is given twice; one entry hosts every preview` };
    if (!isPreview && (e.host !== undefined || e.ttlHours !== undefined))
      return { problem: `${at}: host and ttlHours are for the preview entry (kind preview) only` };
    const size = parseFargateSize(String(e.fargateSize ?? values.fargateSize ?? '512-1024'));
    if (typeof size === 'string') return { problem: `${at}: fargateSize ${size}` };
    const desiredCount = e.desiredCount ?? (isPreview ? PREVIEW_DEFAULTS.count : Number(values.desiredCount ?? 2));
    const maxCount =
      e.maxCount ?? (isPreview ? desiredCount : Math.max(Number(values.maxCount ?? desiredCount), desiredCount));
    if (maxCount < desiredCount) return { problem: `${at}: maxCount must be at least desiredCount (${desiredCount})` };
    const logRetentionDays = e.logRetentionDays ?? (pci ? PCI_LOG_DAYS : defaultLogDays(e.kind));
    if (pci && logRetentionDays < PCI_LOG_DAYS)
      return { problem: `${at}: logRetentionDays must be at least ${PCI_LOG_DAYS} for pci data (PCI DSS 10.5.1)` };
    if (e.kind === 'tenant' && (e.owner === undefined || e.monthlyCostCap === undefined))
      return { problem: `${at}: a tenant needs an owner (a group) and a monthlyCostCap (USD)` };
    const approvers = e.approvers ?? [];
    const upper = e.name.toUpperCase().replaceAll('-', '_');
    const monthlyCostCap = e.monthlyCostCap ?? (isPreview ? PREVIEW_DEFAULTS.monthlyCostCap : undefined);
    const environment: Environment = {
      name: e.name,
      kind: e.kind,
      awsAccountId: e.awsAccountId ?? '',
      awsRegion: e.awsRegion ?? String(values.awsRegion ?? 'eu-west-1'),
      cpu: size.cpu,
      memory: size.memory,
      desiredCount,
      maxCount,
      logRetentionDays,
      approvers,
      ...(e.owner === undefined ? {} : { owner: e.owner }),
      ...(monthlyCostCap === undefined ? {} : { monthlyCostCap }),
      approversYaml: JSON.stringify(approvers),
      jobId: `deploy-${e.name}`,
      needsYaml: `[${['harden', ...(list.length ? [list[list.length - 1]!.jobId] : [])].join(', ')}]`,
      pushRoleVariable: `AWS_${upper}_IMAGE_PUSH_ROLE_ARN`,
      pushStepId: `push-${e.name}`,
    };
    if (isPreview) preview = { environment, input: e, at };
    else list.push(environment);
  }
  if (!list.length) return { problem: 'must list at least one environment that main deploys (not only a preview)' };
  const tenantHost = list.find(e => e.kind === 'production') ?? list[list.length - 1]!;
  const previewEntry = preview && previewEnvironment(preview, list, values);
  if (typeof previewEntry === 'string') return { problem: previewEntry };
  const environments: Environments = {
    list,
    entries: previewEntry ? [...list, previewEntry] : list,
    first: list[0]!,
    names: list.map(e => e.name).join(' '),
    tenantHost,
    ...(previewEntry ? { preview: previewEntry } : {}),
  };
  return { value: environments };
};

/**
 * The preview entry with its host (default: the first staging environment, else the first) and
 * TTL resolved, or why not: its host must be one main deploys, and `<service>-pr-<number>` must
 * still name a load balancer and a target group (32 characters).
 */
function previewEnvironment(
  { environment, input, at }: { environment: Environment; input: EnvironmentInput; at: string },
  list: Environment[],
  values: Record<string, unknown>,
): PreviewEnvironment | string {
  const host = input.host ?? (list.find(d => d.kind === 'staging') ?? list[0]!).name;
  const hostEnvironment = list.find(d => d.name === host);
  if (!hostEnvironment)
    return `${at}: host ${JSON.stringify(host)} must be one of the environments main deploys (${list.map(d => d.name).join(', ')})`;
  if (list.some(d => d.name === PREVIEW_GITHUB_ENVIRONMENT))
    return `${at}: an environment main deploys is named ${PREVIEW_GITHUB_ENVIRONMENT}, the GitHub environment of the previews; rename it`;
  if (typeof values.name === 'string' && nameValueProblem(values.name) === undefined) {
    const aws = nameVariants(values.name).aws;
    if (aws.length + PREVIEW_SUFFIX_MAX.length > AWS_NAME_MAX)
      return `${at}: previews need a service name of at most ${AWS_NAME_MAX - PREVIEW_SUFFIX_MAX.length} characters: the load balancer and target group of a preview are named ${aws}${PREVIEW_SUFFIX_MAX} (at most ${AWS_NAME_MAX})`;
  }
  return {
    ...environment,
    // Previews run in the host's account and region (its cluster, previews repository and role).
    awsAccountId: hostEnvironment.awsAccountId,
    awsRegion: hostEnvironment.awsRegion,
    host,
    ttlHours: input.ttlHours ?? PREVIEW_DEFAULTS.ttlHours,
    jobId: 'preview',
    needsYaml: '[harden]',
    pushRoleVariable: 'AWS_PREVIEW_ROLE_ARN',
    pushStepId: 'push-preview',
  };
}
