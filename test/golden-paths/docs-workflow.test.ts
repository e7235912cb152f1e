/**
 * The docs workflow every golden path renders (issue 16 item 2): .github/workflows/docs.yml builds
 * the service's TechDocs on main with techdocs-cli and publishes them to the portal's docs bucket
 * under the service's own entity path, with SHA-pinned actions, the least permissions (the job
 * that runs MkDocs cannot reach AWS) and the docs role through OIDC. Read from each golden path's
 * render in memory; actionlint and the workflow schema (the gate's own validators) run on one.
 * The role's trust and policy: oidc-trust.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { formatReport, validateRepository } from '@golden-path/validators';
import { parse } from 'yaml';
import { exampleValues } from '../testing/examples.js';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const WORKFLOW = '.github/workflows/docs.yml';

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const renders = engine.ids().map(id => {
  const gp = engine.load(id);
  const prepared = engine.prepare(gp, exampleValues(engine, id));
  const files = new Map(engine.plan(prepared).files.map(f => [f.path, f.content.toString('utf8')]));
  return { id, files, techdocs: prepared.context.techdocs, pipeline: gp.parts.find(p => p.id === 'github-pipeline')! };
});

/** Every action the golden paths already pin in their other workflows: the docs workflow brings no new one. */
const PINNED = new Set(
  renders.flatMap(({ files }) =>
    [...files]
      .filter(([path]) => path !== WORKFLOW && path.startsWith('.github/'))
      .flatMap(([, text]) => [...text.matchAll(/uses: ([\w./-]+@[0-9a-f]{40})/g)].map(m => m[1]!)),
  ),
);

describe.each(renders)('$id', ({ files, techdocs, pipeline }) => {
  const text = files.get(WORKFLOW);
  const workflow = parse(text ?? '') as Workflow;

  it('renders the docs workflow as a platform-managed file of the github-pipeline part', () => {
    expect(text).toBeDefined();
    expect(pipeline.contract.provides.files).toContain(WORKFLOW);
    expect(pipeline.classes.classOf(WORKFLOW)).toBe('managed');
  });

  it('runs on main only, its build job holding no token that reaches AWS', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.permissions).toEqual({});
    const { build, publish } = workflow.jobs;
    expect(Object.keys(workflow.jobs).sort()).toEqual(['build', 'publish']);
    expect(build!.if).toBe("github.ref == 'refs/heads/main'");
    expect(build!.permissions).toEqual({ contents: 'read' });
    expect(publish!.needs).toEqual(['build']);
    // Skipped until production's first apply has made the role and its ARN is set.
    expect(publish!.if).toBe("vars.AWS_DOCS_ROLE_ARN != ''");
    expect(publish!.permissions).toEqual({ 'id-token': 'write' });
    // MkDocs runs in build only; publish has no checkout of the repository's code to run.
    expect(build!.steps.some(s => s.run?.includes('techdocs-cli generate --no-docker'))).toBe(true);
    expect(publish!.steps.some(s => s.run?.includes('generate') || s.uses?.startsWith('actions/checkout'))).toBe(false);
  });

  it('pins every action by commit, to the SHAs the golden paths pin elsewhere', () => {
    const uses = Object.values(workflow.jobs).flatMap(j => j.steps.flatMap(s => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(4);
    for (const action of uses) {
      expect(action, action).toMatch(/^[\w./-]+@[0-9a-f]{40}$/);
      expect(PINNED.has(action), `${action} is pinned in no other workflow`).toBe(true);
    }
  });

  it("publishes to the portal's bucket under the entity's path, as the docs role", () => {
    const steps = workflow.jobs.publish!.steps;
    const auth = steps.find(s => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(auth?.with).toMatchObject({
      'role-to-assume': '${{ vars.AWS_DOCS_ROLE_ARN }}',
      'aws-region': techdocs.region,
    });
    const publish = steps.find(s => s.run?.startsWith('aws s3 sync '));
    // Every request names the entity's folder (the policy allows nothing else), the layout the
    // portal's awsS3 publisher reads: <namespace>/<kind>/<name>, lower case.
    expect(publish?.run).toBe('aws s3 sync site/ "s3://${DOCS_BUCKET}/${DOCS_PREFIX}/" --delete --no-progress');
    expect(publish?.env).toEqual({ DOCS_BUCKET: techdocs.bucket, DOCS_PREFIX: techdocs.path });
    expect(techdocs.entity.toLowerCase()).toBe(techdocs.path);
    expect(steps.indexOf(auth!)).toBeLessThan(steps.indexOf(publish!));
  });
});

describe('the docs workflow passes the gate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-docs-workflow-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('actionlint (with shellcheck of its run blocks) and the workflow schema', async () => {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(join(dir, WORKFLOW), renders[0]!.files.get(WORKFLOW)!);
    const report = await validateRepository(dir, { only: ['actionlint', 'workflow-schema'] });
    expect(report.results.map(r => [r.validator, r.files, r.skipped]).sort()).toEqual([
      ['actionlint', 1, undefined],
      ['workflow-schema', 1, undefined],
    ]);
    expect(report.ok, formatReport(report)).toBe(true);
  });
});
