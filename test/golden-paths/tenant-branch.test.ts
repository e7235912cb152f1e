/**
 * A tenant by pushing a branch (issue 15 item 2): the tenant workflow's own validation step, run
 * with bash as GitHub runs it (`bash -e -o pipefail`, the workflow's and the step's env, cwd the
 * rendered repository), refuses hostile branch names before anything else reads them, and accepts
 * a tenant whose entry the branch's infra/environments.yaml holds. Every golden path renders the
 * same workflow (the github-pipeline part) for its own service name and tenant host.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { parse } from 'yaml';
import { EXAMPLE, exampleValues } from '../testing/examples.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

interface Step {
  id?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { if?: string; needs?: string; environment?: string; steps: Step[] }>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The rendered repository of a golden path's example, and its tenant workflow. */
function rendered(id: string): { dir: string; workflow: Workflow; service: string; host: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gp-tenant-'));
  dirs.push(dir);
  engine.write(engine.plan(engine.prepare(engine.load(id), exampleValues(engine, id))), dir);
  const workflow = parse(readFileSync(join(dir, '.github/workflows/tenant.yml'), 'utf8')) as Workflow;
  return { dir, workflow, service: workflow.env.SERVICE!, host: workflow.env.TENANT_HOST! };
}

interface Outcome {
  code: number;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs the validate job's step as GitHub would for a push to (or the deletion of) `branch`. */
async function validate(
  repo: { dir: string; workflow: Workflow },
  event: 'push' | 'delete',
  branch: string,
): Promise<Outcome> {
  const step = repo.workflow.jobs.validate!.steps.find(s => s.id === 'tenant')!;
  const output = join(repo.dir, '.github-output');
  writeFileSync(output, '');
  // The step's own env maps event data (expressions) to EVENT and BRANCH: here they are given.
  expect(Object.keys(step.env ?? {}).sort()).toEqual(['BRANCH', 'EVENT']);
  const env = {
    PATH: process.env.PATH,
    ...repo.workflow.env,
    EVENT: event,
    BRANCH: branch,
    GITHUB_OUTPUT: output,
  };
  try {
    await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: repo.dir, env });
    return { code: 0, stderr: '', outputs: outputs(output) };
  } catch (e) {
    const error = e as { code?: number; stderr?: string };
    return { code: error.code ?? -1, stderr: error.stderr ?? '', outputs: outputs(output) };
  }
}

const outputs = (file: string) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

/** The branch's copy of infra/environments.yaml: main's (`main`) plus the tenant's entry (JSON is YAML). */
function branchEntry(dir: string, main: string, entry: Record<string, unknown>) {
  writeFileSync(join(dir, 'infra/environments.yaml'), `${main}  - ${JSON.stringify(entry)}\n`);
}

const HOSTILE = ['../x', 'a b', 'x'.repeat(80), 'main', '${{ github.token }}', 'Acme', 'a--b', 'x/y', '-x', ''];

describe.each(Object.keys(EXAMPLE))('%s: the tenant workflow', id => {
  const repo = rendered(id);

  it('runs on pushes to tenants/** and on deletions; applies in `tenant`, destroys in `tenant-destroy`', () => {
    expect(repo.workflow.on).toEqual({ push: { branches: ['tenants/**'] }, delete: null });
    expect(repo.workflow.jobs.deploy).toMatchObject({ needs: 'validate', environment: 'tenant' });
    expect(repo.workflow.jobs.destroy).toMatchObject({ needs: 'validate', environment: 'tenant-destroy' });
    // The deploy verifies main's image with the deploy action's own script before it applies.
    const steps = repo.workflow.jobs.deploy!.steps.map(s => s.run ?? '');
    const verify = steps.findIndex(r => r.includes('.github/actions/deploy-ecs/verify-image.sh'));
    const apply = steps.findIndex(r => r.includes(' apply '));
    expect(verify).toBeGreaterThan(-1);
    expect(apply).toBeGreaterThan(verify);
  });

  it.each(HOSTILE)('refuses the branch tenants/%s, pushed or deleted, before reading anything else', async name => {
    for (const event of ['push', 'delete'] as const) {
      const { code, stderr, outputs } = await validate(repo, event, `tenants/${name}`);
      expect([code, outputs], `${event} tenants/${name}: ${stderr}`).toEqual([1, {}]);
      expect(stderr).toMatch(/^::error::/);
      // A name that is not plain text is never echoed (no workflow command smuggled into the log).
      if (!/^[a-z0-9-]*$/.test(name)) expect(stderr).not.toContain(name);
    }
  });

  it('refuses the names of its host and of branches that are not tenants/<tenant>', async () => {
    for (const branch of [`tenants/${repo.host}`, 'main', 'feature/tenants/x', 'tenants/tenant-destroy'])
      expect((await validate(repo, 'push', branch)).code, branch).toBe(1);
  });

  it("refuses the names of pull requests' previews (their stacks share the names) and of their GitHub environments", async () => {
    for (const tenant of ['pr-42', 'pr-1', 'preview', 'preview-sweep']) {
      const { code, stderr } = await validate(repo, 'delete', `tenants/${tenant}`);
      expect([code, stderr], tenant).toEqual([1, expect.stringMatching(/^::error::.*is reserved/)]);
    }
    expect((await validate(repo, 'delete', 'tenants/pr-team')).outputs).toEqual({ tenant: 'pr-team' });
  });

  it("takes names up to the stack name's 32 characters, <service>-<tenant>", async () => {
    const longest = 31 - repo.service.length;
    expect((await validate(repo, 'delete', `tenants/t${'x'.repeat(longest - 1)}`)).outputs).toEqual({
      tenant: `t${'x'.repeat(longest - 1)}`,
    });
    const over = await validate(repo, 'delete', `tenants/t${'x'.repeat(longest)}`);
    expect(over.stderr).toMatch(new RegExp(`at most ${longest} fit in the stack name ${repo.service}-<tenant>`));
  });
});

describe("the tenant's entry on its branch", () => {
  const repo = rendered('go-service');
  const main = readFileSync(join(repo.dir, 'infra/environments.yaml'), 'utf8');
  // As docs/pipeline.md says: the host's entry, copied and renamed, of kind tenant, with an owner and a cap.
  const host = (parse(main) as { environments: { name: string }[] }).environments.find(e => e.name === repo.host)!;
  const entry = {
    ...host,
    name: 'acme-bank',
    kind: 'tenant',
    host: repo.host,
    owner: 'group:default/acme-bank-ops',
    monthlyCostCap: 500,
  };

  it('is required on a push: its name once, kind tenant, an owner group, a cost cap and the host', async () => {
    const missing = await validate(repo, 'push', 'tenants/acme-bank');
    expect(missing.stderr).toMatch(/must list the tenant 'acme-bank' once/);
    branchEntry(repo.dir, main, entry);
    expect(await validate(repo, 'push', 'tenants/acme-bank')).toEqual({
      code: 0,
      stderr: '',
      outputs: { tenant: 'acme-bank', owner: 'group:default/acme-bank-ops', 'monthly-cost-cap': '500' },
    });
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ name: 'globex', owner: 'user:default/ada' }, /needs an owner: a Group reference/],
      [{ name: 'globex', monthlyCostCap: 0 }, /needs monthlyCostCap/],
      [{ name: 'globex', monthlyCostCap: '1e9' }, /needs monthlyCostCap/],
      [{ name: 'globex', host: 'staging' }, new RegExp(`needs host: ${repo.host}`)],
      [{ name: 'globex', kind: 'production' }, /is of kind production/],
    ];
    for (const [change, message] of refused) {
      branchEntry(repo.dir, main, { ...entry, ...change });
      expect((await validate(repo, 'push', 'tenants/globex')).stderr, JSON.stringify(change)).toMatch(message);
    }
  }, 180_000);
});
