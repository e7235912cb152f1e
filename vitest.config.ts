import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['plugins/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/**/fixtures/**'],
    setupFiles: ['test/setup/jest-shim.ts'],
    // End-to-end tests start real backends, databases and a browser: generous, bounded timeouts.
    // A test that runs a whole task (the gate: terraform, the service's tests) has taken over two
    // minutes with another test file running beside it on 2 cores, more with two beside it.
    testTimeout: 450_000,
    hookTimeout: 480_000,
    pool: 'forks',
    sequence: { sequencer: LongestFirst },
    // Three files at once on 2 cores: the suite mostly waits (backends starting, tasks, browsers,
    // the tools' child processes); with two workers a CI run used 0.9 cores on average.
    maxWorkers: 3,
  },
});
