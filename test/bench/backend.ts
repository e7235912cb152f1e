// Benchmark of the portal's backend on the embedded defaults (SQLite, local git remote): the median
// time from task submit to completed for python-django-service, and the backend's resident memory.
// Run by the root `npm run bench` (test/bench/bench.ts), or alone:
//   node --experimental-strip-types test/bench/backend.ts [tasks]
// Needs the compiled backend (npx tsc -b). Figures are printed, not asserted.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TestBackend } from '../testing/backend.ts';
import {
  createTask,
  serviceValues,
  taskEvents,
  uniqueName,
  waitForTask,
  type TaskEvent,
} from '../testing/scaffolder.ts';

export const TARGET_TASK_MS = 2_000;
export const TARGET_RSS_MB = 300;

export interface BackendBench {
  tasks: number;
  medianTaskMs: number;
  /** Median duration of each step, from the task's own events. */
  medianStepMs: Record<string, number>;
  rssMb: number;
  peakRssMb: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Each step's duration in one task: from its "processing" event to its "completed" one. */
function stepDurations(events: (TaskEvent & { createdAt?: string })[]): Record<string, number> {
  const started: Record<string, number> = {};
  const took: Record<string, number> = {};
  for (const e of events) {
    const { stepId, status } = e.body;
    if (!stepId || !e.createdAt) continue;
    const at = Date.parse(e.createdAt);
    if (status === 'processing') started[stepId] ??= at;
    if (status === 'completed' && started[stepId] !== undefined) took[stepId] = at - started[stepId]!;
  }
  return took;
}

export async function benchBackend(tasks = 5): Promise<BackendBench> {
  // Signed in as Ada, a member of payments, the owner serviceValues gives.
  const backend = await TestBackend.start({
    config: { auth: { providers: { guest: { userEntityRef: 'user:default/ada' } } } },
  });
  try {
    const durations: number[] = [];
    const steps: Record<string, number[]> = {};
    for (let i = 0; i < tasks; i++) {
      const started = performance.now();
      const id = await createTask(backend, serviceValues(uniqueName('bench')));
      const task = await waitForTask(backend, id, 300_000);
      durations.push(performance.now() - started);
      if (task.status !== 'completed') throw new Error(`bench task ${id} ended ${task.status}`);
      for (const [step, ms] of Object.entries(stepDurations(await taskEvents(backend, id))))
        (steps[step] ??= []).push(ms);
    }
    const status = readFileSync(`/proc/${backend.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return {
      tasks,
      medianTaskMs: median(durations),
      medianStepMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])),
      rssMb: kb('VmRSS') / 1024,
      peakRssMb: kb('VmHWM') / 1024,
    };
  } finally {
    await backend.stop();
  }
}

export function formatBackendBench(r: BackendBench): string {
  const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}× the target`;
  const steps = Object.entries(r.medianStepMs)
    .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  return [
    `backend: median task submit → completed ${(r.medianTaskMs / 1000).toFixed(2)} s over ${r.tasks} tasks (target < ${TARGET_TASK_MS / 1000} s: ${ratio(r.medianTaskMs, TARGET_TASK_MS)})`,
    `backend:   median per step (the task log's timestamps are whole seconds): ${steps}`,
    `backend: resident memory ${r.rssMb.toFixed(0)} MB after the tasks, peak ${r.peakRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB: ${ratio(r.rssMb, TARGET_RSS_MB)})`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tasks = Number(process.argv[2] ?? process.env.GP_BENCH_TASKS ?? 5);
  console.log(formatBackendBench(await benchBackend(tasks)));
}
