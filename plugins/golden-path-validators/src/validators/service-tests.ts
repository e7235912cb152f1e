import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand, tail } from '../exec.js';
import { toolEnv } from '../env.js';
import { goBuildCacheCopy } from '../goBuildCache.js';
import { TOOL_LIMITS } from '../sandbox.js';
import type { Validator, ValidatorOutcome } from '../types.js';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * The generated service's own tests (the runtime's command, e.g. pytest) pass. They run in a
 * throwaway copy: what tests write (.coverage, caches, a SQLite file) must not land in the
 * repository that is about to be published.
 */
export const serviceTestsValidator: Validator = {
  name: 'service-tests',
  // The whole repository is under test: '.' stands for it.
  appliesTo: (_files, options) => (options.runtime?.serviceTest?.command.length ? ['.'] : []),
  async run(dir, _files, options) {
    const test = options.runtime!.serviceTest!;
    const [named, ...args] = test.command as [string, ...string[]];
    // `node` is the Node.js running the gate (the platform's, 22.18 or later), wherever it is
    // installed: inside the gate's sandbox PATH holds only the system's folders.
    const command = named === 'node' ? process.execPath : named;
    const timeoutMs = test.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const copy = await mkdtemp(path.join(tmpdir(), 'gp-service-tests-'));
    // Go's build cache: this run's own copy of the platform's seed (see goBuildCache.ts), if there is one.
    const goCache = await goBuildCacheCopy(test);
    try {
      await cp(dir, copy, { recursive: true, filter: source => !/[\\/](?:\.git|node_modules)$/.test(source) });
      const result = await runCommand(command, args, {
        cwd: copy,
        timeoutMs,
        // CI=true: the tests run as the pipeline runs them; then the runtime's own (serviceTest.env).
        env: toolEnv({ CI: 'true', ...test.env, ...(goCache ? { GOCACHE: goCache } : {}) }),
        // The tests' own copy is the only folder they may write (and read, besides the system), with
        // their own copy of Go's build cache.
        sandbox: {
          readOnly: [],
          writable: goCache ? [copy, goCache] : [copy],
          // The runtime may need more address space than a tool (runtime.yaml serviceTest.addressSpaceMiB).
          limits: test.addressSpaceMiB
            ? { ...TOOL_LIMITS, addressSpaceBytes: test.addressSpaceMiB * 1024 * 1024 }
            : undefined,
        },
        signal: options.signal,
        maxOutput: 1024 * 1024,
        mergeOutput: true,
      });
      const shown = test.command.join(' ');
      if (result.timedOut) return failure(`${shown} timed out after ${timeoutMs / 1000}s:\n${tail(result.stdout)}`);
      if (result.code !== 0) return failure(`${shown} failed (exit ${result.code}):\n${tail(result.stdout)}`);
      return { findings: [] };
    } finally {
      await rm(copy, { recursive: true, force: true });
      if (goCache) await rm(goCache, { recursive: true, force: true });
    }
  },
};

function failure(message: string): ValidatorOutcome {
  return { findings: [{ file: '.', severity: 'error', message }] };
}
