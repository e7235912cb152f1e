import {
  ENVIRONMENTS_FILE,
  ownerRef,
  PREVIEW_GITHUB_ENVIRONMENT,
  PREVIEW_SWEEP_GITHUB_ENVIRONMENT,
} from '@golden-path/common';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parse } from 'yaml';

/**
 * The change control a published repository gets (GitHub and the embedded remote alike): branch
 * protection on the default branch requiring the pipeline's checks, and one GitHub environment per
 * environment the pipeline deploys to, deployable from the default branch only, reviewed by its
 * entry's approvers (production without approvers: by the owning team); with previews, `preview`
 * from any branch (reviewed by the preview entry's approvers) and `preview-sweep` from the default
 * branch only, never reviewed; the tenant workflow's environments, always reviewed; and an OIDC
 * subject naming the workflow, which the generated Terraform's AWS roles trust.
 */
export interface ChangeControl {
  branchProtection: {
    branch: string;
    /** The check-run names every pull request must pass, as GitHub names them. */
    requiredStatusChecks: string[];
    /** The branch must be up to date with the default branch before merging. */
    strict: boolean;
  };
  environments: EnvironmentSettings[];
  /**
   * The claims of the repository's GitHub OIDC subject: with job_workflow_ref in it, an AWS role can
   * trust one workflow on one ref or environment (infra/ trusts these subjects, docs/pipeline.md).
   */
  oidcSubjectClaims: string[];
  /**
   * Who the repository gives access to, each once: the owning team writes (CODEOWNERS names it, and
   * GitHub takes as code owners only those who can write); every other reviewer of an environment
   * reads, the least GitHub requires of a required reviewer.
   */
  access: RepositoryGrant[];
}

/** One grant on the repository, in GitHub's names: `push` writes, `pull` reads. */
export interface RepositoryGrant {
  /** Named as EnvironmentSettings' reviewers are: the owning Group, a team `<org>/<team-slug>`, a user `<login>`. */
  reviewer: string;
  permission: 'push' | 'pull';
}

export interface EnvironmentSettings {
  name: string;
  /** The only branches that may deploy to it. */
  deploymentBranches: string[];
  /**
   * Who must approve a deployment (none: no review), each either a Group's catalog reference (the
   * owning team: group:default/payments-team, its GitHub team of the same name in the repository's
   * organisation) or an approver of infra/environments.yaml as GitHub names it: a team
   * `<org>/<team-slug>` or a user `<login>`. GitHub takes at most six.
   */
  reviewers: string[];
  /** The person who triggered a deployment may not approve it. */
  preventSelfReview: boolean;
}

/** The pipeline whose jobs name the required checks and environments. */
export const PIPELINE_WORKFLOW = '.github/workflows/ci.yml';
/** The OIDC subject claims the generated Terraform's role trust policies are written for. */
export const OIDC_SUBJECT_CLAIMS = ['repo', 'context', 'job_workflow_ref'];
/** Deployments to an environment of this kind need the owning team's approval when its entry names no approvers. */
const REVIEWED_KIND = 'production';
/**
 * Tenants added by branch (docs/pipeline.md "Tenants"): the workflow applies a tenant's stack from
 * its tenants/<tenant> branch in `tenant`, and destroys it in `tenant-destroy` when the branch is
 * deleted (GitHub runs a `delete` event's workflow on the default branch). Both are reviewed by the
 * owning team; the AWS tenant role trusts exactly these environments and refs.
 */
export const TENANT_WORKFLOW = '.github/workflows/tenant.yml';
const TENANT_ENVIRONMENTS: Record<string, (branch: string) => string> = {
  tenant: () => 'tenants/*',
  'tenant-destroy': branch => branch,
};

/**
 * Pull request previews (docs/pipeline.md "Preview environments"), only with an entry of kind preview
 * in infra/environments.yaml: ci.yml's preview job deploys a pull request's preview in `preview`,
 * from any branch (a pull request's head branch), reviewed by the entry's approvers when it lists
 * any; preview.yml destroys previews on the default branch only (a closed pull request's, dispatched
 * there, and those whose time is up) in `preview-sweep`, never reviewed, so the time to live holds
 * whoever approves the deploys. The AWS previews role trusts exactly these workflows there.
 */
export const PREVIEW_WORKFLOW = '.github/workflows/preview.yml';
const PREVIEW_KIND = 'preview';
/**
 * GitHub's deployment branch pattern for every branch: Ruby's File.fnmatch with FNM_PATHNAME, where
 * a star stops at a slash and a double star then a slash spans any number of directories (or none).
 */
const ANY_BRANCH = '**/*';

interface Entry {
  name?: unknown;
  kind?: unknown;
  approvers?: unknown;
}

interface Job {
  name?: string;
  if?: unknown;
  uses?: string;
  environment?: string | { name?: string };
}

/**
 * The change control for a rendered repository in `dir`, owned by `owner` (a Group reference),
 * derived from its pipeline: no second list to keep in step with ci.yml. A repository without a
 * pipeline gets protection with no required checks and no environments.
 */
export function changeControl(dir: string, owner: string, branch = 'main'): ChangeControl {
  const jobs = workflowJobs(dir, PIPELINE_WORKFLOW) ?? {};
  const entries = environmentEntries(dir);
  const preview = entries?.find(e => e.kind === PREVIEW_KIND);
  const environments = environmentsOf(jobs).filter(name => !(preview && name === PREVIEW_GITHUB_ENVIRONMENT));
  const reviewersOf = environmentReviewers(entries, owner);
  const settings = [
    ...environments.map(name => reviewed({ name, deploymentBranches: [branch] }, reviewersOf(name))),
    ...(preview ? previewEnvironments(dir, jobs, preview, branch) : []),
    ...tenantEnvironments(dir, owner, branch),
  ];
  return {
    branchProtection: { branch, requiredStatusChecks: requiredStatusChecks(dir, jobs), strict: true },
    environments: settings,
    oidcSubjectClaims: [...OIDC_SUBJECT_CLAIMS],
    access: repositoryAccess(owner, settings),
  };
}

/**
 * The owning team writes; every other reviewer reads. A team named twice (the owning Group, an
 * approver `<org>/<its slug>`) is granted once, with the owner's permission: a later `pull` would
 * take its write away.
 */
function repositoryAccess(owner: string, environments: EnvironmentSettings[]): RepositoryGrant[] {
  const grants: RepositoryGrant[] = [{ reviewer: groupRef(owner), permission: 'push' }];
  const granted = new Set(grants.map(g => githubIdentity(g.reviewer)));
  for (const reviewer of environments.flatMap(env => env.reviewers)) {
    const identity = githubIdentity(reviewer);
    if (granted.has(identity)) continue;
    granted.add(identity);
    grants.push({ reviewer, permission: 'pull' });
  }
  return grants;
}

/** The GitHub team or user a reviewer names: a Group's team and `<org>/<slug>` by slug, a user by login. */
function githubIdentity(reviewer: string): string {
  const slash = reviewer.lastIndexOf('/');
  return (slash < 0 ? `user ${reviewer}` : `team ${reviewer.slice(slash + 1)}`).toLowerCase();
}

/**
 * The previews' environments: `preview` from any branch, reviewed by the preview entry's approvers;
 * `preview-sweep` from the default branch only, never reviewed. ci.yml's preview job may name only
 * the first, preview.yml only the second: nothing else is deployed from a pull request, and nothing
 * a pull request runs gets the unreviewed one.
 */
function previewEnvironments(dir: string, pipeline: Record<string, Job>, entry: Entry, branch: string) {
  for (const [path, jobs, only] of [
    [PIPELINE_WORKFLOW, { preview: pipeline.preview ?? {} }, PREVIEW_GITHUB_ENVIRONMENT],
    [PREVIEW_WORKFLOW, workflowJobs(dir, PREVIEW_WORKFLOW) ?? {}, PREVIEW_SWEEP_GITHUB_ENVIRONMENT],
  ] as const) {
    const other = environmentsOf(jobs).find(name => name !== only);
    if (other) throw new Error(`${path}: a preview job's environment ${other} is not ${only}`);
  }
  return [
    reviewed({ name: PREVIEW_GITHUB_ENVIRONMENT, deploymentBranches: [ANY_BRANCH] }, approversOf(entry)),
    reviewed({ name: PREVIEW_SWEEP_GITHUB_ENVIRONMENT, deploymentBranches: [branch] }, []),
  ];
}

/** An environment's settings with its reviewers; whoever triggers a reviewed deployment may not approve it. */
function reviewed(env: Pick<EnvironmentSettings, 'name' | 'deploymentBranches'>, reviewers: string[]) {
  return { ...env, reviewers, preventSelfReview: reviewers.length > 0 };
}

/** The tenant workflow's environments (none without it), each from its own branches, each reviewed. */
function tenantEnvironments(dir: string, owner: string, branch: string): EnvironmentSettings[] {
  const names = environmentsOf(workflowJobs(dir, TENANT_WORKFLOW) ?? {});
  return names.map(name => {
    const from = TENANT_ENVIRONMENTS[name];
    if (!from)
      throw new Error(
        `${TENANT_WORKFLOW}: environment ${name} is not one of ${Object.keys(TENANT_ENVIRONMENTS).join(', ')}`,
      );
    return reviewed({ name, deploymentBranches: [from(branch)] }, [groupRef(owner)]);
  });
}

/**
 * The checks a pull request must pass: every job of the pipeline that runs on every event (a job
 * with an `if:` — a deploy, a publish on main — is skipped on pull requests, so it cannot be
 * required). GitHub names a job's check by its `name` (else its id); a job calling a workflow of
 * this repository yields "<caller> / <called job>" for each unconditional job of the called one.
 */
function requiredStatusChecks(dir: string, jobs: Record<string, Job>): string[] {
  const checks: string[] = [];
  for (const [id, job] of Object.entries(jobs)) {
    if (job.if !== undefined) continue;
    const name = job.name ?? id;
    if (!job.uses) {
      checks.push(name);
      continue;
    }
    if (!job.uses.startsWith('./')) continue;
    const called = workflowJobs(dir, job.uses.slice(2).split('@')[0] ?? '');
    if (!called) throw new Error(`${PIPELINE_WORKFLOW}: job ${id} calls ${job.uses}, which the repository lacks`);
    for (const [calledId, calledJob] of Object.entries(called))
      if (calledJob.if === undefined) checks.push(`${name} / ${calledJob.name ?? calledId}`);
  }
  return checks;
}

/**
 * Who reviews each environment the pipeline deploys to: its entry's approvers in
 * infra/environments.yaml; an entry of kind production without approvers, the owning team; without
 * that file (a repository from before it), the owning team reviews the one named production.
 */
function environmentReviewers(entries: Entry[] | undefined, owner: string): (name: string) => string[] {
  if (entries === undefined) return name => (name === REVIEWED_KIND ? [groupRef(owner)] : []);
  return name => {
    const entry = entries.find(e => e.name === name);
    const approvers = entry ? approversOf(entry) : [];
    return approvers.length === 0 && entry?.kind === REVIEWED_KIND ? [groupRef(owner)] : approvers;
  };
}

/** An entry's approvers (GitHub `<org>/<team-slug>` or `<login>`, as the file's parser checked them). */
function approversOf(entry: Entry): string[] {
  return Array.isArray(entry.approvers) ? entry.approvers.map(String) : [];
}

/** The entries of infra/environments.yaml, or undefined without the file (a repository from before it). */
function environmentEntries(dir: string): Entry[] | undefined {
  const text = readText(dir, ENVIRONMENTS_FILE);
  if (text === undefined) return undefined;
  const data = parse(text) as { environments?: Entry[] } | null;
  return data?.environments ?? [];
}

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** The environments a workflow's jobs name, each once, sorted. */
function environmentsOf(jobs: Record<string, Job>): string[] {
  return [...new Set(Object.values(jobs).flatMap(job => environmentOf(job) ?? []))].sort();
}

/** A workflow's jobs, or undefined when the file does not exist; a path leaving `dir` is refused. */
function workflowJobs(dir: string, path: string): Record<string, Job> | undefined {
  const text = readText(dir, path);
  if (text === undefined) return undefined;
  const workflow = parse(text) as { jobs?: Record<string, Job> } | null;
  return workflow?.jobs ?? {};
}

/** A file of the repository, or undefined when it does not exist; a path leaving `dir` is refused. */
function readText(dir: string, path: string): string | undefined {
  const relative = normalize(path);
  if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`${path} is outside the repository`);
  try {
    return readFileSync(join(dir, relative), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** group:default/payments-team for payments-team, group:payments-team or the full reference. */
function groupRef(owner: string): string {
  const ref = ownerRef(owner);
  if (!ref.startsWith('group:')) throw new Error(`owner ${owner} is not a Group: only a team can review deployments`);
  return ref;
}
