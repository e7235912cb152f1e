// The policy gate alone, as golden-path:check runs it (the compiled runner in its sandbox), on
// python-django-service's payments-api example, with trivy as shipped (UPX-packed: it unpacks 199 MB
// into memory at each start) against the copy the backend unpacks once at its start: whole gates
// in pairs A B A B, the gate's and each validator's time; then `trivy config` alone in pairs, its
// wall time, CPU and peak resident memory.
//   node test/bench/gate.ts [pairs]
// Needs the compiled packages (npx tsc -b) and upx. Figures are printed, not asserted.
import { GoldenPathEngine, type RenderPlan } from '@golden-path/engine';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { validateInChildProcess } from '../../plugins/scaffolder-backend-module-golden-path/dist/check/validateInChildProcess.js';
import { packedTrivyBinary, trivyBinary, unpackTrivy } from '../../plugins/golden-path-validators/dist/tools.js';
import { trivyConfigArgs } from '../../plugins/golden-path-validators/dist/validators/trivy-config.js';
import { formatPairs, median, type Pairs } from './pairs.ts';

const REPO = join(import.meta.dirname, '..', '..');

function paymentsApi(): { plan: RenderPlan; runtime: ReturnType<GoldenPathEngine['load']>['runtime'] } {
  const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
  const gp = engine.load('python-django-service');
  const values = parse(readFileSync(join(gp.examplesDir, 'payments-api.yaml'), 'utf8')) as Record<string, unknown>;
  return { plan: engine.plan(engine.prepare(gp, values)), runtime: gp.runtime };
}

/** Runs `fn` on payments-api written into a fresh folder. */
async function withRepository<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const parent = mkdtempSync(join(tmpdir(), 'gp-bench-gate-'));
  try {
    const dir = join(parent, 'repository');
    new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') }).write(paymentsApi().plan, dir);
    return await fn(dir);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** The packed and unpacked trivy, and a way to run something with the unpacked copy out of sight. */
async function trivies(): Promise<{
  packed: string;
  unpacked: string;
  packedOnly: <T>(fn: () => Promise<T>) => Promise<T>;
}> {
  const packed = await packedTrivyBinary();
  if (!packed) throw new Error('trivy not found');
  console.error(await unpackTrivy());
  const unpacked = await trivyBinary();
  if (!unpacked || unpacked === packed) throw new Error('no unpacked trivy (is upx installed?)');
  const packedOnly = async <T>(fn: () => Promise<T>) => {
    renameSync(unpacked, `${unpacked}.hidden`);
    try {
      return await fn();
    } finally {
      renameSync(`${unpacked}.hidden`, unpacked);
    }
  };
  return { packed, unpacked, packedOnly };
}

export interface GatePairs {
  total: Pairs;
  /** Each validator's times in the packed (a) and unpacked (b) gates. */
  validators: Record<string, { a: number[]; b: number[] }>;
}

/** `runs` pairs of whole gates: A with trivy as shipped, B with its unpacked copy. */
export async function benchGatePairs(runs = 3): Promise<GatePairs> {
  const { runtime } = paymentsApi();
  const { packedOnly } = await trivies();
  const gate = () =>
    withRepository(async dir => {
      const started = performance.now();
      const { report } = await validateInChildProcess(dir, { runtime });
      const ms = performance.now() - started;
      if (!report.ok) throw new Error('the gate failed on payments-api');
      return { ms, report };
    });
  const out: GatePairs = { total: { a: [], b: [], ratios: [] }, validators: {} };
  for (let i = 0; i < runs; i++) {
    const a = await packedOnly(gate);
    const b = await gate();
    out.total.a.push(a.ms);
    out.total.b.push(b.ms);
    out.total.ratios.push(a.ms / b.ms);
    for (const [side, run] of [
      ['a', a],
      ['b', b],
    ] as const) {
      for (const r of run.report.results) (out.validators[r.validator] ??= { a: [], b: [] })[side].push(r.durationMs);
    }
  }
  return out;
}

export function formatGatePairs(r: GatePairs): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    'gate on payments-api: trivy as shipped (A) / unpacked once (B)',
    formatPairs('whole gate', r.total, s),
    '  each validator, median A / median B:',
    ...Object.entries(r.validators).map(
      ([name, { a, b }]) =>
        `    ${name.padEnd(20)} ${s(median(a)).padStart(8)} / ${s(median(b)).padStart(8)} = ${(median(a) / median(b)).toFixed(2)}`,
    ),
  ].join('\n');
}

/** One `trivy config` run's wall time, CPU (user + system) and peak resident memory, by GNU time. */
interface ToolRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

function timeTrivy(binary: string, dir: string): ToolRun {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gp-bench-trivy-'));
  try {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', binary, ...trivyConfigArgs(dir, cacheDir)], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`trivy config failed: ${r.stderr}`);
    const [wall, user, sys, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, maxRssMb: kb / 1024 };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface TrivyPairs {
  wall: Pairs;
  cpu: Pairs;
  rssMb: Pairs;
}

/** `trivy config` alone (outside the sandbox) on payments-api, `runs` pairs after one warm-up pair. */
export async function benchTrivyPairs(runs = 5): Promise<TrivyPairs> {
  const { packed, unpacked } = await trivies();
  return withRepository(dir => {
    const out: TrivyPairs = {
      wall: { a: [], b: [], ratios: [] },
      cpu: { a: [], b: [], ratios: [] },
      rssMb: { a: [], b: [], ratios: [] },
    };
    for (let i = -1; i < runs; i++) {
      const a = timeTrivy(packed, dir);
      const b = timeTrivy(unpacked, dir);
      if (i < 0) continue; // the warm-up pair: the page cache
      for (const [key, of] of [
        ['wall', (t: ToolRun) => t.wallMs],
        ['cpu', (t: ToolRun) => t.cpuMs],
        ['rssMb', (t: ToolRun) => t.maxRssMb],
      ] as const) {
        out[key].a.push(of(a));
        out[key].b.push(of(b));
        out[key].ratios.push(of(a) / of(b));
      }
    }
    return out;
  });
}

export function formatTrivyPairs(r: TrivyPairs): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    'trivy config on payments-api: as shipped (A, UPX-packed) / unpacked once (B)',
    formatPairs('wall time', r.wall, s),
    formatPairs('CPU (user + system)', r.cpu, s),
    formatPairs('peak resident memory', r.rssMb, mb => `${mb.toFixed(0)} MB`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3);
  console.log(formatTrivyPairs(await benchTrivyPairs(runs)));
  console.log(formatGatePairs(await benchGatePairs(runs)));
}
