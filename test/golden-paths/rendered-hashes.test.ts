/**
 * Guards refactors: every example of every golden path renders to exactly the files recorded in
 * snapshots/<template>/<example>.json (path, mode, SHA-256). A change to what a golden path
 * generates must show up here and be released on purpose (new version, changelog); update the
 * snapshot with `npx vitest run test/golden-paths/rendered-hashes.test.ts -u`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { GoldenPathEngine } from '@golden-path/engine';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });

const cases = engine.list().flatMap(gp => {
  const dir = join(REPO, 'templates', gp.id, 'examples');
  return readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(example => ({ id: gp.id, example, file: join(dir, example) }));
});

describe.each(cases)('$id with examples/$example', ({ id, example, file }) => {
  it('renders exactly the recorded files, modes and hashes', async () => {
    const values = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const plan = engine.plan(engine.prepare(engine.load(id), values));
    const hashes = Object.fromEntries(plan.files.map(f => [f.path, `${(f.mode & 0o777).toString(8)} ${f.sha256}`]));
    await expect(`${JSON.stringify(hashes, null, 2)}\n`).toMatchFileSnapshot(
      join('snapshots', id, example.replace(/\.ya?ml$/, '.json')),
    );
  });
});
