/**
 * Every golden path the engine lists, end to end, through the code `golden-path test` runs: each
 * example is rendered and every validator that applies must pass on the result (actionlint,
 * workflow schema, shellcheck, Dockerfile, terraform, trivy config, catalog model, compose, the
 * service's own tests with the coverage gate). The CLI also creates each example as a developer
 * would (`golden-path create ... --yes`: no prompts), file for file what the engine plans. A new
 * golden path needs examples, not a new test file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { formatReport } from '@golden-path/validators';
import { exampleFiles, readValuesFile, testExample } from '../../packages/cli/dist/main.js';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

// Every golden path composes the shared parts (pipeline, container, ECS, catalog): these always
// have files to check. A runtime with its own tests (runtime.yaml serviceTest) adds them.
const ALWAYS = [
  'yaml',
  'catalog',
  'actionlint',
  'workflow-schema',
  'dockerfile',
  'terraform',
  'terraform-validate',
  'trivy-config',
];

// The examples run two at a time: most of an example's time is spent waiting on its tools' child
// processes (a CI run used 0.9 of 2 cores on average), and one after the other they made this the
// longest file of the suite (514 s in CI, alone at the end of it). An example alone can take
// 250 s of wall time on a loaded machine (a cold Go build): each gets 10 minutes.
vi.setConfig({ maxConcurrency: 2 });
const EXAMPLE_TIMEOUT_MS = 600_000;

const goldenPaths = engine.ids().map(id => engine.load(id));
// Examples whose service tests use a build cache seeded in the background at the run's start
// (test/setup/goBuildCache.ts) go last: first, they waited for the seed in both slots while the
// examples that need none queued behind them (each Go example took 162 s of a 328 s file in CI).
const seeded = (gp: (typeof goldenPaths)[number]) => (gp.runtime?.serviceTest?.buildCache ? 1 : 0);
const cases = [...goldenPaths]
  .sort((a, b) => seeded(a) - seeded(b))
  .flatMap(gp => exampleFiles(gp).map(file => ({ id: gp.id, gp, file })));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('golden paths', () => {
  it.each(goldenPaths.map(gp => [gp.id, gp] as const))('%s has examples to test it by', (_id, gp) => {
    expect(exampleFiles(gp).length).toBeGreaterThan(0);
  });
});

describe.concurrent.each(cases)('$id with examples/$file', ({ id, gp, file }) => {
  it(
    'passes every validator that applies, as `golden-path test` runs them',
    async () => {
      const example = await testExample(engine, gp, file);
      const report = { ok: example.ok, results: example.results };
      expect(example.error, example.error?.message).toBeUndefined();
      expect(example.ok, formatReport(report)).toBe(true);
      const ran = example.results.filter(r => !r.skipped).map(r => r.validator);
      expect(ran).toEqual(expect.arrayContaining([...ALWAYS, ...(gp.runtime?.serviceTest ? ['service-tests'] : [])]));
    },
    EXAMPLE_TIMEOUT_MS,
  );

  it('is created by the CLI without prompts, file for file what the engine plans', () => {
    const out = join(mkdtempSync(join(tmpdir(), `gp-${id}-`)), 'repo');
    const values = join(gp.examplesDir, file);
    const r = spawnSync(
      process.execPath,
      [join(REPO, 'packages/cli/bin/golden-path.js'), 'create', id, '--values', values, '--output', out, '--yes'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Render ${id}@${gp.version}`);
    const plan = engine.plan(engine.prepare(gp, readValuesFile(values)));
    expect(filesUnder(out)).toEqual(plan.files.map(f => f.path).sort());
    for (const f of plan.files) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, f.path)))
          .digest('hex'),
        f.path,
      ).toBe(f.sha256);
    }
  });
});
