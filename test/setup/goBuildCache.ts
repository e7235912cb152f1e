// Go's build cache for the gates' Go tests (plugins/golden-path-validators/src/goBuildCache.ts),
// seeded from vitest's own process, which lives the whole run, when the run has files whose gates
// run Go's tests: a test backend that started the seed lives a minute or two, often less than the
// build (~100 s of CPU), and its children die with it.
import { join, relative } from 'node:path';
import type { TestSpecification } from 'vitest/node';

/** The files whose gates run the go-service's own tests (test/setup/durations.json names most). */
const GO_GATES = [
  'test/golden-paths/every-golden-path.test.ts',
  'test/portal/runtimes.e2e.test.ts',
  'plugins/golden-path-validators/src/goBuildCache.test.ts',
];

let started = false;

export function seedGoBuildCacheInBackground(root: string, files: TestSpecification[]): void {
  if (started || !files.some(spec => GO_GATES.includes(relative(root, spec.moduleId)))) return;
  started = true;
  void (async () => {
    // The built packages (./dev test builds first), as the backends and the CLI use them.
    const { GoldenPathEngine } = await import('@golden-path/engine');
    const { seedGoBuildCache } = await import('@golden-path/validators/process');
    const engine = new GoldenPathEngine({ templatesRoot: join(root, 'templates') });
    for (const id of engine.ids()) {
      const serviceTest = engine.load(id).runtime?.serviceTest;
      if (serviceTest?.buildCache) console.log(`${id}: ${await seedGoBuildCache(serviceTest)}`);
    }
  })().catch(error => console.warn(`Go build cache not seeded: ${(error as Error).message}`));
}
