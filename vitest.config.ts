import { defineConfig } from 'vitest/config';
import { filesNeedingIsolation, UNIT_FILES } from './test/setup/isolation.ts';
import { LongestFirst } from './test/setup/sequencer.ts';

const EXCLUDE = ['**/node_modules/**', '**/dist/**', 'test/**/fixtures/**'];
const ISOLATED_UNITS = filesNeedingIsolation(import.meta.dirname);

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    setupFiles: ['test/setup/jest-shim.ts'],
    // End-to-end tests start real backends, databases and a browser: generous, bounded timeouts.
    // A test that runs a whole task (the gate: terraform, the service's tests) has taken over two
    // minutes with another test file running beside it on 2 cores.
    testTimeout: 450_000,
    hookTimeout: 480_000,
    pool: 'forks',
    sequence: { sequencer: LongestFirst },
    // Two files at once on 2 cores. A CI run used 0.9 cores on average, but a trial with three files
    // at once made the recovery test's two-minute promise (a resumed gate beside three others) and
    // several task waits fail under load: the time is won inside every-golden-path instead.
    maxWorkers: 2,
    projects: [
      // The packages' unit files share their workers (see test/setup/isolation.ts), except those
      // that replace modules or globals.
      {
        extends: true,
        test: { name: 'unit', include: UNIT_FILES, exclude: [...EXCLUDE, ...ISOLATED_UNITS], isolate: false },
      },
      // Everything under test/ (backends, PostgreSQL, Chromium, the CLI, the golden paths' renders):
      // each file in a worker of its own.
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts', ...ISOLATED_UNITS] } },
    ],
  },
});
