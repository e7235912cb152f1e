/**
 * A generated repository's environments as data (issue 15): `infra/environments.yaml` lists them in
 * promotion order; a tenant's entry lives on its own `tenants/<tenant>` branch. One shape of entry
 * for the engine (which renders it from the form) and the catalog (which reads it back): this file
 * is the shape, environmentsEntry.ts and environmentsCheck.ts the one check of an entry and of a
 * list, environmentsFile.ts the reading of the file.
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

/** The GitHub environment every pull request's preview deploys in, whatever the preview entry's name. */
export const PREVIEW_GITHUB_ENVIRONMENT = 'preview';
/** The GitHub environment of main's sweep that destroys expired previews. */
export const PREVIEW_SWEEP_GITHUB_ENVIRONMENT = 'preview-sweep';
/**
 * The tenant workflow's GitHub environments (tenant.yml, in every repository): a tenant's stack is
 * applied in `tenant` and destroyed in `tenant-destroy`. No environment of the list may be named so:
 * change control would give one GitHub environment two sets of reviewers and branches.
 */
export const TENANT_GITHUB_ENVIRONMENTS: readonly string[] = ['tenant', 'tenant-destroy'];
/** A pull request's preview stack is `<service>-pr-<number>`, maybe in the same cluster: no other stack may be. */
export const PREVIEW_STACK_NAME = /^pr-[0-9]+$/;
/** A preview lives at most two weeks after its last deploy. */
export const PREVIEW_TTL_HOURS_MAX = 336;

/** An entry main's pipeline deploys: neither the preview entry nor a branch tenant's (which names a host). */
export const isDeployable = (e: EnvironmentEntry): boolean => e.kind !== 'preview' && e.host === undefined;
