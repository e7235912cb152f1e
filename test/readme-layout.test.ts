/** The README's layout table names every package folder, and every path it names exists. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const table = readme.slice(readme.indexOf('## Layout'), readme.indexOf('\n## ', readme.indexOf('## Layout') + 1));
/** The backticked paths of the table's first column (`a`, `b` in one cell count as two). */
const listed = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap(m => [...m[1]!.matchAll(/`([^`]+)`/g)].map(p => p[1]!));

describe("README's layout table", () => {
  it('lists every package folder', () => {
    const packages = ['plugins', 'packages'].flatMap(root =>
      readdirSync(join(REPO, root))
        .filter(dir => existsSync(join(REPO, root, dir, 'package.json')))
        .map(dir => `${root}/${dir}`),
    );
    expect(packages.filter(p => !listed.includes(p))).toEqual([]);
  });

  it('names only paths that exist', () => {
    expect(listed.length).toBeGreaterThan(10);
    const missing = listed.filter(p => !existsSync(join(REPO, p.replace(/<id>\/?$/, '').replace(/\/<id>\//, '/'))));
    expect(missing).toEqual([]);
  });
});
