/**
 * Environments are data (issue 15 item 1): a service's environments live in one file,
 * infra/environments.yaml, made from the form's `environments`; the one Terraform root
 * (infra/environment) plans each of them by name, and the pipeline's deploy jobs, the hardening
 * workflow's pushes and the GitHub environments the portal creates come from the same data, one to
 * one. Rendered with two, three and five environments for every golden path: the files agree
 * (cheap, every case); the validators run on a three- and a five-environment render (two golden
 * paths; every example with two runs in every-golden-path.test.ts); and Terraform plans each of five
 * environments from its data, offline, with the machine's provider mirror. The five include the
 * entry of kind preview (issue 15 item 3): written last, never deployed from main, and planned as a
 * pull request's preview in its host's cluster.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Environment, GoldenPathEngine, type RenderPlan, ValuesError } from '@golden-path/engine';
import { changeControl } from '@golden-path/node';
import { formatReport, validateRepository } from '@golden-path/validators';
import { terraformPluginDir } from '@golden-path/validators/process';
import { EXAMPLE, exampleValues } from '../testing/examples.js';
import { terraformTest } from '../testing/terraform.js';
import { parse } from 'yaml';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const ENVIRONMENTS: Record<number, Record<string, unknown>[]> = {
  2: [
    { name: 'staging', kind: 'staging' },
    { name: 'production', kind: 'production' },
  ],
  3: [
    { name: 'staging', kind: 'staging' },
    { name: 'production', kind: 'production', approvers: ['acme-fintech/payments-leads'] },
    {
      name: 'acme-bank',
      kind: 'tenant',
      awsAccountId: '444455556666',
      awsRegion: 'eu-central-1',
      owner: 'group:default/acme-bank-ops',
      monthlyCostCap: 1200,
    },
  ],
  5: [
    { name: 'preview', kind: 'preview', desiredCount: 1, maxCount: 1 },
    { name: 'staging', kind: 'staging' },
    {
      name: 'production',
      kind: 'production',
      awsAccountId: '111122223333',
      approvers: ['acme-fintech/payments-leads'],
    },
    {
      name: 'acme-bank',
      kind: 'tenant',
      fargateSize: '1024-2048',
      desiredCount: 3,
      maxCount: 9,
      owner: 'acme-bank-ops',
      monthlyCostCap: 800.5,
    },
    {
      name: 'globex',
      kind: 'tenant',
      awsRegion: 'us-east-1',
      logRetentionDays: 365,
      owner: 'group:default/globex',
      monthlyCostCap: 300,
    },
  ],
};

/** An entry of infra/environments.yaml: what the deriver computed, as the file holds it. */
type EnvironmentData = Pick<
  Environment,
  'name' | 'kind' | 'awsAccountId' | 'awsRegion' | 'cpu' | 'memory' | 'desiredCount' | 'maxCount' | 'logRetentionDays'
>;

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Job {
  needs?: string[];
  environment?: string;
  steps?: Step[];
}

function values(id: string, count: number): Record<string, unknown> {
  return { ...exampleValues(engine, id), environments: ENVIRONMENTS[count] };
}

const render = (id: string, count: number): RenderPlan =>
  engine.plan(engine.prepare(engine.load(id), values(id, count)));
const text = (plan: RenderPlan, path: string) => plan.files.find(f => f.path === path)!.content.toString('utf8');
const data = (plan: RenderPlan) =>
  (parse(text(plan, 'infra/environments.yaml')) as { environments: EnvironmentData[] }).environments;
/** What main deploys: every entry but the preview one. */
const deployed = <T extends { kind: unknown }>(list: T[]) => list.filter(e => e.kind !== 'preview');

const cases = Object.keys(EXAMPLE).flatMap(id => [2, 3, 5].map(count => ({ id, count })));

describe.each(cases)('$id with $count environments', ({ id, count }) => {
  const plan = render(id, count);
  const environments = deployed(data(plan));
  const ci = parse(text(plan, '.github/workflows/ci.yml')) as { jobs: Record<string, Job> };
  // The preview job (a pull request's) has an environment too, and is not a deploy from main.
  const deployJobs = Object.entries(ci.jobs).filter(([id, job]) => job.environment !== undefined && id !== 'preview');

  it('writes every environment to infra/environments.yaml, defaults resolved, the preview entry last', () => {
    const inFile = [...deployed(ENVIRONMENTS[count]!), ...ENVIRONMENTS[count]!.filter(e => e.kind === 'preview')];
    expect(data(plan).map(e => e.name)).toEqual(inFile.map(e => e.name));
    for (const [i, e] of data(plan).entries()) {
      const { fargateSize, ...given } = inFile[i]!;
      expect(e).toMatchObject(given);
      if (fargateSize) expect(`${e.cpu}-${e.memory}`).toBe(fargateSize);
    }
  });

  it('has one deploy job per environment, in the order of the data, each after the one before it', () => {
    expect(deployJobs.map(([jobId, job]) => [jobId, job.environment])).toEqual(
      environments.map(e => [`deploy-${e.name}`, e.name]),
    );
    for (const [i, [, job]] of deployJobs.entries()) {
      expect(job.needs).toEqual(['harden', ...(i ? [deployJobs[i - 1]![0]] : [])]);
      const e = environments[i]!;
      const credentials = job.steps!.find(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(credentials?.with?.['aws-region']).toBe(e.awsRegion);
      const rollout = job.steps!.find(s => s.uses === './.github/actions/deploy-ecs');
      expect(rollout?.with).toMatchObject({
        environment: e.name,
        digest: '${{ needs.harden.outputs.digest }}',
        'state-key': expect.stringMatching(new RegExp(`^services/[a-z0-9-]+/${e.name}\\.tfstate$`)),
        'state-region': e.awsRegion,
      });
    }
  });

  it('checks on every run that the data file still lists exactly these environments, in this order', () => {
    const check = ci.jobs.terraform!.steps!.find(
      s => s.name === 'Check that the deploy jobs match infra/environments.yaml',
    );
    expect((check as { env?: Record<string, string> } | undefined)?.env?.DEPLOY_JOBS).toBe(
      environments.map(e => e.name).join(' '),
    );
  });

  it("pushes the image to each environment's registry with that environment's push role", () => {
    const harden = parse(text(plan, '.github/workflows/harden.yml')) as { jobs: Record<string, Job> };
    const pushes = harden.jobs.publish!.steps!.filter(s => s.uses === './.github/actions/publish-image');
    expect(pushes.map(s => s.id)).toEqual(environments.map(e => `push-${e.name}`));
    const roles = harden.jobs.publish!.steps!.filter(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(roles.map(s => [s.with?.['role-to-assume'], s.with?.['aws-region']])).toEqual(
      environments.map(e => [
        `\${{ vars.AWS_${e.name.toUpperCase().replaceAll('-', '_')}_IMAGE_PUSH_ROLE_ARN }}`,
        e.awsRegion,
      ]),
    );
  });

  it('gets one GitHub environment per entry from the portal, deployable from main only, and the tenant ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-environments-'));
    try {
      engine.write(plan, join(dir, 'repo'));
      const control = changeControl(join(dir, 'repo'), 'group:default/payments-team');
      // The preview entry's GitHub environments (pull requests', the sweep's) are asserted where previews are.
      const listed = control.environments.filter(e => e.name !== 'preview' && e.name !== 'preview-sweep');
      const [entries, tenants] = [listed.slice(0, -2), listed.slice(-2)];
      expect(entries.map(e => e.name).sort()).toEqual(environments.map(e => e.name).sort());
      for (const e of entries) expect(e.deploymentBranches).toEqual(['main']);
      expect(tenants.map(e => [e.name, e.deploymentBranches, e.reviewers])).toEqual([
        ['tenant', ['tenants/*'], ['group:default/payments-team']],
        ['tenant-destroy', ['main'], ['group:default/payments-team']],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the form refuses environments the pipeline could not run', () => {
  const gp = engine.load('go-service');
  const issues = (environments: unknown) => {
    try {
      engine.prepare(gp, { ...values('go-service', 2), environments });
    } catch (e) {
      if (e instanceof ValuesError) return e.issues;
      throw e;
    }
    return [];
  };

  it.each(['../x', 'a b', 'Main', 'x'.repeat(33), '${{ github.token }}', '-x'])('name %j', name => {
    expect(issues([{ name, kind: 'staging' }])).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^environments/) }),
    ]);
  });

  it('a tenant without an owner or a cost cap', () => {
    const tenant = { name: 'acme-bank', kind: 'tenant', owner: 'acme-bank-ops', monthlyCostCap: 100 };
    expect(issues([...ENVIRONMENTS[2]!, tenant])).toEqual([]);
    for (const missing of ['owner', 'monthlyCostCap'])
      expect(issues([...ENVIRONMENTS[2]!, { ...tenant, [missing]: undefined }])).toEqual([
        {
          field: 'environments',
          message: expect.stringMatching(
            /\(acme-bank\): (owner|monthlyCostCap) \(missing\) must be .*\(every tenant has one\)$/,
          ),
        },
      ]);
    expect(issues([...ENVIRONMENTS[2]!, { ...tenant, owner: 'user:default/ada' }])).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^environments/) }),
    ]);
  });

  it('a name given twice, an empty list and an unknown kind', () => {
    expect(issues([...ENVIRONMENTS[2]!, { name: 'staging', kind: 'tenant' }])).toEqual([
      { field: 'environments', message: expect.stringMatching(/given twice/) },
    ]);
    expect(issues([])).toEqual([expect.objectContaining({ field: 'environments' })]);
    expect(issues([{ name: 'qa', kind: 'qa' }])).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^environments/) }),
    ]);
  });
});

// The validators that read what the environments change; the runtime's own (Dockerfile, service
// tests, catalog) run on every example in every-golden-path.test.ts.
const VALIDATORS = [
  'yaml',
  'actionlint',
  'workflow-schema',
  'shellcheck',
  'terraform',
  'terraform-validate',
  'trivy-config',
];

describe('validators on renders with three and five environments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-environments-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['node-typescript-service', 3],
    ['go-service', 5],
  ] as const)(
    '%s with %i environments passes them',
    async (id, count) => {
      const target = join(dir, `${id}-${count}`);
      engine.write(render(id, count), target);
      const report = await validateRepository(target, { only: VALIDATORS });
      expect(report.ok, formatReport(report)).toBe(true);
      expect(report.results.filter(r => !r.skipped).map(r => r.validator)).toEqual(VALIDATORS);
    },
    300_000,
  );
});

/** A tenant added by its branch: the branch's copy of infra/environments.yaml has this entry too. */
const BRANCH_TENANT = {
  name: 'initech',
  kind: 'tenant',
  host: 'production',
  awsAccountId: '',
  awsRegion: 'eu-west-1',
  cpu: 256,
  memory: 512,
  desiredCount: 1,
  maxCount: 2,
  logRetentionDays: 30,
  approvers: [],
  owner: 'group:default/initech-ops',
  monthlyCostCap: 750,
};

/** A pull request's preview, planned from the entry of kind preview (named preview in the data). */
const PREVIEW = { pullRequest: '42', expiresAt: '2026-12-01T10:00:00Z' };
const IMAGE = `placeholder@sha256:${'0'.repeat(64)}`;

/**
 * A run of the root that its variables' validation must refuse (the variable named), planning the
 * log group only (its name is made of pull_request). A targeted plan leaves expires_at's validation
 * out and a whole plan costs ~14 s of CPU, so expires_at's refusals are not planned here.
 */
const refused = (name: string, variable: string, variables: Record<string, string>) => `
run "${name}" {
  command = plan
  plan_options {
    target = [module.service.aws_cloudwatch_log_group.app]
  }
  variables {
${Object.entries({ ...variables, container_image: IMAGE })
  .map(([k, v]) => `    ${k} = "${v}"`)
  .join('\n')}
  }
  expect_failures = [var.${variable}]
}
`;

/**
 * A plan of each environment main deploys (and of a name not in the data), the AWS-reading data
 * sources answered by the test, with the roles and repositories a host has; of the branch tenant's
 * stack (its service and budget, with what they depend on); of a pull request's preview (the same,
 * its load balancer and secrets); and of the preview variables the root refuses.
 */
const planFile = (names: string[]) => `
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_ssm_parameter" {
    defaults = { insecure_value = "10.0.0.0/16" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
}

override_data {
  target = module.service.data.aws_ssm_parameter.platform["acm/certificate-arn"]
  values = { insecure_value = "arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-0000-0000-000000000000" }
}

override_data {
  target = module.service.data.aws_ssm_parameter.platform["terraform-state/kms-key-arn"]
  values = { insecure_value = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000" }
}

run "${BRANCH_TENANT.name}" {
  command = plan
  override_data {
    target = module.service.data.aws_ecs_cluster.shared[0]
    values = { arn = "arn:aws:ecs:eu-west-1:111122223333:cluster/payments-api" }
  }
  plan_options {
    target = [module.service.aws_ecs_service.this, module.service.aws_budgets_budget.cost_cap]
  }
  variables {
    environment     = "${BRANCH_TENANT.name}"
    container_image = "placeholder@sha256:${'0'.repeat(64)}"
  }
}
run "pr-${PREVIEW.pullRequest}" {
  command = plan
  override_data {
    target = module.service.data.aws_ecs_cluster.shared[0]
    values = { arn = "arn:aws:ecs:eu-west-1:111122223333:cluster/payments-api" }
  }
  override_data {
    target = module.service.data.aws_ecr_repository.shared[0]
    values = { arn = "arn:aws:ecr:eu-west-1:111122223333:repository/payments-api-previews" }
  }
  plan_options {
    target = [module.service.aws_ecs_service.this, module.service.aws_budgets_budget.cost_cap, module.service.aws_lb.this, module.service.aws_secretsmanager_secret.app]
  }
  variables {
    environment     = "preview"
    pull_request    = "${PREVIEW.pullRequest}"
    expires_at      = "${PREVIEW.expiresAt}"
    container_image = "${IMAGE}"
  }
}
${refused('preview-without-pull-request', 'pull_request', { environment: 'preview' })}
${refused('pull-request-on-staging', 'pull_request', { environment: 'staging', pull_request: '7', expires_at: PREVIEW.expiresAt })}
${refused('pull-request-not-a-number', 'pull_request', { environment: 'preview', pull_request: '12;rm', expires_at: PREVIEW.expiresAt })}
${[...names, 'not-listed']
  .map(
    name => `
run "${name}" {
  command = plan
  plan_options {
    target = [module.service.aws_ecs_task_definition.this, module.service.aws_appautoscaling_target.this, module.service.aws_cloudwatch_log_group.app, module.service.aws_iam_role.hosted, module.service.aws_ecr_repository.this, module.service.aws_ecr_lifecycle_policy.this]
  }
  variables {
    environment     = "${name}"
    container_image = "placeholder@sha256:${'0'.repeat(64)}"
  }${name === 'not-listed' ? '\n  expect_failures = [var.environment]' : ''}
}
`,
  )
  .join('')}`;

interface Change {
  address: string;
  change: { after: Record<string, unknown> };
}

describe('Terraform plans each environment of the data with the one root', () => {
  const mirror = terraformPluginDir();
  const plan = render('python-django-service', 5);
  const environments = deployed(data(plan));
  const refusedRuns = ['preview-without-pull-request', 'pull-request-on-staging', 'pull-request-not-a-number'];
  const plans: Record<string, Change[]> = {};
  const runs: Record<string, string> = {};
  let dir: string;

  beforeAll(async () => {
    // CI has the mirror; without it this would prove nothing, so it fails rather than skip.
    if (!mirror)
      throw new Error('no Terraform provider mirror on this machine (see plugins/golden-path-validators/src/tools.ts)');
    dir = mkdtempSync(join(tmpdir(), 'gp-environments-plan-'));
    engine.write(plan, join(dir, 'repo'));
    // The branch tenants/initech: its entry is added to the file (JSON is YAML).
    const file = join(dir, 'repo', 'infra', 'environments.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}  - ${JSON.stringify(BRANCH_TENANT)}\n`);
    const root = join(dir, 'repo', 'infra', 'environment');
    writeFileSync(join(root, 'environments.tftest.hcl'), planFile(environments.map(e => e.name)));
    for (const l of await terraformTest(root, mirror, dir)) {
      const name = l['@testrun'];
      if (!name) continue;
      if (l.type === 'test_plan') plans[name] = (l.test_plan as { resource_changes: Change[] }).resource_changes;
      const status = (l.test_run as { status?: string } | undefined)?.status;
      if (status) runs[name] = status;
    }
  }, 480_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plans every environment, and refuses a name the data does not list', () => {
    expect(runs).toEqual({
      ...Object.fromEntries(environments.map(e => [e.name, 'pass'])),
      [BRANCH_TENANT.name]: 'pass',
      'not-listed': 'pass',
      [`pr-${PREVIEW.pullRequest}`]: 'pass',
      ...Object.fromEntries(refusedRuns.map(name => [name, 'pass'])),
    });
  });

  it("plans a pull request's preview as its own disposable stack in its host's cluster, with its budget", () => {
    const changes = plans[`pr-${PREVIEW.pullRequest}`]!;
    const after = (address: string) => changes.find(c => c.address === address)?.change.after;
    const stack = `payments-api-pr-${PREVIEW.pullRequest}`;
    expect(after('module.service.aws_ecs_service.this')).toMatchObject({
      name: stack,
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/payments-api',
      desired_count: 1,
    });
    expect(after('module.service.aws_lb.this')).toMatchObject({ name: stack, enable_deletion_protection: false });
    expect(after('module.service.aws_budgets_budget.cost_cap[0]')).toMatchObject({
      name: `${stack}-monthly`,
      limit_amount: '50.00',
      cost_filter: [{ name: 'TagKeyValue', values: [`user:Environment$pr-${PREVIEW.pullRequest}`] }],
    });
    const secrets = changes.filter(c => c.address.startsWith('module.service.aws_secretsmanager_secret.app['));
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.change.after).toMatchObject({ recovery_window_in_days: 0 });
    // Nothing of the host's own: no cluster, repository, image-push, deploy or hosts' roles.
    for (const own of [
      'aws_ecs_cluster.',
      'aws_ecr_repository.',
      'aws_iam_role.image_push',
      'aws_iam_role.deploy',
      'aws_iam_role.hosted',
    ])
      expect(changes.filter(c => c.address.startsWith(`module.service.${own}`))).toEqual([]);
  });

  it('creates the previews repository and the preview role in the host only, the tenant role in the tenant host', () => {
    const hosted = (name: string) =>
      plans[name]!.map(c => c.address).filter(a =>
        /aws_iam_role\.hosted|aws_ecr_(repository|lifecycle_policy)\.this\["previews"\]/.test(a),
      );
    expect(hosted('staging')).toEqual([
      'module.service.aws_ecr_lifecycle_policy.this["previews"]',
      'module.service.aws_ecr_repository.this["previews"]',
      'module.service.aws_iam_role.hosted["preview"]',
    ]);
    expect(hosted('production')).toEqual(['module.service.aws_iam_role.hosted["tenant"]']);
    for (const name of ['acme-bank', 'globex']) expect(hosted(name)).toEqual([]);
    const after = (address: string) => plans.staging!.find(c => c.address === address)!.change.after;
    expect(after('module.service.aws_ecr_repository.this["previews"]')).toMatchObject({
      name: 'payments-api-previews',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: [{ scan_on_push: true }],
      encryption_configuration: [{ encryption_type: 'KMS' }],
    });
    expect(
      JSON.parse(after('module.service.aws_ecr_lifecycle_policy.this["previews"]').policy as string),
    ).toMatchObject({
      rules: [{ selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 } }],
    });
    expect(after('module.service.aws_iam_role.hosted["preview"]')).toMatchObject({ name: 'payments-api-previews' });
  });

  it("plans a branch tenant as its own stack in its host's cluster, with its cost cap", () => {
    const changes = plans[BRANCH_TENANT.name]!;
    const after = (address: string) => changes.find(c => c.address === address)?.change.after;
    const stack = 'payments-api-initech';
    expect(after('module.service.aws_ecs_service.this')).toMatchObject({
      name: stack,
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/payments-api',
    });
    expect(after('module.service.aws_lb_target_group.this')).toMatchObject({ name: stack });
    expect(after('module.service.aws_cloudwatch_log_group.app')).toMatchObject({ name: `/ecs/${stack}` });
    expect(after('module.service.aws_ecs_task_definition.this')).toMatchObject({ family: stack, cpu: '256' });
    expect(after('module.service.aws_budgets_budget.cost_cap[0]')).toMatchObject({
      name: `${stack}-monthly`,
      limit_amount: '750.00',
      limit_unit: 'USD',
      time_unit: 'MONTHLY',
      cost_filter: [{ name: 'TagKeyValue', values: ['user:Environment$initech'] }],
    });
    // Its own key and secrets; no cluster, image repository or image-push role of its own.
    expect(changes.map(c => c.address)).toEqual(expect.arrayContaining(['module.service.aws_kms_key.this']));
    for (const own of ['aws_ecs_cluster.this', 'aws_ecr_repository.this', 'aws_iam_role.image_push'])
      expect(changes.filter(c => c.address.startsWith(`module.service.${own}`))).toEqual([]);
    // The host, planned the same way, has its own cluster and no budget (not a tenant).
    expect(plans.production!.map(c => c.address)).not.toContain('module.service.aws_budgets_budget.cost_cap[0]');
  });

  it('gives each environment its own task size, scaling and log retention from the data', () => {
    const after = (name: string, address: string) => plans[name]!.find(c => c.address === address)!.change.after;
    for (const e of environments) {
      expect(after(e.name, 'module.service.aws_ecs_task_definition.this'), e.name).toMatchObject({
        cpu: String(e.cpu),
        memory: String(e.memory),
      });
      expect(after(e.name, 'module.service.aws_appautoscaling_target.this'), e.name).toMatchObject({
        min_capacity: e.desiredCount,
        max_capacity: e.maxCount,
      });
      expect(after(e.name, 'module.service.aws_cloudwatch_log_group.app'), e.name).toMatchObject({
        retention_in_days: e.logRetentionDays,
      });
    }
    // The data differs between them, so the plans could not agree by accident.
    expect(new Set(environments.map(e => `${e.cpu}/${e.desiredCount}/${e.logRetentionDays}`)).size).toBeGreaterThan(2);
  });
});
