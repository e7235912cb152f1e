import {
  checkFormEnvironments,
  environmentProblemText,
  isDeployable,
  tenantHost,
  type EnvironmentEntry,
} from '@golden-path/common';
import type { FieldDeriver } from './fields.js';
import { AWS_NAME_MAX, nameValueProblem, nameVariants } from './names.js';

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

/** What a preview adds to the service's AWS name: `-pr-<number>`, the number up to 7 digits. */
export const PREVIEW_SUFFIX_MAX = '-pr-9999999';

/**
 * `ui:field: EnvironmentsPicker`: the list with the service's defaults resolved and checked by
 * @golden-path/common's checkFormEnvironments (the portal's field validation calls the same: one
 * set of rules, the catalog's checkEnvironments among them), then what only the engine knows (a
 * service name too long for previews: its AWS name is the engine's), and what the pipeline's deploy
 * jobs and the hardening workflow's pushes are made of.
 */
export const deriveEnvironments: FieldDeriver = (value, _schema, values = {}) => {
  const { entries, problems } = checkFormEnvironments(value, values);
  if (problems.length) return { problem: environmentProblemText(problems[0]!) };
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
