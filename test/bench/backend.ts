// Benchmark of the portal's backend on the embedded defaults (SQLite, local git remote): the median
// time from task submit to completed for python-django-service, cold and after a preview of the same
// values (the gate's verdict stored), alone and beside another preview's gate, each validator's time,
// and the backend's resident memory.
// Run by the root `npm run bench` (test/bench/bench.ts), or alone:
//   node --experimental-strip-types test/bench/backend.ts [tasks]
// Needs the compiled backend (npx tsc -b). Figures are printed, not asserted.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TestBackend } from '../testing/backend.ts';
import { median } from './pairs.ts';
import { besideGates, passingPreview } from './busy.ts';
import {
  createTask,
  serviceValues,
  taskEvents,
  uniqueName,
  waitForTask,
  type TaskEvent,
} from '../testing/scaffolder.ts';

/** A task whose values were previewed (a dry run), so its gate's verdict is stored already. */
export const TARGET_TASK_MS = 2_000;
/** A task with nothing previewed: the gate runs. */
export const TARGET_COLD_TASK_MS = 5_000;
export const TARGET_RSS_MB = 300;

export interface BackendBench {
  tasks: number;
  /**
   * The first task after the backend's start, left out of every median: the backend's warm-ups run
   * beside it (trivy's unpacking; on a fresh install, Go's build cache seed compiling the standard library).
   */
  firstTaskMs: number;
  /** Median submit → completed with nothing previewed (the gate runs). */
  medianColdTaskMs: number;
  /** Median submit → completed after a preview of the same values (the gate's verdict is reused). */
  medianTaskMs: number;
  /** The same while another service's preview runs its gate on this backend: a busy portal. */
  medianBusyTaskMs: number;
  /** Median time the form's preview took to answer (the gate runs there instead). */
  medianPreviewMs: number;
  /** Median duration of each step of the cold tasks, from the task's own events. */
  medianStepMs: Record<string, number>;
  /** The same for the previewed tasks. */
  medianPreviewedStepMs: Record<string, number>;
  /** Median duration of each validator in the cold tasks' gate, from its report in the step's log. */
  medianValidatorMs: Record<string, number>;
  /** How many previewed tasks reused the dry run's verdict. */
  reused: number;
  /** Whether the gates' nice value weighs against the backend here, and why (see schedulingGroup). */
  niceness: string;
  rssMb: number;
  peakRssMb: number;
}

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

/** The gate's report lines, `[ok] trivy-config (15 file(s), 8123 ms)`: each validator's duration. */
function validatorDurations(events: TaskEvent[]): Record<string, number> {
  const took: Record<string, number> = {};
  for (const e of events) {
    for (const m of (e.body.message ?? '').matchAll(/\[\w+\] ([\w-]+) \(\d+ file\(s\), (\d+) ms\)/gm)) {
      took[m[1]!] = Number(m[2]);
    }
  }
  return took;
}

/**
 * Whether a niced gate yields to the backend on this machine: not when the backend sits in the root
 * CPU cgroup with the kernel's autogroup on, where every session (each sandbox starts one) is a
 * scheduling group of its own, weighed like the backend's.
 */
function schedulingGroup(pid: number): string {
  const autogroup = readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  // cgroup v1: the hierarchy whose controllers include cpu; v2: the one unified line.
  const cpu = lines.find(l => /^\d+:([^:]*,)?cpu(,[^:]*)?:/.test(l)) ?? lines.find(l => l.startsWith('0::'));
  const cgroup = cpu?.slice(cpu.indexOf(':', cpu.indexOf(':') + 1) + 1) ?? '/';
  return autogroup && cgroup === '/'
    ? 'no: the backend is in the root CPU cgroup with autogroup on'
    : `yes: the backend's CPU cgroup is ${cgroup}${autogroup ? '' : ', autogroup off'}`;
}

const collect = (into: Record<string, number[]>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) (into[k] ??= []).push(v);
};
const medians = (of: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(of).map(([k, v]) => [k, median(v)]));

/**
 * A first task, timed apart (the warm-ups run beside it), then `tasks` cold tasks (Ada creates a
 * service, the gate runs) and `tasks` previewed ones: Ada's form asks the preview for the same
 * values first (POST /api/scaffolder/golden-path/v1/preview, as the portal's last step does), then
 * her task reuses the stored verdict.
 */
export async function benchBackend(tasks = 5): Promise<BackendBench> {
  const backend = await TestBackend.start({ testSignIn: true, readinessTimeoutMs: 600_000 });
  const ada = backend.as('user:default/ada');
  try {
    const run = async (values: Record<string, unknown>) => {
      const started = performance.now();
      const id = await createTask(ada, values);
      const task = await waitForTask(ada, id, 300_000);
      const ms = performance.now() - started;
      const events = await taskEvents(ada, id);
      if (task.status !== 'completed') {
        // The failed step's error (and the gate's report before it, when the gate failed).
        const why = events
          .filter(e => e.body.error || e.body.status === 'failed')
          .map(e => e.body.error?.message ?? e.body.message ?? '')
          .join('\n');
        throw new Error(`bench task ${id} ended ${task.status}:\n${why}`);
      }
      return { ms, events };
    };
    const cold: number[] = [];
    const previewed: number[] = [];
    const busy: number[] = [];
    const previews: number[] = [];
    const steps: Record<string, number[]> = {};
    const previewedSteps: Record<string, number[]> = {};
    const validators: Record<string, number[]> = {};
    let reused = 0;
    const firstTaskMs = (await run(serviceValues(uniqueName('bench-first')))).ms;
    for (let i = 0; i < tasks; i++) {
      const coldTask = await run(serviceValues(uniqueName('bench')));
      cold.push(coldTask.ms);
      collect(steps, stepDurations(coldTask.events));
      collect(validators, validatorDurations(coldTask.events));

      // The portal's form asks the preview on its last step; Create follows the verdict.
      const values = serviceValues(uniqueName('bench-p'));
      const previewStarted = performance.now();
      await passingPreview(ada, values);
      previews.push(performance.now() - previewStarted);
      const second = await run(values);
      previewed.push(second.ms);
      collect(previewedSteps, stepDurations(second.events));
      if (second.events.some(e => /Reusing the verdict/.test(e.body.message ?? ''))) reused++;

      // Again, while another developer's preview runs its gate on the same backend.
      const busyValues = serviceValues(uniqueName('bench-b'));
      await passingPreview(ada, busyValues);
      busy.push((await besideGates(ada, 1, () => run(busyValues))).ms);
    }
    const niceness = schedulingGroup(backend.pid);
    const status = readFileSync(`/proc/${backend.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return {
      tasks,
      firstTaskMs,
      medianColdTaskMs: median(cold),
      medianTaskMs: median(previewed),
      medianBusyTaskMs: median(busy),
      medianPreviewMs: median(previews),
      medianStepMs: medians(steps),
      medianPreviewedStepMs: medians(previewedSteps),
      medianValidatorMs: medians(validators),
      reused,
      niceness,
      rssMb: kb('VmRSS') / 1024,
      peakRssMb: kb('VmHWM') / 1024,
    };
  } finally {
    await backend.stop();
  }
}

export function formatBackendBench(r: BackendBench): string {
  const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}× the target`;
  const list = (of: Record<string, number>) =>
    Object.entries(of)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
      .join(', ');
  return [
    `backend: median task submit → completed after a preview (verdict reused in ${r.reused}/${r.tasks}) ${(r.medianTaskMs / 1000).toFixed(2)} s (target < ${TARGET_TASK_MS / 1000} s: ${ratio(r.medianTaskMs, TARGET_TASK_MS)})`,
    `backend: the same beside another preview's running gate ${(r.medianBusyTaskMs / 1000).toFixed(2)} s (target < ${TARGET_TASK_MS / 1000} s: ${ratio(r.medianBusyTaskMs, TARGET_TASK_MS)})`,
    `backend:   the gates' nice value takes effect here: ${r.niceness}`,
    `backend: median task submit → completed cold (the gate runs) ${(r.medianColdTaskMs / 1000).toFixed(2)} s over ${r.tasks} tasks (target < ${TARGET_COLD_TASK_MS / 1000} s: ${ratio(r.medianColdTaskMs, TARGET_COLD_TASK_MS)})`,
    `backend:   the first task after the backend's start, beside its warm-ups (not in any median): ${(r.firstTaskMs / 1000).toFixed(2)} s`,
    `backend:   median preview (the form's last step, where the gate runs instead): ${(r.medianPreviewMs / 1000).toFixed(2)} s`,
    `backend:   median per step, after a preview (the task log's timestamps are whole seconds): ${list(r.medianPreviewedStepMs)}`,
    `backend:   median per step, cold: ${list(r.medianStepMs)}`,
    `backend:   median per validator, cold: ${list(r.medianValidatorMs)}`,
    `backend: resident memory after the tasks ${r.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB: ${ratio(r.rssMb, TARGET_RSS_MB)})`,
    `backend: resident memory at its peak ${r.peakRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB: ${ratio(r.peakRssMb, TARGET_RSS_MB)})`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tasks = Number(process.argv[2] ?? process.env.GP_BENCH_TASKS ?? 5);
  console.log(formatBackendBench(await benchBackend(tasks)));
}
