import {
  ANNOTATION_ENVIRONMENT_PROBLEMS,
  environmentOf,
  sortEnvironments,
  type EnvironmentView,
} from '@golden-path/common';

type EntityLike = Parameters<typeof environmentOf>[0];

/**
 * The catalog query for a service's environments and tenants: the Resources that are a dependency
 * of it and that the golden-path processor made from its infra/environments.yaml and tenants/* branches.
 */
export function environmentsFilter(serviceRef: string): Record<string, string> {
  return { kind: 'resource', 'relations.dependencyOf': serviceRef };
}

/** The service's environments in promotion order and its tenants by name, from the query's answer. */
export function serviceEnvironments(
  resources: EntityLike[],
  service: string,
): { environments: EnvironmentView[]; tenants: EnvironmentView[] } {
  const views = sortEnvironments(
    resources.map(r => environmentOf(r, service)).filter((v): v is EnvironmentView => v !== undefined),
  );
  return { environments: views.filter(v => v.kind !== 'tenant'), tenants: views.filter(v => v.kind === 'tenant') };
}

/** One line of what an environment is: where it runs, its size and scaling, its logs, who approves, its cost cap. */
export function environmentSummary(e: EnvironmentView): string {
  const where = [e.awsAccountId ? `account ${e.awsAccountId}` : undefined, e.awsRegion].filter(Boolean).join(', ');
  return [
    e.host ? `on ${e.host}` : undefined,
    where || undefined,
    e.taskSize,
    e.scaling ? `${e.scaling.replace('-', '–')} tasks` : undefined,
    e.logRetentionDays !== undefined ? `logs ${e.logRetentionDays} days` : undefined,
    e.approvers.length ? `approved by ${e.approvers.join(', ')}` : undefined,
    e.monthlyCostCap !== undefined ? `cap $${e.monthlyCostCap.toLocaleString('en-US')}/month` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What the catalog could not read of the service's environments data, one sentence each. */
export function environmentProblems(entity: { metadata: { annotations?: Record<string, string> } }): string[] {
  return (entity.metadata.annotations?.[ANNOTATION_ENVIRONMENT_PROBLEMS] ?? '').split('\n').filter(Boolean);
}
