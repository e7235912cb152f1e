import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['plugins/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/**/fixtures/**'],
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
  },
});
