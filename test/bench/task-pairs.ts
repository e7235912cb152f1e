// Before and after, in pairs: the portal's Create after a preview (submit → completed, and → the
// entity in the catalog) on two backends at once, this checkout's (B) and a baseline checkout's (A,
// e.g. the commit before a change, built with `npx tsc -b` in its own folder), task A then task B,
// pair by pair, so the machine's drift in speed hits both alike (test/bench/pairs.ts).
//   BENCH_BASELINE=/path/to/other/checkout [BENCH_GATE_LOAD=n] node test/bench/task-pairs.ts [pairs]
// BENCH_GATE_LOAD: the load a busy backend carries, its own gates: n previews of other services
// (cold: each runs the whole gate) run on the backend under test while its task runs, and end
// before the other backend's turn.
// Both render from one templates folder (BENCH_TEMPLATES, default this checkout's templates/), so
// only the code differs. Figures are printed, not asserted. A baseline made with `git worktree add`
// needs node_modules of its own: `cp -al` of this checkout's (hard links, its workspace links stay
// relative) rather than symbolic links into this one, which the gate's sandbox does not mount.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestBackend } from '../testing/backend.ts';
import { createTask, serviceValues, taskEvents, uniqueName, waitForTask } from '../testing/scaffolder.ts';
import { TARGET_TASK_MS } from './backend.ts';
import { formatPairs, median, type Pairs } from './pairs.ts';
import { besideGates, gateLoadFromEnv, passingPreview } from './busy.ts';

type Start = typeof TestBackend.start;

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** A backend whose engine and catalog both read the golden paths from `templatesRoot` (Templates' versions agree). */
async function startBackend(start: Start, templatesRoot: string): Promise<TestBackend> {
  const file = (target: string, allow: string[]) => ({ type: 'file', target, rules: [{ allow }] });
  const locations = [
    file(join(templatesRoot, '*', 'template.yaml'), ['Template']),
    file(join(REPO_ROOT, 'catalog', 'templates', '*.yaml'), ['Template']),
    file(join(REPO_ROOT, 'catalog', 'org.yaml'), ['Group', 'User', 'System', 'Domain']),
  ];
  return start({
    testSignIn: true,
    readinessTimeoutMs: 600_000,
    // Room for the gate load's previews beside the timed one's (a user's default is 2 at once).
    config: { goldenPath: { templatesRoot, preview: { maxPerUser: 10 } }, catalog: { locations } },
  });
}

/** Previews a new service's values as Ada (the gate runs and its verdict is stored); the values. */
async function previewed(backend: TestBackend): Promise<Record<string, unknown>> {
  const values = serviceValues(uniqueName('pair'));
  await passingPreview(backend.as('user:default/ada'), values);
  return values;
}

/** Submit → completed, and submit → the Component readable in the catalog, for previewed values. */
async function create(backend: TestBackend, values: Record<string, unknown>): Promise<[number, number, boolean]> {
  const ada = backend.as('user:default/ada');
  const started = performance.now();
  const id = await createTask(ada, values);
  const task = await waitForTask(ada, id, 300_000);
  const completed = performance.now() - started;
  if (task.status !== 'completed') {
    const why = (await taskEvents(ada, id)).map(e => e.body.error?.message ?? '').join('');
    throw new Error(`task ${id} ended ${task.status}: ${why}`);
  }
  await ada.waitForEntity(`component:default/${String(values.name)}`);
  const reused = (await taskEvents(ada, id)).some(e => /Reusing the verdict/.test(e.body.message ?? ''));
  return [completed, performance.now() - started, reused];
}

export interface TaskPairs {
  completed: Pairs;
  entity: Pairs;
  /** How many tasks of A and of B reused their preview's verdict (all, unless a verdict expired). */
  reused: [number, number];
  /** Cold previews running on the backend under test during each task. */
  gateLoad: number;
  load: [number, number];
}

/** `create`, with `gateLoad` cold previews running on the same backend throughout. */
const createUnderLoad = (backend: TestBackend, values: Record<string, unknown>, gateLoad: number) =>
  besideGates(backend.as('user:default/ada'), gateLoad, () => create(backend, values));

export async function benchTaskPairs(
  baseline: string,
  runs: number,
  templatesRoot: string,
  gateLoad = 0,
): Promise<TaskPairs> {
  const baselineModule = (await import(pathToFileURL(join(baseline, 'test/testing/backend.ts')).href)) as {
    TestBackend: { start: Start };
  };
  const { TestBackend: Current } = await import('../testing/backend.ts');
  const [a, b] = await Promise.all([
    startBackend(baselineModule.TestBackend.start.bind(baselineModule.TestBackend), templatesRoot),
    startBackend(Current.start.bind(Current), templatesRoot),
  ]);
  const completed: Pairs = { a: [], b: [], ratios: [] };
  const entity: Pairs = { a: [], b: [], ratios: [] };
  const reused: [number, number] = [0, 0];
  const loadBefore = loadavg()[0]!;
  try {
    for (let i = -1; i < runs; i++) {
      // Both previews at once (the gate runs in each); then the two tasks in turn, A first.
      const [valuesA, valuesB] = await Promise.all([previewed(a), previewed(b)]);
      const [doneA, entityA, reusedA] = await createUnderLoad(a, valuesA, gateLoad);
      const [doneB, entityB, reusedB] = await createUnderLoad(b, valuesB, gateLoad);
      if (i < 0) continue; // a warm-up pair
      reused[0] += Number(reusedA);
      reused[1] += Number(reusedB);
      completed.a.push(doneA);
      completed.b.push(doneB);
      completed.ratios.push(doneB / doneA);
      entity.a.push(entityA);
      entity.b.push(entityB);
      entity.ratios.push(entityB / entityA);
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  return { completed, entity, reused, gateLoad, load: [loadBefore, loadavg()[0]!] };
}

export function formatTaskPairs(r: TaskPairs): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const target = (p: Pairs) =>
    `A ${s(median(p.a))} (${(median(p.a) / TARGET_TASK_MS).toFixed(2)}× the ${TARGET_TASK_MS / 1000} s target), B ${s(median(p.b))} (${(median(p.b) / TARGET_TASK_MS).toFixed(2)}×)`;
  // formatPairs prints A / B; here the figure is after / before, B / A: swap the columns.
  const swapped = (p: Pairs): Pairs => ({ a: p.b, b: p.a, ratios: p.ratios });
  return [
    `task pairs (A = baseline, B = this checkout; verdict reused in A ${r.reused[0]}, B ${r.reused[1]} of ${r.completed.a.length}; ${r.gateLoad} cold previews running beside each task; load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}):`,
    formatPairs('after a preview, submit → completed, B / A', swapped(r.completed), s),
    `  medians: ${target(r.completed)}`,
    formatPairs('after a preview, submit → entity in the catalog, B / A', swapped(r.entity), s),
    `  medians: ${target(r.entity)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseline = process.env.BENCH_BASELINE;
  if (!baseline) throw new Error('BENCH_BASELINE: the checkout to compare with (built with npx tsc -b)');
  const templates = process.env.BENCH_TEMPLATES ?? join(import.meta.dirname, '..', '..', 'templates');
  console.log(
    formatTaskPairs(await benchTaskPairs(baseline, Number(process.argv[2] ?? 5), templates, gateLoadFromEnv())),
  );
}
