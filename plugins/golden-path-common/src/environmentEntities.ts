import { parseFargateSize } from './fargate.js';
import { ENVIRONMENT_KINDS, type EnvironmentEntry, type EnvironmentKind } from './environments.js';

/**
 * A service's environments in the catalog: one Resource per environment (spec.type `environment`,
 * or `tenant` for a tenant), a dependency of the service's Component and owned by the environment's
 * owner (a tenant's own group, else the service's), so the stock catalog lists them:
 * `kind=resource,spec.type=tenant,relations.dependencyof=component:default/<service>`.
 * What the entry says is kept in annotations, read back by `environmentOf`.
 */
export const RESOURCE_TYPE_ENVIRONMENT = 'environment';
export const RESOURCE_TYPE_TENANT = 'tenant';

/** staging | production | tenant | preview. */
export const ANNOTATION_ENVIRONMENT_KIND = 'golden-path.dev/environment-kind';
/** The entry's position in main's file (promotion order), from 1; absent for a tenant's. */
export const ANNOTATION_ENVIRONMENT_ORDER = 'golden-path.dev/environment-order';
/** The branch the entry was read from: main, or `tenants/<tenant>`. */
export const ANNOTATION_ENVIRONMENT_BRANCH = 'golden-path.dev/environment-branch';
export const ANNOTATION_AWS_ACCOUNT = 'golden-path.dev/aws-account';
export const ANNOTATION_AWS_REGION = 'golden-path.dev/aws-region';
/** `<cpu>-<memory>`, as the form writes a task size. */
export const ANNOTATION_TASK_SIZE = 'golden-path.dev/task-size';
/** `<desiredCount>-<maxCount>`. */
export const ANNOTATION_SCALING = 'golden-path.dev/scaling';
export const ANNOTATION_LOG_RETENTION_DAYS = 'golden-path.dev/log-retention-days';
/** Comma-separated; absent when nobody approves. */
export const ANNOTATION_APPROVERS = 'golden-path.dev/approvers';
export const ANNOTATION_MONTHLY_COST_CAP = 'golden-path.dev/monthly-cost-cap';
/** A branch tenant's host environment (whose account, region and cluster its stack runs in). */
export const ANNOTATION_TENANT_HOST = 'golden-path.dev/tenant-host';
/** On the Component: what in its environments' data was refused (one sentence per line), absent when nothing. */
export const ANNOTATION_ENVIRONMENT_PROBLEMS = 'golden-path.dev/environment-problems';

/** The service an environment belongs to, as its Component says. */
export interface EnvironmentService {
  name: string;
  namespace?: string;
  owner: string;
  system?: string;
}

/** Where an entry was read: main (with its place in the promotion order) or a tenant's branch. */
export interface EnvironmentSource {
  branch: string;
  order?: number;
}

/** The Resource an environment entry becomes: `<service>-<environment>`, in the service's namespace. */
export function environmentResource(service: EnvironmentService, entry: EnvironmentEntry, source: EnvironmentSource) {
  const tenant = entry.kind === 'tenant';
  const annotations: Record<string, string> = {
    [ANNOTATION_ENVIRONMENT_KIND]: entry.kind,
    [ANNOTATION_ENVIRONMENT_BRANCH]: source.branch,
    [ANNOTATION_AWS_REGION]: entry.awsRegion,
    [ANNOTATION_TASK_SIZE]: `${entry.cpu}-${entry.memory}`,
    [ANNOTATION_SCALING]: `${entry.desiredCount}-${entry.maxCount}`,
    [ANNOTATION_LOG_RETENTION_DAYS]: String(entry.logRetentionDays),
  };
  if (source.order !== undefined) annotations[ANNOTATION_ENVIRONMENT_ORDER] = String(source.order);
  if (entry.awsAccountId) annotations[ANNOTATION_AWS_ACCOUNT] = entry.awsAccountId;
  if (entry.approvers.length) annotations[ANNOTATION_APPROVERS] = entry.approvers.join(',');
  if (entry.monthlyCostCap !== undefined) annotations[ANNOTATION_MONTHLY_COST_CAP] = String(entry.monthlyCostCap);
  if (entry.host) annotations[ANNOTATION_TENANT_HOST] = entry.host;
  const namespace = service.namespace ?? 'default';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: environmentResourceName(service.name, entry.name),
      namespace,
      title: `${service.name} ${entry.name}`,
      description: tenant
        ? `Tenant ${entry.name} of ${service.name} (its stack, from branch ${source.branch}).`
        : `The ${entry.kind} environment ${entry.name} of ${service.name}.`,
      annotations,
    },
    spec: {
      type: tenant ? RESOURCE_TYPE_TENANT : RESOURCE_TYPE_ENVIRONMENT,
      owner: entry.owner ?? service.owner,
      dependencyOf: [`component:${namespace}/${service.name}`],
      ...(service.system ? { system: service.system } : {}),
    },
  };
}

/** `<service>-<environment>`; the catalog allows 63 characters, so a longer one is refused by the caller. */
export function environmentResourceName(service: string, environment: string): string {
  return `${service}-${environment}`;
}

/** An environment as the portal shows it, read from its Resource. */
export interface EnvironmentView {
  /** The Resource's entity ref. */
  ref: string;
  name: string;
  kind: EnvironmentKind;
  branch?: string;
  order?: number;
  owner?: string;
  awsAccountId?: string;
  awsRegion?: string;
  /** e.g. "0.5 vCPU, 1 GB" (or as written when it is not a Fargate size). */
  taskSize?: string;
  scaling?: string;
  logRetentionDays?: number;
  approvers: string[];
  monthlyCostCap?: number;
  host?: string;
}

type ResourceLike = {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
};

const number = (v: string | undefined) => (v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);

/** The environment a Resource made by environmentResource stands for; undefined for any other entity. */
export function environmentOf(resource: ResourceLike, service?: string): EnvironmentView | undefined {
  const a = resource.metadata.annotations ?? {};
  const kind = a[ANNOTATION_ENVIRONMENT_KIND] as EnvironmentKind | undefined;
  if (resource.kind.toLowerCase() !== 'resource' || !kind || !ENVIRONMENT_KINDS.includes(kind)) return undefined;
  const prefix = service ? `${service}-` : '';
  const name =
    prefix && resource.metadata.name.startsWith(prefix)
      ? resource.metadata.name.slice(prefix.length)
      : resource.metadata.name;
  const size = a[ANNOTATION_TASK_SIZE] ? parseFargateSize(a[ANNOTATION_TASK_SIZE]) : undefined;
  const owner = resource.spec?.owner;
  return {
    ref: `resource:${resource.metadata.namespace ?? 'default'}/${resource.metadata.name}`,
    name,
    kind,
    ...(a[ANNOTATION_ENVIRONMENT_BRANCH] ? { branch: a[ANNOTATION_ENVIRONMENT_BRANCH] } : {}),
    ...(number(a[ANNOTATION_ENVIRONMENT_ORDER]) !== undefined
      ? { order: number(a[ANNOTATION_ENVIRONMENT_ORDER]) }
      : {}),
    ...(typeof owner === 'string' ? { owner } : {}),
    ...(a[ANNOTATION_AWS_ACCOUNT] ? { awsAccountId: a[ANNOTATION_AWS_ACCOUNT] } : {}),
    ...(a[ANNOTATION_AWS_REGION] ? { awsRegion: a[ANNOTATION_AWS_REGION] } : {}),
    ...(size !== undefined ? { taskSize: typeof size === 'string' ? a[ANNOTATION_TASK_SIZE] : size.label } : {}),
    ...(a[ANNOTATION_SCALING] ? { scaling: a[ANNOTATION_SCALING] } : {}),
    ...(number(a[ANNOTATION_LOG_RETENTION_DAYS]) !== undefined
      ? { logRetentionDays: number(a[ANNOTATION_LOG_RETENTION_DAYS]) }
      : {}),
    approvers: a[ANNOTATION_APPROVERS] ? a[ANNOTATION_APPROVERS].split(',') : [],
    ...(number(a[ANNOTATION_MONTHLY_COST_CAP]) !== undefined
      ? { monthlyCostCap: number(a[ANNOTATION_MONTHLY_COST_CAP]) }
      : {}),
    ...(a[ANNOTATION_TENANT_HOST] ? { host: a[ANNOTATION_TENANT_HOST] } : {}),
  };
}

/** Main's environments in promotion order, then the tenants by name. */
export function sortEnvironments(list: EnvironmentView[]): EnvironmentView[] {
  const rank = (e: EnvironmentView) => e.order ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
