import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES } from './helpers.js';

const FAILING = join(import.meta.dirname, 'fixtures/failing-templates');

describe('golden-path test', () => {
  it('renders every example, runs the validators and passes', () => {
    const r = cli(['test', '--templates', FIXTURES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS demo-service/examples/minimal.yaml');
    expect(r.stdout).toMatch(/✔ shellcheck: ok, 1 file\(s\)/); // the executable script is checked
    expect(r.stdout).toContain('1 of 1 example(s) passed.');
  });

  it('fails with exit 1, naming the example, the validator and the finding', () => {
    const r = cli(['test', 'bad-yaml', '--templates', FAILING]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL bad-yaml/examples/renders.yaml');
    expect(r.stdout).toMatch(/✖ yaml: fail, \d+ file\(s\), 1 error\(s\)\n\s+error config\.yaml:\d+: /);
    // An example whose values the golden path refuses fails with the engine's issues.
    expect(r.stdout).toContain('FAIL bad-yaml/examples/invalid-values.yaml');
    expect(r.stdout).toContain('- name: must match ^[a-z]+$');
    expect(r.stdout).toContain('0 of 2 example(s) passed.');
  });

  it('prints one JSON object with --json', () => {
    const r = cli(['test', '--json', '--templates', FAILING]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const [invalid, renders] = out.templates[0].examples;
    expect(invalid.error).toMatchObject({ kind: 'ValuesError', issues: [{ field: 'name' }] });
    expect(renders.results).toContainEqual(
      expect.objectContaining({
        validator: 'yaml',
        findings: [expect.objectContaining({ file: 'config.yaml', severity: 'error' })],
      }),
    );
  });

  it('refuses an unknown golden path with exit 2', () => {
    const r = cli(['test', 'nope', '--templates', FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown golden path "nope"; available: demo-service');
  });
});
