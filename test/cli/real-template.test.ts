import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, isExecutable, REPO, tempDir } from './helpers.js';

const ID = 'python-django-service';
const TEMPLATE = join(REPO, 'templates', ID, 'template.yaml');
const entity = parse(readFileSync(TEMPLATE, 'utf8'));
const partIds: string[] = String(entity.metadata.annotations['golden-path.dev/parts'])
  .split(',')
  .map(s => s.trim().split('@')[0]!)
  .filter(Boolean);

const VALUES = [
  'name=payments-api',
  'description=Takes card payments: "quoted", <angled> & ${{ not an expression }}',
  'owner=group:default/payments-team',
  'alarmEmail=payments-oncall@example.com',
];
const sets = VALUES.flatMap(v => ['--set', v]);

describe(`smoke: the real ${ID}`, () => {
  it('is listed from the repository templates/ by default', () => {
    const r = cli(['list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).templates.map((t: { id: string }) => t.id)).toContain(ID);
  });

  it('creates a repository in which every part has files, with its manifest', () => {
    const cwd = tempDir();
    const plan = JSON.parse(cli(['create', ID, ...sets, '--dry-run', '--json'], { cwd }).stdout);
    expect(plan.ok).toBe(true);
    const sources = new Set(plan.files.map((f: { source: string }) => f.source));
    for (const part of partIds) expect(sources).toContain(`part:${part}`);

    const r = cli(['create', ID, ...sets, '--yes', '--git'], { cwd });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const out = join(cwd, 'payments-api');
    expect(filesIn(out).filter(f => !f.startsWith('.git/'))).toEqual(plan.files.map((f: { path: string }) => f.path));
    for (const f of plan.files as { path: string; mode: number }[]) {
      expect(isExecutable(join(out, f.path)), f.path).toBe((f.mode & 0o111) !== 0);
    }
    const manifest = parse(readFileSync(join(out, '.golden-path.yaml'), 'utf8'));
    expect(manifest.template.id).toBe(ID);
    expect(manifest.values.name).toBe('payments-api');
  });
});
