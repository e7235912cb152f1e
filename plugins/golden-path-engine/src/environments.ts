import type { EnvironmentEntry } from '@golden-path/common';
import { parseFargateSize } from '@golden-path/common/fargate';
import type { FieldDeriver } from './fields.js';

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

export interface Environments {
  /** In promotion order: each environment deploys after the one before it. */
  list: Environment[];
  /** The first environment: its registry's image is the one attested. */
  first: Environment;
  /** Every name, in order, space-separated: what the pipeline checks the data file against. */
  names: string;
  /**
   * Where tenants added by branch run (tenants/<tenant>, .github/workflows/tenant.yml): the first
   * environment of kind production, else the last one; its account, network and cluster are shared.
   */
  tenantHost: Environment;
}

/** PCI DSS 10.5.1: a year of audit logs. */
const PCI_LOG_DAYS = 365;

const defaultLogDays = (kind: EnvironmentInput['kind']) => (kind === 'production' ? 90 : 30);

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
  for (const [i, e] of inputs.entries()) {
    const at = `environment ${i + 1} (${e.name})`;
    if (seen.has(e.name)) return { problem: `${at}: the name is given twice; each environment needs its own` };
    seen.add(e.name);
    const size = parseFargateSize(String(e.fargateSize ?? values.fargateSize ?? '512-1024'));
    if (typeof size === 'string') return { problem: `${at}: fargateSize ${size}` };
    const desiredCount = e.desiredCount ?? Number(values.desiredCount ?? 2);
    const maxCount = e.maxCount ?? Math.max(Number(values.maxCount ?? desiredCount), desiredCount);
    if (maxCount < desiredCount) return { problem: `${at}: maxCount must be at least desiredCount (${desiredCount})` };
    const logRetentionDays = e.logRetentionDays ?? (pci ? PCI_LOG_DAYS : defaultLogDays(e.kind));
    if (pci && logRetentionDays < PCI_LOG_DAYS)
      return { problem: `${at}: logRetentionDays must be at least ${PCI_LOG_DAYS} for pci data (PCI DSS 10.5.1)` };
    if (e.kind === 'tenant' && (e.owner === undefined || e.monthlyCostCap === undefined))
      return { problem: `${at}: a tenant needs an owner (a group) and a monthlyCostCap (USD)` };
    const approvers = e.approvers ?? [];
    const upper = e.name.toUpperCase().replaceAll('-', '_');
    list.push({
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
      ...(e.monthlyCostCap === undefined ? {} : { monthlyCostCap: e.monthlyCostCap }),
      approversYaml: JSON.stringify(approvers),
      jobId: `deploy-${e.name}`,
      needsYaml: `[${['harden', ...(list.length ? [list[list.length - 1]!.jobId] : [])].join(', ')}]`,
      pushRoleVariable: `AWS_${upper}_IMAGE_PUSH_ROLE_ARN`,
      pushStepId: `push-${e.name}`,
    });
  }
  if (!list.length) return { problem: 'must list at least one environment' };
  const tenantHost = list.find(e => e.kind === 'production') ?? list[list.length - 1]!;
  return {
    value: { list, first: list[0]!, names: list.map(e => e.name).join(' '), tenantHost } satisfies Environments,
  };
};
