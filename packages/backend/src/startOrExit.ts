import type { createBackend } from '@backstage/backend-defaults';

type Backend = ReturnType<typeof createBackend>;

/** How long a failed start may spend releasing what it opened before the process exits anyway. */
const STOP_TIMEOUT_MS = 10_000;

/** The error and the causes it wraps, one per line: Backstage wraps a port in use in "Failed to ..." errors. */
function reasons(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error; e !== undefined && lines.length < 10; e = (e as { cause?: unknown }).cause) {
    lines.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    if (!(e instanceof Error)) break;
  }
  return lines.join('\n  caused by ');
}

/**
 * Starts the backend; if it cannot start (its port is taken, a plugin fails to initialise) it says
 * why on stderr and exits 1. Backstage's own handler only logs the rejection, and the scheduler's
 * timers then keep a backend that serves nothing running.
 */
export async function startOrExit(backend: Backend): Promise<void> {
  try {
    await backend.start();
  } catch (error) {
    process.stderr.write(`The backend could not start:\n  ${reasons(error)}\n`);
    const timer = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS);
    await backend.stop().catch(() => undefined);
    clearTimeout(timer);
    process.exit(1);
  }
}
