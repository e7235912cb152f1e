// Where one gate's memory goes: the policy gate on python-django-service's payments-api example, as
// golden-path:check runs it, with every process under this one sampled from /proc (VmRSS every
// 100 ms): the peak of the whole tree and what ran at that moment, and each kind of process's own peak.
//   node --experimental-strip-types test/bench/gate-memory.ts [concurrency]
// Needs the compiled packages (npx tsc -b). Figures are printed, not asserted.
import { GoldenPathEngine } from '@golden-path/engine';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { validateInChildProcess } from '../../plugins/scaffolder-backend-module-golden-path/dist/check/validateInChildProcess.js';
import { descendants } from '../testing/processes.ts';
import { rssKb } from './load.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** A short name for what a process is: the tool, or the node script it runs. */
function kind(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const exe = argv[0]?.split('/').at(-1) ?? '?';
    if (exe === 'node')
      return `node ${
        argv
          .find(a => a.endsWith('.js'))
          ?.split('/')
          .slice(-2)
          .join('/') ?? ''
      }`.trim();
    if (exe.startsWith('python'))
      return `python ${
        argv
          .slice(1)
          .find(a => !a.startsWith('-'))
          ?.split('/')
          .at(-1) ?? ''
      }`;
    if (exe.startsWith('terraform-provider')) return 'terraform-provider-aws';
    return exe;
  } catch {
    return '?';
  }
}

export interface GateMemory {
  totalMs: number;
  peakTreeMb: number;
  /** What ran at the tree's peak: kind → MB. */
  atPeak: Record<string, number>;
  /** Each kind's largest single process. */
  peakByKind: Record<string, number>;
  validatorMs: Record<string, number>;
}

export async function benchGateMemory(concurrency?: number): Promise<GateMemory> {
  const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
  const gp = engine.load('python-django-service');
  const values = parse(readFileSync(join(gp.examplesDir, 'payments-api.yaml'), 'utf8')) as Record<string, unknown>;
  const plan = engine.plan(engine.prepare(gp, values));
  const parent = mkdtempSync(join(tmpdir(), 'gp-bench-gate-memory-'));
  let peakKb = 0;
  let atPeak: Record<string, number> = {};
  const peakByKind: Record<string, number> = {};
  const sampler = setInterval(() => {
    const sample = descendants(process.pid).map(pid => [kind(pid), rssKb(pid)] as const);
    const tree = sample.reduce((sum, [, kb]) => sum + kb, 0);
    for (const [k, kb] of sample) peakByKind[k] = Math.max(peakByKind[k] ?? 0, kb / 1024);
    if (tree > peakKb) {
      peakKb = tree;
      atPeak = {};
      for (const [k, kb] of sample) atPeak[k] = (atPeak[k] ?? 0) + kb / 1024;
    }
  }, 100);
  try {
    const dir = join(parent, 'repository');
    engine.write(plan, dir);
    const started = performance.now();
    const { report } = await validateInChildProcess(dir, { runtime: gp.runtime, concurrency });
    const totalMs = performance.now() - started;
    if (!report.ok) throw new Error('the gate failed on payments-api');
    return {
      totalMs,
      peakTreeMb: peakKb / 1024,
      atPeak,
      peakByKind,
      validatorMs: Object.fromEntries(report.results.map(r => [r.validator, r.durationMs])),
    };
  } finally {
    clearInterval(sampler);
    rmSync(parent, { recursive: true, force: true });
  }
}

export function formatGateMemory(m: GateMemory): string {
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const rows = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([, v]) => v >= 5)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `    ${k.padEnd(44)} ${mb(v)}`);
  return [
    `gate on payments-api: ${(m.totalMs / 1000).toFixed(1)} s, peak of the gate's process tree ${mb(m.peakTreeMb)}`,
    '  at the peak:',
    ...rows(m.atPeak),
    "  each kind's largest process:",
    ...rows(m.peakByKind),
    '  validators (s):',
    ...Object.entries(m.validatorMs).map(([k, v]) => `    ${k.padEnd(44)} ${(v / 1000).toFixed(1)}`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const concurrency = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(formatGateMemory(await benchGateMemory(concurrency)));
}
