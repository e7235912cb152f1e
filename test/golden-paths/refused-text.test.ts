/**
 * Text no format can carry is refused by the CLI as by the API, naming the field and the character,
 * with exit code 2 (the user's mistake) and no server path: the hostile example keeps the rest.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempDir } from '../cli/helpers.js';

const HOSTILE = join(REPO, 'templates/python-django-service/examples/hostile.yaml');
const hostile = parse(readFileSync(HOSTILE, 'utf8')) as Record<string, unknown>;

/** Runs `golden-path create` with the hostile example plus `changes`, given as a JSON values file. */
function create(changes: Record<string, unknown>, ...more: string[]) {
  const cwd = tempDir();
  const file = join(cwd, 'values.json');
  writeFileSync(file, JSON.stringify({ ...hostile, ...changes })); // JSON escapes lone surrogates as \udXXX
  const r = cli(['create', 'python-django-service', '--values', file, '--output', 'out', '--yes', ...more], { cwd });
  return { ...r, written: readdirSync(cwd).filter(f => f !== 'values.json') };
}

describe('golden-path create refuses text no format can carry', () => {
  it.each([
    ['description', 'a NUL \u0000 byte', 'U+0000 (NUL)'],
    ['description', 'a line\nbreak', 'U+000A (line feed)'],
    ['description', 'a \u001b[2J terminal escape', 'U+001B (escape)'],
    ['description', 'a lone \ud800 surrogate', 'lone UTF-16 surrogate (U+D800)'],
    ['description', 'reads \u202egnp.exe backwards', 'U+202E'],
    ['alarmEmail', 'ops\u2066@example.com', 'U+2066'],
  ])('%s with %j: exit 2, the field and the character named, nothing written', (field, value, named) => {
    const r = create({ [field]: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${field}: must`);
    expect(r.stderr).toContain(named);
    expect(r.stderr).not.toContain(REPO);
    expect(r.stderr).not.toContain('<%');
    expect(r.written).toEqual([]);
  });

  it('takes types as given, as the API does: "2" is not a number in a values file, 2 on the command line is', () => {
    const refused = create({ desiredCount: '2' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('desiredCount: must be a whole number');
    expect(refused.written).toEqual([]);

    // --set is text typed by the field's schema before validation (a command line has no types).
    const typed = create({ desiredCount: '2' }, '--set', 'desiredCount=3', '--dry-run', '--json');
    expect(typed.stderr).toBe('');
    expect(typed.code).toBe(0);
  });
});
