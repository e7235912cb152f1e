/**
 * Preview environments (issue 15 item 3), the GitHub side: with an entry of kind preview in
 * infra/environments.yaml, ci.yml gets a `preview` job (same-repository pull requests only, after
 * every gate) and .github/workflows/preview.yml destroys a preview when its pull request closes and
 * sweeps expired ones every hour; without one, nothing preview-related is rendered. The jobs'
 * conditions are evaluated as GitHub evaluates them (test/testing/workflowExpression.ts), and the
 * steps that read the event or the tagging API run with bash as GitHub runs them. actionlint,
 * shellcheck and the workflow schema check these files wherever a rendered example has a preview
 * entry (every-golden-path.test.ts, environments.test.ts).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine, type RenderPlan } from '@golden-path/engine';
import { changeControl } from '@golden-path/node';
import { parse } from 'yaml';
import { EXAMPLE, exampleValues } from '../testing/examples.js';
import { runs } from '../testing/workflowExpression.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

const ENVIRONMENTS = [
  { name: 'staging', kind: 'staging', awsRegion: 'eu-central-1' },
  { name: 'production', kind: 'production' },
  { name: 'review', kind: 'preview', host: 'staging', ttlHours: 24 },
];

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  run?: string;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  strategy?: { matrix: Record<string, string> };
  env?: Record<string, string>;
  with?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const render = (id: string, environments: unknown[]): RenderPlan =>
  engine.plan(engine.prepare(engine.load(id), { ...exampleValues(engine, id), environments }));
const file = (plan: RenderPlan, path: string) => plan.files.find(f => f.path === path);
const workflow = (plan: RenderPlan, path: string) => parse(file(plan, path)!.content.toString('utf8')) as Workflow;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs one step's script as GitHub does (bash -e -o pipefail), with the workflow's, job's and step's env. */
async function runStep(dir: string, env: Record<string, string | undefined>, script: string, bin?: string) {
  const output = join(dir, '.github-output');
  writeFileSync(output, '');
  const runnerTemp = mkdtempSync(join(tmpdir(), 'gp-runner-temp-'));
  dirs.push(runnerTemp);
  const environment = {
    PATH: bin ? `${bin}:${process.env.PATH}` : process.env.PATH,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
    RUNNER_TEMP: runnerTemp,
    ...env,
  };
  try {
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      env: environment,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, output: readFileSync(output, 'utf8') };
  } catch (e) {
    const error = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: error.code ?? -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
      output: readFileSync(output, 'utf8'),
    };
  }
}

const pullRequest = (number: unknown, from = 'acme-fintech/payments-api') => ({
  github: {
    event_name: 'pull_request',
    repository: 'acme-fintech/payments-api',
    ref: `refs/pull/${String(number)}/merge`,
    event: { pull_request: { number, head: { repo: { full_name: from } } } },
  },
});
const onMain = (event: string) => ({
  github: { event_name: event, repository: 'acme-fintech/payments-api', ref: 'refs/heads/main', event: {} },
});

const HOSTILE_NUMBERS = ['0', '-1', '1e3', '12;rm -rf /', '12345678', '', '${{ github.token }}', '1 2'];

describe('without a preview entry nothing preview-related is rendered', () => {
  it.each(Object.keys(EXAMPLE))('%s', id => {
    const plan = render(
      id,
      ENVIRONMENTS.filter(e => e.kind !== 'preview'),
    );
    const paths = plan.files.map(f => f.path);
    expect(paths.filter(p => /preview/.test(p))).toEqual([]);
    const ci = file(plan, '.github/workflows/ci.yml')!.content.toString('utf8');
    expect(ci).not.toMatch(/preview/i);
    expect(file(plan, '.github/workflows/harden.yml')!.content.toString('utf8')).not.toMatch(/preview/i);
  });
});

describe.each(Object.keys(EXAMPLE))('%s with a preview entry', id => {
  const plan = render(id, ENVIRONMENTS);
  const ci = workflow(plan, '.github/workflows/ci.yml');
  const preview = workflow(plan, '.github/workflows/preview.yml');
  const job = ci.jobs.preview!;
  const service = job.env!.SERVICE!;
  const dir = mkdtempSync(join(tmpdir(), 'gp-preview-'));
  dirs.push(dir);
  engine.write(plan, dir);

  it('renders preview.yml and the two scripts (executable), and never pull_request_target', () => {
    for (const path of ['.github/scripts/preview-name.sh', '.github/scripts/preview-expired.sh'])
      expect(file(plan, path)?.mode.toString(8)).toMatch(/755$/);
    expect(file(plan, '.github/workflows/preview.yml')?.class).toBe('managed');
    for (const f of plan.files.filter(f => f.path.startsWith('.github/')))
      expect(f.content.toString('utf8'), f.path).not.toContain('pull_request_target');
    expect(Object.keys(preview.on).sort()).toEqual(['pull_request', 'schedule', 'workflow_dispatch']);
    expect(preview.on.pull_request).toEqual({ types: ['closed'] });
  });

  it("ci.yml's preview job runs on pull requests from this repository only, after every gate", () => {
    expect(job.needs).toEqual(['harden']);
    expect(runs(job.if, pullRequest(42))).toBe(true);
    expect(runs(job.if, pullRequest(42, 'mallory/payments-api'))).toBe(false);
    expect(runs(job.if, pullRequest(42, 'acme-fintech/payments-api-fork'))).toBe(false);
    expect(runs(job.if, onMain('push'))).toBe(false);
    expect(runs(job.if, onMain('workflow_dispatch'))).toBe(false);
    expect(runs(job.if, { ...pullRequest(42), status: { success: false } })).toBe(false);
    // The hardening run keeps the image for it on exactly those pull requests.
    const keep = ci.jobs.harden!.with!.preview!;
    expect(runs(keep, pullRequest(42))).toBe(true);
    expect(runs(keep, pullRequest(42, 'mallory/payments-api'))).toBe(false);
    expect(runs(keep, onMain('push'))).toBe(false);
    const harden = workflow(plan, '.github/workflows/harden.yml');
    const upload = harden.jobs.harden!.steps!.find(s => s.name === 'Upload the minified image for the deploy jobs')!;
    expect(upload.if).toBe('inputs.publish || inputs.preview');
  });

  it('deploys in the GitHub environment preview, in the host, with the least rights', () => {
    expect(job.environment).toEqual({ name: 'preview', url: '${{ steps.record.outputs.url }}' });
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write', attestations: 'write' });
    expect(job.env).toMatchObject({ PREVIEW_ENTRY: 'review', AWS_REGION: 'eu-central-1', TTL_HOURS: 24 });
    expect(job.concurrency?.group).toBe('preview-pr-${{ github.event.pull_request.number }}');
    const credentials = job.steps!.find(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.AWS_PREVIEW_ROLE_ARN }}');
    const push = job.steps!.find(s => s.uses === './.github/actions/publish-image');
    expect(push?.with).toMatchObject({
      repository: `${service}-previews`,
      digest: '${{ needs.harden.outputs.digest }}',
    });
  });

  it('names the preview first, verifies the image as its own before Terraform, then applies it', () => {
    const steps = job.steps!;
    const at = (needle: string) => steps.findIndex(s => (s.run ?? s.uses ?? '').includes(needle));
    expect(at('preview-name.sh')).toBeLessThan(at('configure-aws-credentials'));
    expect(at('publish-image')).toBeLessThan(at('attest-build-provenance'));
    expect(at('attest-build-provenance')).toBeLessThan(at('verify-image.sh'));
    expect(at('verify-image.sh')).toBeLessThan(at('terraform -chdir=infra/environment plan'));
    expect(steps[at('verify-image.sh')]!.run).toContain(
      '"$IMAGE" "$REPOSITORY" ".github/workflows/ci.yml@${GITHUB_REF}"',
    );
    const apply = steps[at('terraform -chdir=infra/environment plan')]!.run!;
    for (const v of ['environment=${PREVIEW_ENTRY}', 'pull_request=${PULL_REQUEST}', 'expires_at=${expires_at}'])
      expect(apply).toContain(`-var "${v}"`);
  });

  it('gets the GitHub environment preview from the portal, deployable from any branch, unreviewed', () => {
    const control = changeControl(dir, 'group:default/payments-team');
    expect(control.environments.map(e => [e.name, e.deploymentBranches, e.reviewers])).toEqual([
      ['production', ['main'], ['group:default/payments-team']],
      ['staging', ['main'], []],
      ['preview', ['**/*'], []],
      ['tenant', ['tenants/*'], ['group:default/payments-team']],
      ['tenant-destroy', ['main'], ['group:default/payments-team']],
    ]);
  });

  it("the preview job's first step refuses a hostile number before anything reads it", async () => {
    const step = job.steps!.find(s => s.id === 'preview')!;
    const good = await runStep(dir, { ...job.env, PULL_REQUEST: '42' }, step.run!);
    expect(good.code).toBe(0);
    expect(good.output).toContain(`stack=${service}-pr-42\n`);
    expect(good.output).toContain(`state-key=services/${service}/previews/pr-42.tfstate\n`);
    for (const number of HOSTILE_NUMBERS) {
      const r = await runStep(dir, { ...job.env, PULL_REQUEST: number }, step.run!);
      expect(r.code, number).toBe(1);
      expect(r.output, number).toBe('');
    }
  });

  /** A terraform stand-in: records each call; `output -raw container_image` answers $STATE_IMAGE, or fails without it. */
  const terraform = () => {
    const bin = join(dir, 'tf-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'terraform'),
      `#!/usr/bin/env bash
echo "$*" >> "${dir}/terraform-calls"
case "$*" in
  *"output -raw container_image"*) [ -n "\${STATE_IMAGE:-}" ] || exit 1; echo "$STATE_IMAGE" ;;
  *"output -raw load_balancer_dns_name"*) echo internal-preview.elb.example ;;
esac
`,
    );
    chmodSync(join(bin, 'terraform'), 0o755);
    writeFileSync(join(dir, 'terraform-calls'), '');
    return { bin, calls: () => readFileSync(join(dir, 'terraform-calls'), 'utf8') };
  };

  it('applies the preview with its number and an expiry ttlHours from now, and moves it on each deploy', async () => {
    const tf = terraform();
    const step = job.steps!.find(s => s.id === 'apply')!;
    const image = `123456789012.dkr.ecr.eu-central-1.amazonaws.com/${service}-previews@sha256:${'a'.repeat(64)}`;
    const before = Date.now();
    const r = await runStep(dir, { ...job.env, IMAGE: image, PULL_REQUEST: '42' }, step.run!, tf.bin);
    expect(r.code, r.stderr).toBe(0);
    const expiresAt = /expires_at=(\S+) /.exec(tf.calls())?.[1] ?? '';
    expect(expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const hours = (Date.parse(expiresAt) - before) / 3_600_000;
    expect(hours).toBeGreaterThan(23.99);
    expect(hours).toBeLessThan(24.01);
    expect(tf.calls()).toContain(
      `-var environment=review -var pull_request=42 -var expires_at=${expiresAt} -var container_image=${image}`,
    );
    expect(tf.calls()).toContain('apply -input=false -lock-timeout=5m preview.tfplan');
    expect(r.output).toBe(`expires-at=${expiresAt}\n`);
  });

  it("preview.yml's destroy reads the image from the preview's state, and skips a preview that never deployed", async () => {
    const destroy = preview.jobs.destroy!;
    const init = destroy.steps!.find(s => s.id === 'stack')!;
    const env = {
      ...preview.env,
      STATE_BUCKET: 'acme-tf-state',
      STATE_KEY: `services/${service}/previews/pr-42.tfstate`,
    };
    const tf = terraform();
    const never = await runStep(dir, env, init.run!, tf.bin);
    expect(never.code).toBe(0);
    expect(never.output).toBe('exists=false\n');
    const image = `x.dkr.ecr.eu-central-1.amazonaws.com/${service}-previews@sha256:${'b'.repeat(64)}`;
    const found = await runStep(dir, { ...env, STATE_IMAGE: image }, init.run!, tf.bin);
    expect(found.output).toBe(`image=${image}\nexists=true\n`);
    expect(tf.calls()).toContain(
      `-backend-config=key=services/${service}/previews/pr-42.tfstate -backend-config=region=eu-central-1`,
    );
    const step = destroy.steps!.find(s => s.name === 'Destroy the stack')!;
    expect(step.if).toBe("steps.stack.outputs.exists == 'true'");
    const stack = `${service}-pr-42`;
    const r = await runStep(dir, { ...preview.env, IMAGE: image, PULL_REQUEST: '42', STACK: stack }, step.run!, tf.bin);
    expect(r.code, r.stderr).toBe(0);
    expect(tf.calls()).toMatch(
      /plan -destroy .*-var environment=review -var pull_request=42 -var expires_at=\S+Z -var container_image=/,
    );
    expect(tf.calls()).toContain('apply -input=false -lock-timeout=5m destroy.tfplan');
  });

  it('the data check still matches the deploy jobs one to one, the preview entry left out', async () => {
    const step = ci.jobs.terraform!.steps!.find(
      s => s.name === 'Check that the deploy jobs match infra/environments.yaml',
    )!;
    expect(step.env!.DEPLOY_JOBS).toBe('staging production');
    const deployJobs = Object.keys(ci.jobs).filter(j => j.startsWith('deploy-'));
    expect(deployJobs).toEqual(['deploy-staging', 'deploy-production']);
    expect((await runStep(dir, step.env!, step.run!)).code).toBe(0);
    // A deployable entry added to the file without its deploy job is still caught.
    const copy = mkdtempSync(join(tmpdir(), 'gp-preview-data-'));
    dirs.push(copy);
    mkdirSync(join(copy, 'infra'));
    const data = readFileSync(join(dir, 'infra/environments.yaml'), 'utf8');
    writeFileSync(
      join(copy, 'infra/environments.yaml'),
      data.replace('  - name: production', '  - name: qa\n    kind: staging\n  - name: production'),
    );
    expect((await runStep(copy, step.env!, step.run!)).code).toBe(1);
  });

  it("preview.yml destroys a closed pull request's preview with main's code, never a fork's", async () => {
    const closed = preview.jobs.closed!;
    expect(runs(closed.if, pullRequest(42))).toBe(true);
    expect(runs(closed.if, pullRequest(42, 'mallory/payments-api'))).toBe(false);
    expect(runs(closed.if, onMain('schedule'))).toBe(false);
    const step = closed.steps!.find(s => s.id === 'preview')!;
    expect(closed.steps!.find(s => s.uses?.startsWith('actions/checkout@'))?.with?.ref).toBe('main');
    const good = await runStep(dir, { ...preview.env, PULL_REQUEST: '42' }, step.run!);
    expect(good.output).toBe('pull-requests=["42"]\n');
    for (const number of HOSTILE_NUMBERS) {
      const r = await runStep(dir, { ...preview.env, PULL_REQUEST: number }, step.run!);
      expect(r.code, number).toBe(1);
      expect(r.output, number).toBe('');
    }
    const destroy = preview.jobs.destroy!;
    const checkout = destroy.steps!.find(s => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.ref).toBe('main');
    expect(destroy.environment).toBe('preview');
    // The same queue as ci.yml's preview job of that pull request.
    expect(destroy.concurrency?.group).toBe('preview-pr-${{ matrix.pull-request }}');
    expect(destroy.steps!.findIndex(s => s.run?.includes('preview-name.sh'))).toBeLessThan(
      destroy.steps!.findIndex(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@')),
    );
  });

  it('sweeps only from main, and destroys only what a selecting job found', () => {
    const expired = preview.jobs.expired!;
    expect(runs(expired.if, onMain('schedule'))).toBe(true);
    expect(runs(expired.if, onMain('workflow_dispatch'))).toBe(true);
    expect(runs(expired.if, { github: { ...onMain('workflow_dispatch').github, ref: 'refs/heads/feature' } })).toBe(
      false,
    );
    expect(runs(expired.if, pullRequest(42))).toBe(false);
    const destroy = preview.jobs.destroy!;
    const needs = (closed: [string, string], found: [string, string]) => ({
      needs: {
        closed: { result: closed[0], outputs: { 'pull-requests': closed[1] } },
        expired: { result: found[0], outputs: { 'pull-requests': found[1] } },
      },
    });
    expect(runs(destroy.if, needs(['success', '["42"]'], ['skipped', '']))).toBe(true);
    expect(runs(destroy.if, needs(['skipped', ''], ['success', '["3","4"]']))).toBe(true);
    expect(runs(destroy.if, needs(['skipped', ''], ['success', '[]']))).toBe(false);
    expect(runs(destroy.if, needs(['failure', ''], ['skipped', '']))).toBe(false);
    expect(runs(destroy.if, needs(['skipped', ''], ['skipped', '']))).toBe(false);
    expect(runs(destroy.if, { ...needs(['success', '["42"]'], ['skipped', '']), status: { cancelled: true } })).toBe(
      false,
    );
  });

  it("the sweep's step lists the expired previews from the tagging API (aws stand-in)", async () => {
    const step = preview.jobs.expired!.steps!.find(s => s.id === 'expired')!;
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const tags = (pr: string, expiresAt: string) => ({
      ResourceARN: `arn:aws:ecs:eu-central-1:1:service/staging/${service}-pr-${pr}`,
      Tags: [
        { Key: 'Service', Value: preview.env!.SERVICE_TAG },
        { Key: 'EnvironmentKind', Value: 'preview' },
        { Key: 'PullRequest', Value: pr },
        { Key: 'ExpiresAt', Value: expiresAt },
      ],
    });
    const answer = { ResourceTagMappingList: [tags('7', '2020-01-01T00:00:00Z'), tags('8', '2999-01-01T00:00:00Z')] };
    writeFileSync(join(dir, 'answer.json'), JSON.stringify(answer));
    writeFileSync(join(bin, 'aws'), `#!/usr/bin/env bash\necho "$*" > "${dir}/aws-args"\ncat "${dir}/answer.json"\n`);
    chmodSync(join(bin, 'aws'), 0o755);
    const r = await runStep(dir, { ...preview.env }, step.run!, bin);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.output).toBe('pull-requests=["7"]\n');
    expect(readFileSync(join(dir, 'aws-args'), 'utf8')).toContain(
      `--tag-filters Key=EnvironmentKind,Values=preview Key=Service,Values=${preview.env!.SERVICE_TAG}`,
    );
  });
});
