/**
 * Who may push images and who may deploy (python-django-service 2.0.0, issue 11 item 4): the trust
 * policies of the rendered Terraform, as the real AWS provider computes them (`terraform test` plans
 * each environment root with the AWS-reading data sources overridden, offline, from the machine's
 * provider mirror), evaluated against the OIDC tokens GitHub issues to each kind of job: only the
 * hardening workflow on main may assume the image-push roles, only ci.yml's jobs in the staging or
 * production GitHub environment that environment's deploy role, and only the tenant workflow the
 * tenant role (production, the tenant host: from a tenants/* branch in the GitHub environment
 * tenant, or on main in tenant-destroy, issue 15 item 2), and only ci.yml's preview job and preview.yml
 * the preview role (staging, the previews' host: on a pull request's ref in the GitHub environment
 * preview, and preview.yml's sweep on main in preview-sweep only; issue 15 item 3), whose own policy
 * pushes to the previews repository only and reaches only the previews' state and stacks. The hosted
 * stacks' task boundaries let their tasks pull images from their kind's repository only.
 *
 * The docs role (production only, issue 16 item 2) admits only docs.yml on main, and its own
 * policy, judged against the requests techdocs-cli publish makes, reaches this service's prefix of
 * the portal's docs bucket and nothing else.
 *
 * The evaluator (test/testing/iam.ts) implements the part of IAM's evaluation these policies use,
 * and refuses anything else, so a policy that grows another operator fails here rather than being
 * judged wrongly.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine, type TechDocsPlace } from '@golden-path/engine';
import { terraformPluginDir } from '@golden-path/validators/process';
import { iamAllows } from '../testing/iam.js';
import { terraformTest } from '../testing/terraform.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const REPO = join(import.meta.dirname, '..', '..');
const PROVIDER = 'token.actions.githubusercontent.com';
const PROVIDER_ARN = `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}`;
const SERVICE = 'acme-fintech/payments-api';
const ENVIRONMENTS = ['staging', 'production'] as const;
const STATE_BUCKET = 'acme-terraform-state';
const STATE_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000';
const PULL_REQUEST = { ref: 'refs/pull/42/merge' };

/** The data sources that call AWS, answered by the test; the policy documents are the provider's own. */
const testFile = (environment: string) => `
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = module.service.data.aws_caller_identity.current
  values = { account_id = "111122223333" }
}

override_data {
  target = module.service.data.aws_partition.current
  values = { partition = "aws" }
}

override_data {
  target = module.service.data.aws_iam_openid_connect_provider.github
  values = { arn = "${PROVIDER_ARN}" }
}

# The hosted stacks' role policies name the state bucket (and its key, below); every platform
# parameter is read at once.
override_data {
  target = module.service.data.aws_ssm_parameter.platform
  values = { insecure_value = "${STATE_BUCKET}" }
}

override_data {
  target = module.service.data.aws_ssm_parameter.platform["terraform-state/kms-key-arn"]
  values = { insecure_value = "${STATE_KEY}" }
}

run "roles" {
  command = plan
  plan_options {
    target = [
      module.service.aws_iam_role.deploy,
      module.service.aws_iam_role.image_push,
      module.service.aws_iam_role.hosted,
      module.service.aws_iam_role_policy.hosted,
      module.service.aws_iam_policy.hosted_boundary,
      module.service.aws_iam_role.docs_publish,
      module.service.aws_iam_role_policy.docs_publish,
    ]
  }
  variables {
    environment     = "${environment}"
    container_image = "placeholder@sha256:${'0'.repeat(64)}"
  }
}
`;

/** The claims of a GitHub Actions token AWS sees: aud and sub (AWS reads no other claim of GitHub's). */
interface Token {
  aud: string;
  sub: string;
}

/** Whether `policy` lets a holder of `token` assume the role through the GitHub OIDC provider. */
export const allows = (policy: string, token: Token) =>
  iamAllows(policy, {
    action: 'sts:AssumeRoleWithWebIdentity',
    federated: PROVIDER_ARN,
    context: { [`${PROVIDER}:aud`]: token.aud, [`${PROVIDER}:sub`]: token.sub },
  });

/** A token as GitHub issues it with the repository's subject template: repo, context, job_workflow_ref. */
function token(context: string, workflow: string, options: { repo?: string; ref?: string; aud?: string } = {}): Token {
  const repo = options.repo ?? SERVICE;
  return {
    aud: options.aud ?? 'sts.amazonaws.com',
    sub: `repo:${repo}:${context}:job_workflow_ref:${repo}/.github/workflows/${workflow}@${options.ref ?? 'refs/heads/main'}`,
  };
}

const JOBS: Record<string, Token> = {
  'harden.yml on main (the image publish job)': token('ref:refs/heads/main', 'harden.yml'),
  'ci.yml on main outside an environment (lint, tests, scans)': token('ref:refs/heads/main', 'ci.yml'),
  'another workflow on main': token('ref:refs/heads/main', 'release.yml'),
  'harden.yml on a branch': token('ref:refs/heads/feature', 'harden.yml', { ref: 'refs/heads/feature' }),
  'harden.yml on main, from a pull request': token('pull_request', 'harden.yml'),
  'ci.yml in the staging environment (deploy-staging)': token('environment:staging', 'ci.yml'),
  'ci.yml in the production environment (deploy-production)': token('environment:production', 'ci.yml'),
  'another workflow in the production environment': token('environment:production', 'release.yml'),
  "another repository's harden.yml on main": token('ref:refs/heads/main', 'harden.yml', { repo: 'acme-fintech/other' }),
  'harden.yml on main, for another audience': token('ref:refs/heads/main', 'harden.yml', { aud: 'sigstore' }),
  'tenant.yml on tenants/acme-bank in the tenant environment (apply)': token('environment:tenant', 'tenant.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'tenant.yml on main in the tenant-destroy environment (the branch deleted)': token(
    'environment:tenant-destroy',
    'tenant.yml',
  ),
  'tenant.yml on a feature branch in the tenant environment': token('environment:tenant', 'tenant.yml', {
    ref: 'refs/heads/feature/tenants/x',
  }),
  'tenant.yml on tenants/acme-bank outside an environment': token('ref:refs/heads/tenants/acme-bank', 'tenant.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'tenant.yml on tenants/acme-bank in the production environment': token('environment:production', 'tenant.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'tenant.yml on tenants/acme-bank in tenant-destroy': token('environment:tenant-destroy', 'tenant.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'tenant.yml on main in the tenant environment': token('environment:tenant', 'tenant.yml'),
  'ci.yml on tenants/acme-bank in the tenant environment': token('environment:tenant', 'ci.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  "another repository's tenant.yml on tenants/acme-bank": token('environment:tenant', 'tenant.yml', {
    repo: 'acme-fintech/other',
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'ci.yml on a pull request in the preview environment (the preview job)': token(
    'environment:preview',
    'ci.yml',
    PULL_REQUEST,
  ),
  'preview.yml on a pull request in the preview environment (its preview destroyed on close)': token(
    'environment:preview',
    'preview.yml',
    PULL_REQUEST,
  ),
  'preview.yml on main in the preview-sweep environment (the TTL sweep)': token(
    'environment:preview-sweep',
    'preview.yml',
  ),
  // Where the sweep ran before it had its own environment (reviewed when the entry lists approvers).
  'preview.yml on main in the preview environment': token('environment:preview', 'preview.yml'),
  'preview.yml on a pull request in the preview-sweep environment': token(
    'environment:preview-sweep',
    'preview.yml',
    PULL_REQUEST,
  ),
  'preview.yml on a branch in the preview-sweep environment': token('environment:preview-sweep', 'preview.yml', {
    ref: 'refs/heads/feature',
  }),
  'ci.yml on main in the preview-sweep environment': token('environment:preview-sweep', 'ci.yml'),
  'ci.yml on a pull request in the preview-sweep environment': token(
    'environment:preview-sweep',
    'ci.yml',
    PULL_REQUEST,
  ),
  "another repository's preview.yml on main in the preview-sweep environment": token(
    'environment:preview-sweep',
    'preview.yml',
    { repo: 'acme-fintech/other' },
  ),
  'tenant.yml on main in the preview-sweep environment': token('environment:preview-sweep', 'tenant.yml'),
  'ci.yml on main in the preview environment': token('environment:preview', 'ci.yml'),
  'ci.yml on a branch in the preview environment': token('environment:preview', 'ci.yml', {
    ref: 'refs/heads/feature',
  }),
  'ci.yml on a branch named refs/pull/1 in the preview environment': token('environment:preview', 'ci.yml', {
    ref: 'refs/heads/refs/pull/1',
  }),
  'ci.yml on tenants/acme-bank in the preview environment': token('environment:preview', 'ci.yml', {
    ref: 'refs/heads/tenants/acme-bank',
  }),
  'preview.yml on a branch in the preview environment': token('environment:preview', 'preview.yml', {
    ref: 'refs/heads/feature',
  }),
  'ci.yml on a pull request outside an environment': token('pull_request', 'ci.yml', PULL_REQUEST),
  'ci.yml on a pull request in the staging environment': token('environment:staging', 'ci.yml', PULL_REQUEST),
  'ci.yml on a pull request in the production environment': token('environment:production', 'ci.yml', PULL_REQUEST),
  'another workflow on a pull request in the preview environment': token(
    'environment:preview',
    'release.yml',
    PULL_REQUEST,
  ),
  "another repository's ci.yml on a pull request in the preview environment": token('environment:preview', 'ci.yml', {
    ...PULL_REQUEST,
    repo: 'acme-fintech/other',
  }),
  'docs.yml on main (the docs publish job)': token('ref:refs/heads/main', 'docs.yml'),
  'docs.yml on a branch': token('ref:refs/heads/feature', 'docs.yml', { ref: 'refs/heads/feature' }),
  'docs.yml in the production environment': token('environment:production', 'docs.yml'),
  // 1.0.0 trusted the default subject: any job on main.
  'any job on main with the default subject template': {
    aud: 'sts.amazonaws.com',
    sub: `repo:${SERVICE}:ref:refs/heads/main`,
  },
};

/** Which of JOBS each role admits; every other job is refused. */
const ADMITTED: Record<string, string[]> = {
  'staging image-push': ['harden.yml on main (the image publish job)'],
  'production image-push': ['harden.yml on main (the image publish job)'],
  'staging deploy': ['ci.yml in the staging environment (deploy-staging)'],
  'production deploy': ['ci.yml in the production environment (deploy-production)'],
  // Only production accounts publish the docs (the root passes techdocs for kind production).
  'production docs': ['docs.yml on main (the docs publish job)'],
  'production tenant': [
    'tenant.yml on tenants/acme-bank in the tenant environment (apply)',
    'tenant.yml on main in the tenant-destroy environment (the branch deleted)',
  ],
  // The previews' host: the first staging environment (the preview entry names no other).
  'staging preview': [
    'ci.yml on a pull request in the preview environment (the preview job)',
    'preview.yml on a pull request in the preview environment (its preview destroyed on close)',
    'preview.yml on main in the preview-sweep environment (the TTL sweep)',
  ],
};

/**
 * Plans the root for one environment with `terraform test -verbose -json` and returns its roles'
 * trust policies and its role policies' documents, by address.
 */
async function trustPolicies(root: string, environment: string, mirror: string): Promise<Record<string, string>> {
  writeFileSync(join(root, 'roles.tftest.hcl'), testFile(environment));
  const lines = await terraformTest(root, mirror);
  const plan = lines.find(l => l.type === 'test_plan')?.test_plan as
    | { resource_changes: { address: string; change: { after: { assume_role_policy?: string; policy?: string } } }[] }
    | undefined;
  if (!plan) throw new Error(`terraform test printed no plan:\n${JSON.stringify(lines.slice(-20), null, 1)}`);
  return Object.fromEntries(
    plan.resource_changes.map(r => [r.address, r.change.after.assume_role_policy ?? r.change.after.policy]),
  );
}

describe('python-django-service: who may push images and who may deploy', () => {
  const mirror = terraformPluginDir();
  let dir: string;
  const roles: Record<string, string> = {};
  const docsPolicies: Record<string, string | undefined> = {};
  const hostedPolicies: Record<string, string | undefined> = {};
  const boundaries: Record<string, string | undefined> = {};
  let docs: TechDocsPlace;

  beforeAll(async () => {
    // CI has the mirror; without it this would prove nothing, so it fails rather than skip.
    if (!mirror)
      throw new Error('no Terraform provider mirror on this machine (see plugins/golden-path-validators/src/tools.ts)');
    const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
    const gp = engine.load('python-django-service');
    const values = parse(readFileSync(join(gp.examplesDir, 'payments-api.yaml'), 'utf8')) as Record<string, unknown>;
    // With previews of pull requests, hosted by staging (the default host).
    values.environments = [
      { name: 'staging', kind: 'staging' },
      { name: 'production', kind: 'production' },
      { name: 'pr', kind: 'preview' },
    ];
    dir = mkdtempSync(join(tmpdir(), 'gp-oidc-trust-'));
    const prepared = engine.prepare(gp, values);
    docs = prepared.context.techdocs;
    engine.write(engine.plan(prepared), join(dir, 'rendered'));
    // The one root, planned for both environments at once: each plan loads the provider's schema (seconds of CPU).
    await Promise.all(
      ENVIRONMENTS.map(async environment => {
        const root = join(dir, environment);
        cpSync(join(dir, 'rendered/infra'), root, { recursive: true });
        const policies = await trustPolicies(join(root, 'environment'), environment, mirror);
        const docsRole = policies['module.service.aws_iam_role.docs_publish[0]'];
        if (docsRole) roles[`${environment} docs`] = docsRole;
        docsPolicies[environment] = policies['module.service.aws_iam_role_policy.docs_publish[0]'];
        roles[`${environment} deploy`] = policies['module.service.aws_iam_role.deploy[0]']!;
        roles[`${environment} image-push`] = policies['module.service.aws_iam_role.image_push[0]']!;
        // Only the tenant host (production here) has a tenant role, only the previews' host (staging) a preview role.
        for (const kind of ['tenant', 'preview']) {
          const role = policies[`module.service.aws_iam_role.hosted["${kind}"]`];
          if (role) roles[`${environment} ${kind}`] = role;
          hostedPolicies[`${environment} ${kind}`] = policies[`module.service.aws_iam_role_policy.hosted["${kind}"]`];
          boundaries[`${environment} ${kind}`] = policies[`module.service.aws_iam_policy.hosted_boundary["${kind}"]`];
        }
      }),
    );
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has an image-push role and a deploy role in each environment, a tenant role in production, a preview role in staging', () => {
    expect(Object.keys(roles).sort()).toEqual(Object.keys(ADMITTED).sort());
    for (const [role, policy] of Object.entries(roles)) expect(policy, role).toMatch(/^\{/);
  });

  it.each(Object.keys(ADMITTED))('%s role admits exactly its own job', role => {
    const admitted = Object.entries(JOBS)
      .filter(([, t]) => allows(roles[role]!, t))
      .map(([job]) => job);
    expect(admitted).toEqual(ADMITTED[role]);
  });

  // What the publish job's aws s3 sync asks S3 (a listing of the entity's folder, PutObject and
  // DeleteObject of its pages), and what the role must never reach.
  it("lets the docs role publish under this service's prefix of the docs bucket, and nowhere else", () => {
    expect(docsPolicies.staging).toBeUndefined();
    const policy = docsPolicies.production!;
    expect(policy).toMatch(/^\{/);
    expect(docs).toMatchObject({ bucket: expect.any(String), path: 'default/component/payments-api' });
    const bucket = `arn:aws:s3:::${docs.bucket}`;
    const can = (action: string, resource: string, prefix?: string) =>
      iamAllows(policy, { action, resource, context: prefix === undefined ? {} : { 's3:prefix': prefix } });
    for (const action of ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']) {
      expect(can(action, `${bucket}/${docs.path}/index.html`), action).toBe(true);
      expect(can(action, `${bucket}/${docs.path}/runbooks/high-cpu/index.html`), action).toBe(true);
      // A neighbour whose name starts with this one's, another service, the bucket's root, another bucket.
      expect(can(action, `${bucket}/default/component/payments-api-v2/index.html`), action).toBe(false);
      expect(can(action, `${bucket}/default/component/ledger/index.html`), action).toBe(false);
      expect(can(action, `${bucket}/${docs.path}`), action).toBe(false);
      expect(can(action, `${bucket}/index.html`), action).toBe(false);
      expect(can(action, `arn:aws:s3:::another-bucket/${docs.path}/index.html`), action).toBe(false);
    }
    expect(can('s3:ListBucket', bucket, `${docs.path}/`)).toBe(true);
    expect(can('s3:ListBucket', bucket, `${docs.path}/runbooks/`)).toBe(true);
    // A listing that names no prefix (or HeadBucket, authorised the same way) would show every
    // service's page names: refused, as is any prefix but this service's.
    expect(can('s3:ListBucket', bucket)).toBe(false);
    expect(can('s3:ListBucket', bucket, '')).toBe(false);
    expect(can('s3:ListBucket', bucket, 'default/component/')).toBe(false);
    expect(can('s3:ListBucket', bucket, 'default/component/ledger/')).toBe(false);
    expect(can('s3:ListBucket', 'arn:aws:s3:::another-bucket', `${docs.path}/`)).toBe(false);
    for (const action of ['s3:PutObjectAcl', 's3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutLifecycleConfiguration'])
      expect(can(action, action.includes('Object') ? `${bucket}/${docs.path}/index.html` : bucket), action).toBe(false);
  });

  it('lets the preview role push to and read the previews repository and change previews only, their state and task roles', () => {
    expect(hostedPolicies['production preview']).toBeUndefined();
    const policy = hostedPolicies['staging preview']!;
    expect(policy).toMatch(/^\{/);
    const can = (action: string, resource: string, context: Record<string, string> = {}) =>
      iamAllows(policy, { action, resource, context });
    const ecr = 'arn:aws:ecr:eu-west-1:111122223333:repository';
    for (const action of ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:CompleteLayerUpload']) {
      expect(can(action, `${ecr}/payments-api-previews`), action).toBe(true);
      expect(can(action, `${ecr}/payments-api`), action).toBe(false);
    }
    const state = `arn:aws:s3:::${STATE_BUCKET}/services/payments-api`;
    expect(can('s3:PutObject', `${state}/previews/pr-42.tfstate`)).toBe(true);
    for (const other of ['staging.tfstate', 'production.tfstate', 'tenants/acme-bank.tfstate'])
      expect(can('s3:PutObject', `${state}/${other}`), other).toBe(false);
    expect(
      can('s3:ListBucket', `arn:aws:s3:::${STATE_BUCKET}`, { 's3:prefix': 'services/payments-api/previews/' }),
    ).toBe(true);
    expect(can('s3:ListBucket', `arn:aws:s3:::${STATE_BUCKET}`, { 's3:prefix': 'services/payments-api/' })).toBe(false);
    // It reads images (the plan's repository, the image's signature and provenance) in the previews
    // repository only; the tenant role in the service's own only.
    const tenantPolicy = hostedPolicies['production tenant']!;
    for (const action of [
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
    ]) {
      expect(can(action, `${ecr}/payments-api-previews`), action).toBe(true);
      expect(iamAllows(tenantPolicy, { action, resource: `${ecr}/payments-api` }), action).toBe(true);
      for (const other of [`${ecr}/ledger`, `${ecr}/payments-api-v2`]) {
        expect(can(action, other), `${action} ${other}`).toBe(false);
        expect(iamAllows(tenantPolicy, { action, resource: other }), `${action} ${other}`).toBe(false);
      }
      expect(can(action, `${ecr}/payments-api`), action).toBe(false);
      expect(iamAllows(tenantPolicy, { action, resource: `${ecr}/payments-api-previews` }), action).toBe(false);
    }
    expect(can('ecr:GetAuthorizationToken', '*')).toBe(true);
    // The sweep lists previews by their tags.
    expect(can('tag:GetResources', '*')).toBe(true);
    // Creates only what is tagged as a preview, changes only what already is.
    const service = 'arn:aws:ecs:eu-west-1:111122223333:service/payments-api/payments-api';
    expect(can('ecs:CreateService', '*', { 'aws:RequestTag/EnvironmentKind': 'preview' })).toBe(true);
    expect(can('ecs:CreateService', '*', { 'aws:RequestTag/EnvironmentKind': 'staging' })).toBe(false);
    expect(can('ecs:UpdateService', service, { 'aws:ResourceTag/EnvironmentKind': 'preview' })).toBe(true);
    expect(can('ecs:UpdateService', service, { 'aws:ResourceTag/EnvironmentKind': 'staging' })).toBe(false);
    expect(can('ecs:DeleteService', service, { 'aws:ResourceTag/EnvironmentKind': 'tenant' })).toBe(false);
    // Task roles named after a preview, under the preview boundary; never the service's own roles.
    const role = 'arn:aws:iam::111122223333:role';
    const boundary = (kind: string) => ({
      'iam:PermissionsBoundary': `arn:aws:iam::111122223333:policy/payments-api-${kind}-boundary`,
    });
    expect(can('iam:CreateRole', `${role}/payments-api-pr-42-execution`, boundary('preview'))).toBe(true);
    expect(can('iam:CreateRole', `${role}/payments-api-pr-42-execution`, boundary('tenant'))).toBe(false);
    expect(can('iam:CreateRole', `${role}/payments-api-pr-42-execution`)).toBe(false);
    expect(can('iam:CreateRole', `${role}/payments-api-deploy`, boundary('preview'))).toBe(false);
    expect(can('iam:CreateRole', `${role}/payments-api-acme-bank-execution`, boundary('preview'))).toBe(false);
    // The tenant role's policy, made by the same definition, is the tenants' own.
    const tenant = hostedPolicies['production tenant']!;
    expect(iamAllows(tenant, { action: 'ecr:PutImage', resource: `${ecr}/payments-api-previews` })).toBe(false);
    expect(iamAllows(tenant, { action: 'tag:GetResources', resource: '*' })).toBe(false);
    expect(
      iamAllows(tenant, {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/services/payments-api/tenants/x.tfstate`,
      }),
    ).toBe(true);
    expect(iamAllows(tenant, { action: 's3:PutObject', resource: `${state}/previews/pr-42.tfstate` })).toBe(false);
  });
  // ECS pulls a hosted stack's image with its execution role, which runs under its kind's boundary
  // (iam_tasks.tf): whatever a branch's or a pull request's Terraform writes in that role's policy,
  // the boundary lets it pull from its kind's repository only.
  it("bounds the hosted stacks' tasks to pulling from their kind's own repository", () => {
    expect(boundaries['production preview']).toBeUndefined();
    expect(boundaries['staging tenant']).toBeUndefined();
    const ecr = 'arn:aws:ecr:eu-west-1:111122223333:repository';
    const own = { 'staging preview': `${ecr}/payments-api-previews`, 'production tenant': `${ecr}/payments-api` };
    const others = [
      `${ecr}/payments-api`,
      `${ecr}/payments-api-previews`,
      `${ecr}/payments-api-previews-2`,
      `${ecr}/ledger`,
      `${ecr}/payments-api/nested`,
      'arn:aws:ecr:us-east-1:111122223333:repository/payments-api',
      'arn:aws:ecr:eu-west-1:444455556666:repository/payments-api',
    ];
    for (const [stack, repository] of Object.entries(own)) {
      const boundary = boundaries[stack]!;
      expect(boundary, stack).toMatch(/^\{/);
      for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
        expect(iamAllows(boundary, { action, resource: repository }), `${stack} ${action}`).toBe(true);
        for (const other of others.filter(o => o !== repository))
          expect(iamAllows(boundary, { action, resource: other }), `${stack} ${action} ${other}`).toBe(false);
      }
      // ECR's login names no repository; pushing and changing repositories stay out of reach.
      expect(iamAllows(boundary, { action: 'ecr:GetAuthorizationToken', resource: '*' }), stack).toBe(true);
      for (const action of [
        'ecr:PutImage',
        'ecr:InitiateLayerUpload',
        'ecr:BatchDeleteImage',
        'ecr:SetRepositoryPolicy',
      ])
        expect(iamAllows(boundary, { action, resource: repository }), `${stack} ${action}`).toBe(false);
    }
  });
});

describe('the trust evaluator', () => {
  const policy = (condition: Record<string, Record<string, string | string[]>>) =>
    JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: PROVIDER_ARN },
          Condition: condition,
        },
      ],
    });

  it('needs every condition and any one value of each', () => {
    const both = policy({
      StringEquals: { [`${PROVIDER}:aud`]: 'sts.amazonaws.com', [`${PROVIDER}:sub`]: ['a', 'b'] },
    });
    expect(allows(both, { aud: 'sts.amazonaws.com', sub: 'b' })).toBe(true);
    expect(allows(both, { aud: 'sts.amazonaws.com', sub: 'c' })).toBe(false);
    expect(allows(both, { aud: 'other', sub: 'a' })).toBe(false);
    expect(allows(policy({ StringLike: { [`${PROVIDER}:sub`]: 'repo:x/*' } }), { aud: '', sub: 'repo:x/y:ref' })).toBe(
      true,
    );
  });

  it('judges an identity policy: actions and resources with wildcards, IfExists, an explicit Deny', () => {
    const identity = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::b/p/*' },
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringLikeIfExists: { 's3:prefix': 'p/*' } },
        },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/p/secret' },
      ],
    });
    expect(iamAllows(identity, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/p/x' })).toBe(true);
    expect(iamAllows(identity, { action: 's3:getobject', resource: 'arn:aws:s3:::b/p/x' })).toBe(true);
    expect(iamAllows(identity, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/q/x' })).toBe(false);
    expect(iamAllows(identity, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/p/x' })).toBe(false);
    expect(iamAllows(identity, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/p/secret' })).toBe(false);
    const list = (context?: Record<string, string>) =>
      iamAllows(identity, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context });
    expect([list({ 's3:prefix': 'p/a' }), list(), list({ 's3:prefix': 'q/' })]).toEqual([true, true, false]);
  });

  it('refuses to judge an operator it does not implement', () => {
    expect(() => allows(policy({ ForAnyValue: { [`${PROVIDER}:sub`]: 'a' } }), { aud: '', sub: 'a' })).toThrow(
      /ForAnyValue/,
    );
  });
});
