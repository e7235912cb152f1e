import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from '@golden-path/engine';
import { upgrade } from './upgrade.js';
import {
  createRepository,
  currentAndNext,
  git,
  releaseCopy,
  replaceIn,
  repositoryState,
  TEMPLATES,
} from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-adopt-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const example = parse(readFileSync(join(TEMPLATES, 'python-django-service', 'examples', 'payments-api.yaml'), 'utf8'));

/** A repository made before golden-path/base existed: main only. */
function legacyRepository(name: string): string {
  const dir = createRepository(
    new GoldenPathEngine({ templatesRoot: TEMPLATES }),
    'python-django-service',
    example,
    join(work, name),
  );
  git(dir, 'branch', '-D', 'golden-path/base');
  return dir;
}

describe('adoption of a repository without golden-path/base', () => {
  it('makes the base from a render of the recorded version when it is exactly what was created', async () => {
    const dir = legacyRepository('exact');
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const result = await upgrade({ engine, dir });
    expect(result).toMatchObject({ status: 'up-to-date', adopted: true });
    expect(git(dir, 'rev-parse', 'golden-path/base^{tree}')).toBe(git(dir, 'rev-parse', 'main^{tree}'));
    expect(git(dir, 'rev-list', '--count', 'golden-path/base')).toBe('1');
    // Adopted, it upgrades like any other.
    const { current, next: version } = currentAndNext();
    const next = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'next'), version) });
    expect(await upgrade({ engine: next, dir })).toMatchObject({ status: 'clean', from: current, to: version });
  });

  it('refuses when the templates of that version today render something else, writing nothing', async () => {
    const dir = legacyRepository('changed');
    const changed = releaseCopy(join(work, 'same-version-changed'), currentAndNext().current, gp =>
      replaceIn(join(gp, 'skeleton', 'README.md.ejs'), '## Upgrading\n', '## Upgrading (changed without a release)\n'),
    );
    const before = repositoryState(dir);
    await expect(upgrade({ engine: new GoldenPathEngine({ templatesRoot: changed }), dir })).rejects.toMatchObject({
      reason: 'no-base',
      message: expect.stringContaining('do not render what this repository was created from (README.md differ)'),
    });
    expect(repositoryState(dir)).toBe(before);
  });
});
