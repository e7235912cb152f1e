// A busy portal for the benches: other developers' previews running their gates on the backend
// under test while a timed task runs (test/bench/backend.ts, test/bench/task-pairs.ts).
import { PREVIEW_PATH, type Preview } from '@golden-path/common';
import type { TestBackend } from '../testing/backend.ts';
import { serviceValues, uniqueName } from '../testing/scaffolder.ts';

const TEMPLATE_ID = 'python-django-service';

/** How long the other previews' gates run before the timed work starts: their tools are started by then. */
const GATE_LEAD_MS = 4_000;

/** The form's preview of `values`, as the portal's last step asks it (`user`: a signed-in backend): its gate must pass. */
export async function passingPreview(user: TestBackend, values: Record<string, unknown>): Promise<void> {
  const preview = await user.json<Preview>(`/api/scaffolder${PREVIEW_PATH}`, {
    method: 'POST',
    json: { template: TEMPLATE_ID, values },
  });
  if (!preview.verdict.passed) throw new Error(`the preview's verdict on ${String(values.name)} did not pass`);
}

/**
 * Runs `fn` while `gates` cold previews of other services (each a whole gate) run as `user` on the
 * same backend, started GATE_LEAD_MS before it; answers once they have ended too.
 */
export async function besideGates<T>(user: TestBackend, gates: number, fn: () => Promise<T>): Promise<T> {
  if (gates === 0) return fn();
  const load = Promise.all(
    Array.from({ length: gates }, () => passingPreview(user, serviceValues(uniqueName('load')))),
  );
  try {
    await new Promise(resolve => setTimeout(resolve, GATE_LEAD_MS));
    return await fn();
  } finally {
    await load;
  }
}

/** BENCH_GATE_LOAD: how many other previews' gates run beside each timed task (default none). */
export function gateLoadFromEnv(): number {
  const gates = Number(process.env.BENCH_GATE_LOAD ?? 0);
  if (!(Number.isInteger(gates) && gates >= 0)) throw new Error('BENCH_GATE_LOAD: a whole number of previews');
  return gates;
}
