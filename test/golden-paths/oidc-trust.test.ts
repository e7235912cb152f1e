/**
 * Who may push images and who may deploy (python-django-service 2.0.0, issue 11 item 4): the trust
 * policies of the rendered Terraform, as the real AWS provider computes them (`terraform test` plans
 * each environment root with the AWS-reading data sources overridden, offline, from the machine's
 * provider mirror), evaluated against the OIDC tokens GitHub issues to each kind of job: only the
 * hardening workflow on main may assume the image-push roles, only ci.yml's jobs in the staging or
 * production GitHub environment that environment's deploy role.
 *
 * The evaluator below implements the part of IAM's condition evaluation these policies use
 * (Allow statements for sts:AssumeRoleWithWebIdentity from the GitHub OIDC provider; every
 * condition operator must hold, any of its values may match), and refuses anything else, so a
 * policy that grows another operator fails here rather than being judged wrongly.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { terraformPluginDir } from '@golden-path/validators/process';
import { terraformTest } from '../testing/terraform.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const REPO = join(import.meta.dirname, '..', '..');
const PROVIDER = 'token.actions.githubusercontent.com';
const PROVIDER_ARN = `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}`;
const SERVICE = 'acme-fintech/payments-api';
const ENVIRONMENTS = ['staging', 'production'] as const;

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

run "roles" {
  command = plan
  plan_options {
    target = [module.service.aws_iam_role.deploy, module.service.aws_iam_role.image_push]
  }
  variables {
    environment     = "${environment}"
    container_image = "placeholder@sha256:${'0'.repeat(64)}"
  }
}
`;

interface Statement {
  Effect: string;
  Action: string | string[];
  Principal?: { Federated?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The claims of a GitHub Actions token AWS sees: aud and sub (AWS reads no other claim of GitHub's). */
interface Token {
  aud: string;
  sub: string;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (a, e) => a === e,
  StringLike: (a, e) =>
    new RegExp(
      `^${e
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(a),
};

/** Whether `policy` lets a holder of `token` assume the role through the GitHub OIDC provider. */
export function allows(policy: string, token: Token): boolean {
  const statements = (JSON.parse(policy) as { Statement: Statement[] }).Statement;
  return statements.some(s => {
    if (s.Effect !== 'Allow' || !list(s.Action).includes('sts:AssumeRoleWithWebIdentity')) return false;
    if (!list(s.Principal?.Federated).includes(PROVIDER_ARN)) return false;
    return Object.entries(s.Condition ?? {}).every(([operator, keys]) => {
      const test = OPERATORS[operator];
      if (!test) throw new Error(`the evaluator does not know the condition operator ${operator}`);
      return Object.entries(keys).every(([key, values]) => {
        const claim = key.startsWith(`${PROVIDER}:`) ? token[key.slice(PROVIDER.length + 1) as keyof Token] : undefined;
        if (claim === undefined) throw new Error(`the evaluator does not know the condition key ${key}`);
        return list(values).some(v => test(claim, v));
      });
    });
  });
}

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
};

/** Plans the root for one environment with `terraform test -verbose -json` and returns its roles' trust policies. */
async function trustPolicies(root: string, environment: string, mirror: string): Promise<Record<string, string>> {
  writeFileSync(join(root, 'roles.tftest.hcl'), testFile(environment));
  const lines = await terraformTest(root, mirror);
  const plan = lines.find(l => l.type === 'test_plan')?.test_plan as
    { resource_changes: { address: string; change: { after: { assume_role_policy: string } } }[] } | undefined;
  if (!plan) throw new Error(`terraform test printed no plan:\n${JSON.stringify(lines.slice(-20), null, 1)}`);
  return Object.fromEntries(plan.resource_changes.map(r => [r.address, r.change.after.assume_role_policy]));
}

describe('python-django-service: who may push images and who may deploy', () => {
  const mirror = terraformPluginDir();
  let dir: string;
  const roles: Record<string, string> = {};

  beforeAll(async () => {
    // CI has the mirror; without it this would prove nothing, so it fails rather than skip.
    if (!mirror)
      throw new Error('no Terraform provider mirror on this machine (see plugins/golden-path-validators/src/tools.ts)');
    const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
    const gp = engine.load('python-django-service');
    const values = parse(readFileSync(join(gp.examplesDir, 'payments-api.yaml'), 'utf8')) as Record<string, unknown>;
    dir = mkdtempSync(join(tmpdir(), 'gp-oidc-trust-'));
    engine.write(engine.plan(engine.prepare(gp, values)), join(dir, 'rendered'));
    // The one root, planned for both environments at once: each plan loads the provider's schema (seconds of CPU).
    await Promise.all(
      ENVIRONMENTS.map(async environment => {
        const root = join(dir, environment);
        cpSync(join(dir, 'rendered/infra'), root, { recursive: true });
        const policies = await trustPolicies(join(root, 'environment'), environment, mirror);
        roles[`${environment} deploy`] = policies['module.service.aws_iam_role.deploy']!;
        roles[`${environment} image-push`] = policies['module.service.aws_iam_role.image_push']!;
      }),
    );
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has an image-push role and a deploy role in each environment', () => {
    expect(Object.keys(roles).sort()).toEqual(Object.keys(ADMITTED).sort());
    for (const [role, policy] of Object.entries(roles)) expect(policy, role).toMatch(/^\{/);
  });

  it.each(Object.keys(ADMITTED))('%s role admits exactly its own job', role => {
    const admitted = Object.entries(JOBS)
      .filter(([, t]) => allows(roles[role]!, t))
      .map(([job]) => job);
    expect(admitted).toEqual(ADMITTED[role]);
  });
});

describe('the trust evaluator', () => {
  const policy = (condition: Statement['Condition']) =>
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

  it('refuses to judge an operator it does not implement', () => {
    expect(() => allows(policy({ ForAnyValue: { [`${PROVIDER}:sub`]: 'a' } }), { aud: '', sub: 'a' })).toThrow(
      /ForAnyValue/,
    );
  });
});
