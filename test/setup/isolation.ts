// Which unit test files need a module graph of their own. The packages' unit files run in reused
// workers (vitest's `isolate: false`): a fork and the imports of Backstage's libraries once per
// worker instead of once per file (85 small files: 527 s of wall time isolated, 235 s shared, at a
// load of 10-15). Sharing is wrong for a file that replaces a module (vi.mock: the real one may be
// loaded already), stubs globals or the environment through vitest, changes the working folder, or
// asserts what Node has loaded: such files are found here by what they call and run isolated.
import { globSync, readFileSync } from 'node:fs';

/** The packages' own unit test files (`src/` of every workspace). */
export const UNIT_FILES = ['plugins/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'];

const NEEDS_ISOLATION =
  /\bvi\.(?:mock|doMock|unmock|stubEnv|stubGlobal|resetModules)\(|process\.chdir\(|\)\.cache\b|require\.cache/;

/** Unit files (relative to `root`) that must run in a worker of their own, by their text. */
export function filesNeedingIsolation(root: string): string[] {
  return UNIT_FILES.flatMap(pattern => globSync(pattern, { cwd: root })).filter(file =>
    NEEDS_ISOLATION.test(readFileSync(`${root}/${file}`, 'utf8')),
  );
}
