// `golden-path test` judges the bases of every rendered Dockerfile by platform.yaml's support end
// dates: the real templates, with the runtime image's date moved to the past or close ahead.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, cli, tempDir } from './helpers.js';

/** A copy of templates/ whose python runtime image loses support `days` from today. */
function templatesWithRuntimeEnding(days: number): string {
  const root = join(tempDir('gp-base-images-'), 'templates');
  cpSync(join(REPO, 'templates'), root, { recursive: true });
  const file = join(root, 'platform.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  doc.setIn(['approvedImages', 'python', 'runtime', 'supportEnds'], date);
  writeFileSync(file, doc.toString());
  return root;
}

interface Finding {
  severity: string;
  message: string;
}
interface Report {
  ok: boolean;
  templates: { examples: { ok: boolean; results: { validator: string; findings: Finding[] }[] }[] }[];
}

function testBaseImages(templates: string): { code: number | null; report: Report } {
  const run = cli(['test', 'python-django-service', '--only', 'base-images', '--json', '--templates', templates]);
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const findings = (report: Report) =>
  report.templates[0]!.examples.flatMap(e => e.results.filter(r => r.validator === 'base-images')).flatMap(
    r => r.findings,
  );

describe('golden-path test: base image support dates', () => {
  it('fails every example once the runtime image is past its support end', () => {
    const { code, report } = testBaseImages(templatesWithRuntimeEnding(-1));
    expect(code).toBe(1);
    expect(report.templates[0]!.examples.length).toBeGreaterThan(0);
    expect(report.templates[0]!.examples.every(e => !e.ok)).toBe(true);
    expect(findings(report)[0]).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/^gcr\.io\/distroless\/python3-debian13:nonroot .* lost support on /),
    });
  });

  it('warns, and passes, within 90 days of it', () => {
    const { code, report } = testBaseImages(templatesWithRuntimeEnding(30));
    expect(code).toBe(0);
    expect(findings(report).map(f => f.severity)).toContain('warning');
    expect(findings(report).every(f => f.severity === 'warning' && /in 30 day\(s\)/.test(f.message))).toBe(true);
  });

  it('passes the platform as it is today', () => {
    const { code, report } = testBaseImages(join(REPO, 'templates'));
    expect(code).toBe(0);
    expect(findings(report).filter(f => f.severity === 'error')).toEqual([]);
  });
});
