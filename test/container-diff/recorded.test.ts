// container-diff.sh against what container-diff.py, the script it replaced, did on the same input:
// fixtures/recorded.json holds each case (the Trivy fixtures, hostile file names and lists, broken input,
// command-line mistakes, 40 generated reports with file lists and SBOMs) and the Python script's exit
// code, Markdown, messages and written files, recorded by parity.test.ts before the Python was deleted
// (git log -- test/container-diff/parity.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASH, comparable, type DiffCase, type Outcome, runCase } from './cases.ts';

const RECORDED = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'recorded.json'), 'utf8'),
) as (DiffCase & {
  expected: Outcome;
})[];

describe('container-diff.sh does what container-diff.py did', () => {
  it('has the recorded cases: every outcome, hand-written and generated', () => {
    const codes = RECORDED.map(c => c.expected.code);
    expect(RECORDED.filter(c => c.name.startsWith('generated')).length).toBeGreaterThanOrEqual(40);
    for (const code of [0, 1, 2]) expect(codes.filter(c => c === code).length).toBeGreaterThanOrEqual(10);
  });

  it.each(RECORDED.map(c => [c.name, c] as const))('%s', (_name, recorded) => {
    const { expected, ...diffCase } = recorded;
    expect(comparable(runCase(BASH, diffCase, { LC_ALL: 'C.UTF-8' }))).toEqual(expected);
  });
});
