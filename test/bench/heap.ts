// Where the backend's memory goes (issue 13 item 4): the embedded backend runs `tasks` tasks
// (python-django-service, the gate runs), then its resident memory is read from /proc (the V8 heap
// vs. everything else), and a heap snapshot (node --heapsnapshot-signal) is summarised: the heap by
// kind of object, the largest constructors, and the source text V8 keeps of every loaded module,
// by package (a package loaded twice, or one that a laptop never uses, shows here).
//   node test/bench/heap.ts [tasks] [--pairs=N --compare=<entry of another build>] [node flags...]
//   e.g. node test/bench/heap.ts 5 --max-old-space-size=384
// With --compare, N pairs A B A B: A is the other build (a copy of packages/backend/dist from
// another commit, placed under packages/backend/ so it resolves the same node_modules), B this
// tree's; each pair's resident memory and ratio B / A, and the load average (other work on the
// cores) beside each run. Needs the compiled backend (npx tsc -b). Figures are printed, not asserted.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestBackend } from '../testing/backend.ts';
import { waitFor } from '../testing/ports.ts';
import { createTask, serviceValues, taskEvents, uniqueName, waitForTask } from '../testing/scaffolder.ts';

/** A process's memory from /proc: resident (VmRSS), its peak (VmHWM), and the anonymous part of it. */
export function processMemoryMb(pid: number): { rss: number; peak: number; anonymous: number; files: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const rss = kb(status, 'VmRSS');
  return {
    rss: rss / 1024,
    peak: kb(status, 'VmHWM') / 1024,
    anonymous: kb(status, 'RssAnon') / 1024,
    files: kb(status, 'RssFile') / 1024,
  };
}

export interface HeapSummary {
  totalMb: number;
  /** Self size by V8's node type (object, string, code, closure, array, hidden...). */
  byType: Record<string, number>;
  /** The largest groups by type and constructor name. */
  top: [string, number][];
  /** Source text kept per package (node_modules/<package>, or the repository's own folders). */
  sourceByPackage: [string, number][];
  /** Packages whose sources are loaded from more than one folder (two copies in memory). */
  duplicated: [string, string[]][];
}

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const MB = 1024 * 1024;

/** The package a loaded file belongs to: `node_modules/<scope/name>`, else its folder under the repository. */
function packageOf(file: string): { name: string; folder: string } {
  const path = file.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('/node_modules/');
  if (at >= 0) {
    const rest = path.slice(at + '/node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return { name, folder: path.slice(0, at + '/node_modules/'.length) + name };
  }
  if (path.startsWith('node:') || !path.startsWith('/')) return { name: '(node built-in)', folder: '' };
  const parts = path.split('/');
  const top = parts.findIndex(p => p === 'plugins' || p === 'packages');
  const name = top >= 0 ? parts.slice(top, top + 2).join('/') : '(other)';
  return { name, folder: name };
}

/** Summarises a .heapsnapshot file (V8's JSON format). */
export function summariseHeapSnapshot(file: string, topN = 25): HeapSummary {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const ef = s.snapshot.meta.edge_fields;
  const nodeTypes = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const N = nf.length;
  const E = ef.length;
  const [nType, nName, nSize, nEdges] = ['type', 'name', 'self_size', 'edge_count'].map(f => nf.indexOf(f)) as [
    number,
    number,
    number,
    number,
  ];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map(f => ef.indexOf(f)) as [number, number, number];

  const byType: Record<string, number> = {};
  const groups = new Map<string, number>();
  let total = 0;
  const sourceByFile = new Map<string, number>();
  for (let i = 0, edge = 0; i < s.nodes.length; i += N) {
    const type = nodeTypes[s.nodes[i + nType]!]!;
    const name = s.strings[s.nodes[i + nName]!]!;
    const size = s.nodes[i + nSize]!;
    total += size;
    byType[type] = (byType[type] ?? 0) + size;
    const group = `${type}: ${type === 'string' || type === 'concatenated string' ? '(text)' : name.slice(0, 60)}`;
    groups.set(group, (groups.get(group) ?? 0) + size);
    // A Script: its `name` edge is the file, its `source` edge the text V8 keeps of it.
    let scriptName: string | undefined;
    let sourceSize = 0;
    const edges = s.nodes[i + nEdges]!;
    for (let e = edge; e < edge + edges * E; e += E) {
      if (edgeTypes[s.edges[e + eType]!] !== 'internal' && edgeTypes[s.edges[e + eType]!] !== 'property') continue;
      const edgeName = s.strings[s.edges[e + eName]!];
      const to = s.edges[e + eTo]!;
      if (!nodeTypes[s.nodes[to + nType]!]!.includes('string')) continue;
      if (edgeName === 'name') scriptName = s.strings[s.nodes[to + nName]!];
      else if (edgeName === 'source') sourceSize = s.nodes[to + nSize]!;
    }
    edge += edges * E;
    if (scriptName && sourceSize && (scriptName.startsWith('/') || scriptName.startsWith('file://'))) {
      sourceByFile.set(scriptName, sourceSize);
    }
  }
  const sourceByPackage = new Map<string, number>();
  const folders = new Map<string, Set<string>>();
  for (const [file, size] of sourceByFile) {
    const { name, folder } = packageOf(file);
    sourceByPackage.set(name, (sourceByPackage.get(name) ?? 0) + size);
    if (folder) (folders.get(name) ?? folders.set(name, new Set()).get(name)!).add(folder);
  }
  const mb = (o: Iterable<[string, number]>) => [...o].map(([k, v]) => [k, v / MB] as [string, number]);
  return {
    totalMb: total / MB,
    byType: Object.fromEntries(mb(Object.entries(byType)).sort((a, b) => b[1] - a[1])),
    top: mb(groups)
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN),
    sourceByPackage: mb(sourceByPackage)
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN),
    duplicated: [...folders].filter(([, f]) => f.size > 1).map(([name, f]) => [name, [...f]]),
  };
}

export interface HeapBench {
  tasks: number;
  flags: string[];
  /** The 1-minute load average when the tasks had run. */
  load: number;
  /** Once the catalog has read the golden paths and the organisation, before any task. */
  atStart: ReturnType<typeof processMemoryMb>;
  memory: ReturnType<typeof processMemoryMb>;
  heap?: HeapSummary;
}

export const TARGET_RSS_MB = 300;

/**
 * Starts the backend (its start command's flags, then `flags`; `entry`: another build), runs
 * `tasks` tasks one after the other, then reads its memory and (unless `snapshot` is false) its heap.
 */
export async function benchHeap(
  tasks = 5,
  flags: string[] = [],
  { entry, snapshot = true }: { entry?: string; snapshot?: boolean } = {},
): Promise<HeapBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gp-bench-heap-'));
  const snapshots = join(dataDir, 'snapshots');
  mkdirSync(snapshots);
  try {
    const backend = await TestBackend.start({
      testSignIn: true,
      dataDir,
      readinessTimeoutMs: 600_000,
      entry,
      env: { NODE_OPTIONS: [...flags, '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`].join(' ') },
    });
    try {
      const atStart = processMemoryMb(backend.pid);
      const ada = backend.as('user:default/ada');
      for (let i = 0; i < tasks; i++) {
        const id = await createTask(ada, serviceValues(uniqueName('heap')));
        const task = await waitForTask(ada, id, 600_000);
        if (task.status !== 'completed') {
          const why = (await taskEvents(ada, id))
            .filter(e => e.body.error || e.body.status === 'failed')
            .map(e => e.body.error?.message ?? e.body.message ?? '');
          throw new Error(`task ${id} ended ${task.status}:\n${why.join('\n')}`);
        }
      }
      const memory = processMemoryMb(backend.pid);
      const load = loadavg()[0]!;
      if (!snapshot) return { tasks, flags, load, atStart, memory };
      process.kill(backend.pid, 'SIGUSR2');
      const file = await waitFor(
        'the heap snapshot',
        async () => {
          const found = readdirSync(snapshots).find(f => f.endsWith('.heapsnapshot'));
          if (!found) return undefined;
          // Complete once its size stops growing.
          const before = statSync(join(snapshots, found)).size;
          await new Promise(r => setTimeout(r, 2000));
          return before > 0 && statSync(join(snapshots, found)).size === before ? join(snapshots, found) : undefined;
        },
        300_000,
        1000,
      );
      return { tasks, flags, load, atStart, memory, heap: summariseHeapSnapshot(file) };
    } finally {
      await backend.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mb = (x: number) => `${x.toFixed(1)} MB`;
const toTarget = (x: number) => `${(x / TARGET_RSS_MB).toFixed(2)}x of ${TARGET_RSS_MB} MB`;

export function formatHeapBench(r: HeapBench): string {
  const rows = (o: Iterable<[string, number]>) => [...o].map(([k, v]) => `    ${k.padEnd(70)} ${mb(v)}`);
  const lines = [
    `backend at start: resident ${mb(r.atStart.rss)} (anonymous ${mb(r.atStart.anonymous)}, files ${mb(r.atStart.files)})`,
    `backend after ${r.tasks} tasks${r.flags.length ? ` (node ${r.flags.join(' ')})` : ''}: resident ${mb(r.memory.rss)} (${toTarget(r.memory.rss)}; anonymous ${mb(r.memory.anonymous)}, files ${mb(r.memory.files)}), peak ${mb(r.memory.peak)} (${toTarget(r.memory.peak)}); load average ${r.load.toFixed(1)}`,
  ];
  if (!r.heap) return lines.join('\n');
  return [
    ...lines,
    `  V8 heap in the snapshot (live objects): ${mb(r.heap.totalMb)}`,
    '  by kind:',
    ...rows(Object.entries(r.heap.byType)),
    '  largest groups:',
    ...rows(r.heap.top),
    '  source text kept, by package:',
    ...rows(r.heap.sourceByPackage),
    `  packages loaded from more than one folder: ${
      r.heap.duplicated.length ? r.heap.duplicated.map(([n, f]) => `${n} (${f.join(', ')})`).join('; ') : 'none'
    }`,
  ].join('\n');
}

/** Pairs A B A B of whole backends: A another build (`compare`, its entry file), B this tree's. */
export async function heapPairs(pairs: number, tasks: number, flags: string[], compare: string): Promise<string> {
  const lines: string[] = [];
  const figure = (r: HeapBench) =>
    `start ${mb(r.atStart.rss)}, after ${mb(r.memory.rss)}, peak ${mb(r.memory.peak)} (load ${r.load.toFixed(1)})`;
  for (let i = 0; i < pairs; i++) {
    const a = await benchHeap(tasks, flags, { entry: compare, snapshot: false });
    const b = await benchHeap(tasks, flags, { snapshot: false });
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    lines.push(
      `pair ${i + 1}, ${tasks} tasks each:`,
      `  A ${compare}: ${figure(a)}`,
      `  B this build: ${figure(b)}`,
      `  B / A: start ${ratio(b.atStart.rss, a.atStart.rss)}, after ${ratio(b.memory.rss, a.memory.rss)}, peak ${ratio(b.memory.peak, a.memory.peak)}; B to target: after ${toTarget(b.memory.rss)}, peak ${toTarget(b.memory.peak)}`,
    );
    console.log(lines.slice(-4).join('\n'));
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const [tasks = '5', ...rest] = args.filter(a => !a.startsWith('--pairs=') && !a.startsWith('--compare='));
  const compare = option('compare');
  if (compare) await heapPairs(Number(option('pairs') ?? 2), Number(tasks), rest, resolve(compare));
  else console.log(formatHeapBench(await benchHeap(Number(tasks), rest)));
}
