/**
 * The first golden path, end to end: the CLI renders every example exactly as a developer would
 * (`golden-path create ... --yes`), and every validator (actionlint, workflow schema, shellcheck,
 * Dockerfile, terraform fmt, HCL parse, trivy config, catalog model, docker-compose, the
 * service's own tests with the coverage gate) must pass on the result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from '@golden-path/engine';
import { formatReport, validateRepository } from '@golden-path/validators';

const REPO = join(import.meta.dirname, '..', '..');
const TEMPLATE = 'python-django-service';
const examplesDir = join(REPO, 'templates', TEMPLATE, 'examples');
const examples = readdirSync(examplesDir).filter(f => f.endsWith('.yaml'));
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const runtime = engine.load(TEMPLATE).runtime;

describe.each(examples)(`${TEMPLATE} with examples/%s`, example => {
  const out = join(mkdtempSync(join(tmpdir(), 'gp-django-')), 'repo');

  it('is created by the CLI without prompts', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(REPO, 'packages/cli/bin/golden-path.js'),
        'create',
        TEMPLATE,
        '--values',
        join(examplesDir, example),
        '--output',
        out,
        '--yes',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Render python-django-service@\d+\.\d+\.\d+/);
    const manifest = parse(readFileSync(join(out, '.golden-path.yaml'), 'utf8'));
    expect(manifest.template.id).toBe(TEMPLATE);
  });

  it('passes every validator, the service’s own tests included', async () => {
    const report = await validateRepository(out, { runtime: runtime as never });
    expect(report.ok, formatReport(report)).toBe(true);
    const ran = report.results.filter(r => !r.skipped).map(r => r.validator);
    // shellcheck of run: blocks happens inside actionlint; the shellcheck validator covers *.sh files.
    for (const v of [
      'yaml',
      'catalog',
      'actionlint',
      'workflow-schema',
      'dockerfile',
      'terraform',
      'trivy-config',
      'compose',
      'service-tests',
    ]) {
      expect(ran).toContain(v);
    }
  });
});
