/**
 * Values AWS or GitHub would refuse only at `terraform apply` or on the first pull request are
 * refused when entered, naming the field, by the engine's one answer (fieldProblem, the field's
 * deriver) that the CLI's prompts, the backend's name check and every render use: a service name
 * starting with `internal-` (AWS refuses such load balancer names), one whose derived AWS names
 * exceed AWS's limits, and an owner that is a User (CODEOWNERS needs a team).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GoldenPathEngine, ValuesError } from '@golden-path/engine';
import { cli, REPO, tempDir } from '../cli/helpers.js';

const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

describe.each(engine.ids())('%s', id => {
  const gp = engine.load(id);
  const example = parse(readFileSync(join(gp.examplesDir, readdirSync(gp.examplesDir).sort()[0]!), 'utf8')) as Record<
    string,
    unknown
  >;

  it.each([
    [gp.nameField, 'internal-ledger', /^must not start with "internal-": AWS refuses load balancer names/],
    ['owner', 'user:default/ada', /^must be a Group \(a team\), not a User: CODEOWNERS/],
  ])('refuses %s %j, naming the field, in fieldProblem and in prepare alike', (field, value, message) => {
    expect(engine.fieldProblem(gp, field, value)).toMatch(message);
    let error: unknown;
    try {
      engine.prepare(gp, { ...example, [field]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValuesError);
    expect((error as ValuesError).issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('accepts the examples as they are, and a Group owner in any spelling', () => {
    expect(engine.fieldProblem(gp, gp.nameField, example[gp.nameField])).toBeUndefined();
    expect(engine.fieldProblem(gp, 'owner', 'payments-team')).toBeUndefined();
    expect(engine.fieldProblem(gp, 'owner', 'group:default/payments-team')).toBeUndefined();
  });
});

describe('golden-path create', () => {
  it('exits 2 naming each refused field, and writes nothing', () => {
    const cwd = tempDir();
    const values = parse(
      readFileSync(join(REPO, 'templates/python-django-service/examples/payments-api.yaml'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(join(cwd, 'values.json'), JSON.stringify({ ...values, name: 'internal-ledger', owner: 'user:ada' }));
    const r = cli(['create', 'python-django-service', '--values', 'values.json', '--output', 'out', '--yes'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('name: must not start with "internal-"');
    expect(r.stderr).toContain('owner: must be a Group (a team), not a User');
    expect(readdirSync(cwd)).toEqual(['values.json']);
  });
});
