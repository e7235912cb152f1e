/**
 * The gate runs python-django-service's own tests on Django 4.2, the oldest release the service
 * supports (issue 11 item 9): scripts/system-deps.sh installs python3-django from bookworm-backports
 * (bookworm's own is 3.2), and the rendered service's tests/test_django_support.py fails on any
 * release but 4.2 and 5.2 (its requirements pin 5.2, which its own CI installs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const gp = engine.load('python-django-service');
const serviceTest = gp.runtime!.serviceTest!;
const [python, ...args] = serviceTest.command;

describe('python-django-service on Django 4.2 in the gate', () => {
  it("the gate's interpreter has Django 4.2", () => {
    const run = spawnSync(python!, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^4\.2\.\d+$/);
  });

  it("the service's tests check the Django release they run on, and pass on the gate's", () => {
    const values = parse(
      readFileSync(join(REPO, 'templates/python-django-service/examples/payments-api.yaml'), 'utf8'),
    );
    const dir = mkdtempSync(join(tmpdir(), 'django-versions-'));
    engine.write(engine.plan(engine.prepare(gp, values)), dir);
    const run = spawnSync(python!, [...args, '--no-cov', 'tests/test_django_support.py'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', ...serviceTest.env },
    });
    expect(run.stdout).toMatch(/2 passed/);
    expect(run.status).toBe(0);
  });
});
