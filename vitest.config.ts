import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['plugins/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/**/fixtures/**'],
    setupFiles: ['test/setup/jest-shim.ts'],
    // End-to-end tests start real backends, databases and a browser: generous, bounded timeouts.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
