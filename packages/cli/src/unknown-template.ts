import { UnknownGoldenPathError } from '@golden-path/engine';
import { UsageError } from './errors.js';

/** Runs `fn`; a golden path id the engine does not know becomes bad input (exit 2) naming the ones there are. */
export function asUsage<T>(fn: () => T, where?: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof UnknownGoldenPathError) || e.version) throw e;
    const suffix = where ? ` (in ${where})` : '';
    throw new UsageError(`unknown golden path "${e.id}"; available: ${e.available.join(', ') || '(none)'}${suffix}`);
  }
}
