/**
 * Preview environments (issue 15 item 3): the two scripts the preview workflows run before anything
 * else, run with bash as GitHub runs them, on hostile input. preview-name.sh turns the pull
 * request's number from the event into the preview's names or refuses it; preview-expired.sh
 * decides from the tagging API's answer which previews the hourly sweep destroys, and leaves alone
 * (with a warning) what it cannot read. Both are plain files of the github-pipeline part, rendered
 * only with a preview entry (their rendering is preview-workflows.test.ts's).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPTS = join(import.meta.dirname, '..', '..', 'templates/parts/github-pipeline/skeleton/.github/scripts');
/** The skeleton file that renders as `name` (its path holds the preview condition). */
const script = (name: string) =>
  join(
    SCRIPTS,
    readdirSync(SCRIPTS).find(f => f.includes(`'${name}'`))!,
  );

function bash(name: string, args: string[], input = '') {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script(name), ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('preview-name.sh (the preview of pull request N)', () => {
  it('names the preview, its stack and its state from the number', () => {
    const r = bash('preview-name.sh', ['payments-api', '4711']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'pull-request=4711\nname=pr-4711\nstack=payments-api-pr-4711\n' +
        'state-key=services/payments-api/previews/pr-4711.tfstate\n',
    );
  });

  it('accepts 1 and 9999999, whose stack still fits 32 characters', () => {
    expect(bash('preview-name.sh', ['payments-api', '1']).stdout).toContain('name=pr-1\n');
    const r = bash('preview-name.sh', ['a-twenty-one-chars-sv', '9999999']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stack=a-twenty-one-chars-sv-pr-9999999\n');
  });

  it.each([
    ['0', '0'],
    ['a negative number', '-1'],
    ['an exponent', '1e3'],
    ['a leading zero', '012'],
    ['a shell command', '12;rm -rf /'],
    ['a workflow command', '::set-output name=x::1'],
    ['an expression', '${{ github.token }}'],
    ['eight digits', '12345678'],
    ['nothing', ''],
    ['a trailing newline', '12\n'],
    ['a space', '1 2'],
    ['non-ASCII digits', '١٢'],
    ['a path', '../1'],
  ])('refuses %s as the number, without echoing it', (_what, number) => {
    const r = bash('preview-name.sh', ['payments-api', number]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^::error::a preview needs the pull request's number: digits only, 1 to 9999999/);
    if (number) expect(r.stderr).not.toContain(number);
  });

  it('refuses a stack name longer than 32 characters and a service that is not an AWS name', () => {
    expect(bash('preview-name.sh', ['a-twenty-two-chars-svc', '9999999']).stderr).toContain('longer than 32');
    expect(bash('preview-name.sh', ['Payments', '1']).status).toBe(1);
    expect(bash('preview-name.sh', ['payments-api']).status).toBe(2);
  });
});

describe("terraform-init.sh (every stack's state: deploys, tenants, previews)", () => {
  const SCRIPT = join(SCRIPTS, '..', 'actions/deploy-ecs/terraform-init.sh');
  const init = (bucket: string | undefined) => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-init-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'terraform'), `#!/usr/bin/env bash\necho "$*" > "${dir}/args"\n`);
    chmodSync(join(dir, 'bin', 'terraform'), 0o755);
    const r = spawnSync('bash', [SCRIPT, 'preview', 'services/payments-api/previews/pr-7.tfstate', 'eu-central-1'], {
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        ...(bucket === undefined ? {} : { STATE_BUCKET: bucket }),
      },
    });
    const args = existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, args };
  };

  it("initialises the root with the stack's own key in the environment's bucket and region", () => {
    expect(init('acme-tf-state')).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
      args:
        '-chdir=infra/environment init -input=false -backend-config=bucket=acme-tf-state ' +
        '-backend-config=key=services/payments-api/previews/pr-7.tfstate -backend-config=region=eu-central-1\n',
    });
  });

  it('names the missing variable and never runs Terraform without a bucket', () => {
    for (const bucket of [undefined, '']) {
      const r = init(bucket);
      expect(r.status).toBe(1);
      // On stdout, as the step printed it before: the runner reads workflow commands there.
      expect(r.stdout).toContain("::error::Set the preview environment's variable TF_STATE_BUCKET");
      expect(r.args).toBe('');
    }
  });
});

const NOW = '2026-06-01T12:00:00Z';
type Tags = Record<string, string | undefined>;
const ours = (pr: string | undefined, expiresAt: string | undefined, extra: Tags = {}): Tags => ({
  Service: 'payments-api',
  EnvironmentKind: 'preview',
  PullRequest: pr,
  ExpiresAt: expiresAt,
  ...extra,
});
/** The tagging API's answer: one resource per tag set. */
const answer = (...resources: Tags[]) =>
  JSON.stringify({
    ResourceTagMappingList: resources.map((tags, i) => ({
      ResourceARN: `arn:aws:ecs:eu-west-1:123456789012:service/staging/r${i}`,
      Tags: Object.entries(tags)
        .filter(([, v]) => v !== undefined)
        .map(([Key, Value]) => ({ Key, Value })),
    })),
  });
const sweep = (input: string, now = NOW) => bash('preview-expired.sh', ['payments-api', now], input);

describe('preview-expired.sh (the hourly TTL sweep)', () => {
  it('prints the previews whose latest ExpiresAt has passed, in number order', () => {
    const r = sweep(
      answer(
        ours('12', '2026-06-01T11:00:00Z'),
        ours('12', '2026-06-01T11:30:00Z'), // another resource of the same stack
        ours('7', '2026-06-01T12:00:00Z'), // exactly now: expired
        ours('300', '2026-06-01T12:00:01Z'), // a second later: kept
      ),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['7', '12']);
  });

  it('keeps a preview while any of its resources expires later (a redeploy extended it)', () => {
    const r = sweep(answer(ours('12', '2026-06-01T10:00:00Z'), ours('12', '2026-06-04T10:00:00Z')));
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('ignores resources of another service or kind the filter let through', () => {
    const r = sweep(
      answer(
        ours('5', '2020-01-01T00:00:00Z', { Service: 'ledger-events' }),
        ours('6', '2020-01-01T00:00:00Z', { EnvironmentKind: 'staging' }),
      ),
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it.each([
    ['no PullRequest tag', ours(undefined, '2020-01-01T00:00:00Z'), 'without a valid PullRequest tag'],
    ['a PullRequest with a command', ours('12;rm', '2020-01-01T00:00:00Z'), 'without a valid PullRequest tag'],
    ['PullRequest 0', ours('0', '2020-01-01T00:00:00Z'), 'without a valid PullRequest tag'],
    ['eight digits', ours('12345678', '2020-01-01T00:00:00Z'), 'without a valid PullRequest tag'],
    ['no ExpiresAt tag', ours('13', undefined), 'has no valid ExpiresAt tag'],
    ['an ExpiresAt with an offset', ours('13', '2020-01-01T00:00:00+02:00'), 'has no valid ExpiresAt tag'],
    ['an ExpiresAt that is no date', ours('13', '2020-02-31T00:00:00Z'), 'has no valid ExpiresAt tag'],
    ['an ExpiresAt in words', ours('13', 'yesterday'), 'has no valid ExpiresAt tag'],
    ['a workflow command', ours('13', '::error::x'), 'has no valid ExpiresAt tag'],
  ])('leaves a resource with %s alone, with a warning, and sweeps the others', (_what, bad, warning) => {
    const r = sweep(answer(bad, ours('40', '2026-01-01T00:00:00Z')));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['40']);
    expect(r.stderr).toMatch(
      new RegExp(`^::warning::arn:aws:ecs:eu-west-1:123456789012:service/staging/r0 .*${warning}`),
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('never prints a hostile resource name or tag value', () => {
    const input = JSON.stringify({
      ResourceTagMappingList: [
        { ResourceARN: 'arn:aws:x\n::error::boom', Tags: [{ Key: 'Service', Value: 'payments-api' }] },
        {
          ResourceARN: 'arn:aws:y',
          Tags: [
            { Key: 'Service', Value: 'payments-api' },
            { Key: 'EnvironmentKind', Value: 'preview' },
          ],
        },
      ],
    });
    const r = sweep(input);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('boom');
    expect(r.stderr).toContain('::warning::arn:aws:y is tagged');
  });

  it.each([
    ['not JSON', 'oops'],
    ['another document', '{"Items":[]}'],
    ['nothing', ''],
  ])('fails the sweep on an answer that is %s, naming none', (_what, input) => {
    const r = sweep(input);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('::error::The tagging API');
  });

  it('refuses a NOW that is not RFC 3339 UTC', () => {
    expect(sweep(answer(), '2026-06-01 12:00').status).toBe(2);
    expect(sweep(answer(), '1700000000').status).toBe(2);
  });
});
