// Twenty tasks at once on the embedded defaults (issue 14 item 4): every task completes, their
// submit → end times (median, p95), and the peak resident memory of the backend with every process
// it started (the gate's runners, the tools, the service tests), sampled from /proc.
// Run by the root `npm run bench` (test/bench/bench.ts), or alone:
//   node --experimental-strip-types test/bench/load.ts [tasks]
// Needs the compiled backend (npx tsc -b). Figures are printed beside their targets, not asserted.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TestBackend } from '../testing/backend.ts';
import { descendants } from '../testing/processes.ts';
import { completion, createTask, serviceValues, uniqueName, waitForTask } from '../testing/scaffolder.ts';

export const TARGET_PEAK_TREE_MB = 1536;
const USER = 'user:default/ada';

export interface LoadBench {
  tasks: number;
  completed: number;
  statuses: Record<string, number>;
  medianMs: number;
  p95Ms: number;
  /** The backend and everything under it, at the sampled peak. */
  peakTreeMb: number;
  /** The backend's own process, at its peak. */
  peakBackendMb: number;
  /** Why each task that did not complete ended as it did (its completion event's message). */
  failures: string[];
}

/** A process's resident memory (VmRSS), in kB; 0 when it has ended. */
export function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // ended meanwhile
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

export async function benchLoad(tasks = 20): Promise<LoadBench> {
  const backend = await TestBackend.start({ testSignIn: true, readinessTimeoutMs: 400_000 });
  let peakKb = 0;
  let peakBackendKb = 0;
  const sampler = setInterval(() => {
    const own = rssKb(backend.pid);
    const tree = descendants(backend.pid).reduce((sum, pid) => sum + rssKb(pid), own);
    peakKb = Math.max(peakKb, tree);
    peakBackendKb = Math.max(peakBackendKb, own);
  }, 250);
  try {
    const ada = backend.as(USER);
    const started = Date.now();
    const ids = await Promise.all(
      Array.from({ length: tasks }, (_, i) => createTask(ada, serviceValues(uniqueName(`load${i}`)))),
    );
    const ended = await Promise.all(
      ids.map(async id => {
        const task = await waitForTask(ada, id, 3_600_000);
        const ms = Date.now() - started;
        if (task.status === 'completed') return { status: task.status, ms };
        const why = await completion(ada, id).then(
          done => done.body.error?.message ?? done.body.message ?? '(no message)',
          (error: Error) => error.message,
        );
        return { status: task.status, ms, why: `${id}: ${why.slice(0, 300)}` };
      }),
    );
    const statuses: Record<string, number> = {};
    for (const e of ended) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
    const times = ended.map(e => e.ms);
    return {
      tasks,
      completed: statuses.completed ?? 0,
      statuses,
      medianMs: percentile(times, 50),
      p95Ms: percentile(times, 95),
      peakTreeMb: peakKb / 1024,
      peakBackendMb: peakBackendKb / 1024,
      failures: ended.flatMap(e => ('why' in e && e.why ? [e.why] : [])),
    };
  } finally {
    clearInterval(sampler);
    await backend.stop();
  }
}

export function formatLoadBench(b: LoadBench): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `7. ${b.tasks} tasks at once (embedded defaults, python-django-service, cold gates)`,
    `  completed                                   ${b.completed} of ${b.tasks}  (target: all)  ${JSON.stringify(b.statuses)}`,
    `  submit → end, median                        ${s(b.medianMs)}`,
    `  submit → end, p95                           ${s(b.p95Ms)}`,
    `  peak memory, backend + every child          ${b.peakTreeMb.toFixed(0)} MB  (target < ${TARGET_PEAK_TREE_MB} MB: ${(
      b.peakTreeMb / TARGET_PEAK_TREE_MB
    ).toFixed(2)}×)`,
    `  peak memory, the backend's own process       ${b.peakBackendMb.toFixed(0)} MB`,
    ...b.failures.map(f => `  not completed: ${f}`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(formatLoadBench(await benchLoad(Number(process.argv[2] ?? 20))));
}
