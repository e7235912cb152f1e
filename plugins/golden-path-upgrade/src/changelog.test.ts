import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine, type GoldenPath } from '@golden-path/engine';
import { changesBetween, readChangelog } from './changelog.js';
import { TEMPLATES } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-changelog-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('changelog.yaml', () => {
  const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });

  it.each(engine.ids())('%s keeps one with its current version first', id => {
    const gp = engine.load(id);
    expect(readChangelog(gp)[0]!.version).toBe(gp.version);
  });

  const gpWith = (text: string, version = '1.2.0'): GoldenPath => {
    const dir = mkdtempSync(join(work, 'gp-'));
    writeFileSync(join(dir, 'changelog.yaml'), text);
    return { id: 'demo', version, dir } as GoldenPath;
  };
  const entry = (version: string, date = '2026-11-30') =>
    `- version: ${version}\n  date: '${date}'\n  changes: [Something.]\n`;

  it.each([
    ['not: a list', /must be a list of releases/],
    [entry('1.2.0', 'yesterday'), /entry 1: date must be YYYY-MM-DD/],
    [`- version: 1.2.0\n  date: '2026-11-30'\n  changes: []\n`, /entry 1: changes must be a list of sentences/],
    [entry('1.1.0') + entry('1.2.0'), /1\.1\.0 is listed above 1\.2\.0: newest first/],
    [entry('1.1.0'), /the newest entry must be demo's version 1\.2\.0 \(it is 1\.1\.0\)/],
  ])('refuses %j', (text, problem) => {
    expect(() => readChangelog(gpWith(text))).toThrow(
      expect.objectContaining({ name: 'TemplateError', message: expect.stringMatching(problem) }),
    );
  });

  it('gives the entries after one version up to another, newest first', () => {
    const log = readChangelog(gpWith(entry('1.2.0') + entry('1.1.1') + entry('1.1.0') + entry('1.0.0')));
    expect(changesBetween(log, '1.1.0', '1.2.0').map(e => e.version)).toEqual(['1.2.0', '1.1.1']);
    expect(changesBetween(log, '1.2.0', '1.2.0')).toEqual([]);
  });
});
