import {
  isDeployable,
  PREVIEW_GITHUB_ENVIRONMENT,
  PREVIEW_STACK_NAME,
  PREVIEW_SWEEP_GITHUB_ENVIRONMENT,
  TENANT_GITHUB_ENVIRONMENTS,
  type EnvironmentEntry,
} from './environments.js';
import { ENVIRONMENT_NAME } from './environmentsEntry.js';

/**
 * A tenant added by its branch `tenants/<tenant>` (issue 15): the rules the generated repository's
 * tenant workflow applies (.github/scripts/tenant-name.sh of the github-pipeline part), so the
 * catalog lists as a tenant only a branch that workflow would deploy. The script holds the same
 * rules in bash; test/golden-paths/tenant-name-agreement.test.ts runs both on one table of names.
 */

/** What a repository's tenant workflow is given (tenant.yml's env): the service's AWS name and the tenants' host. */
export interface TenantContext {
  /** The service's AWS name (the engine's names.aws): a tenant's stack is `<service>-<tenant>`. */
  serviceAwsName: string;
  /**
   * The environment whose account and cluster the tenants share (tenantHost of main's list);
   * undefined when main's list cannot say (unreadable, or nothing main deploys): then only the
   * rules that do not need it apply.
   */
  tenantHost?: string;
}

/** Every AWS name of a stack (its load balancer's, target group's) is at most 32 characters. */
export const TENANT_STACK_NAME_MAX = 32;

/**
 * Names a tenant cannot take: the branches that are not tenants', the environment names of the
 * golden paths' defaults, and the repository's GitHub environments (the tenants' own and the previews').
 */
export const RESERVED_TENANT_NAMES: readonly string[] = [
  'main',
  'master',
  'staging',
  'production',
  PREVIEW_GITHUB_ENVIRONMENT,
  PREVIEW_SWEEP_GITHUB_ENVIRONMENT,
  ...TENANT_GITHUB_ENVIRONMENTS,
];

/** A branch tenant's monthly cost cap in USD, as the tenant workflow reads it (yq's spelling of the number). */
const TENANT_COST_CAP = /^[1-9][0-9]{0,6}(\.[0-9]{1,2})?$/;

/**
 * Where tenants added by branch run: the first environment main deploys of kind production, else
 * the last one main deploys (undefined: main deploys none). The engine renders it into tenant.yml.
 */
export function tenantHost<T extends EnvironmentEntry>(entries: readonly T[]): T | undefined {
  const deployed = entries.filter(isDeployable);
  return deployed.find(e => e.kind === 'production') ?? deployed[deployed.length - 1];
}

/** The longest tenant name whose stack `<service>-<tenant>` fits in TENANT_STACK_NAME_MAX. */
export const tenantNameMax = (serviceAwsName: string): number => TENANT_STACK_NAME_MAX - 1 - serviceAwsName.length;

/**
 * Why the tenant workflow refuses a branch `tenants/<tenant>` by its name alone, or undefined when
 * it takes it: one sentence, naming the rule (the name is repeated only once it is plain text).
 */
export function tenantNameProblem(tenant: string, context: TenantContext): string | undefined {
  if (!ENVIRONMENT_NAME.test(tenant))
    return "the tenant's name (after tenants/) must be lowercase letters, digits and single hyphens, starting with a letter";
  const longest = tenantNameMax(context.serviceAwsName);
  if (tenant.length > longest)
    return `the tenant '${tenant}' is ${tenant.length} characters; at most ${Math.max(longest, 0)} fit in the stack name ${context.serviceAwsName}-<tenant> (${TENANT_STACK_NAME_MAX})`;
  if (RESERVED_TENANT_NAMES.includes(tenant) || tenant === context.tenantHost)
    return `'${tenant}' is reserved: it names a branch or an environment of this repository`;
  if (PREVIEW_STACK_NAME.test(tenant))
    return `'${tenant}' is reserved: ${context.serviceAwsName}-${tenant} is the name of a pull request's preview stack`;
  return undefined;
}

/**
 * Why the tenant workflow refuses the tenant's entry on its branch (already a valid entry, named as
 * the branch), or undefined when it deploys it: kind tenant, a cost cap it takes, and host the
 * tenants' host.
 */
export function tenantEntryProblem(entry: EnvironmentEntry, context: TenantContext): string | undefined {
  if (entry.kind !== 'tenant') return `kind must be tenant on a tenant's branch`;
  // The workflow passes the cap on as text: as the file spells it, 1 to 9999999 US dollars and cents.
  if (!TENANT_COST_CAP.test(String(entry.monthlyCostCap)))
    return `monthlyCostCap ${String(entry.monthlyCostCap)} must be 1 to 9999999 US dollars, at most two decimals, on a tenant's branch`;
  const share = "the environment whose account and cluster this repository's tenants share";
  if (context.tenantHost === undefined) return entry.host === undefined ? `host must name ${share}` : undefined;
  if (entry.host !== context.tenantHost) return `host must be ${context.tenantHost} (${share})`;
  return undefined;
}
