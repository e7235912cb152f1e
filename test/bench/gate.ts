// The policy gate alone, as golden-path:check runs it (the compiled runner in its sandbox), on
// python-django-service's payments-api example: the whole gate and each validator, median of runs.
//   node --experimental-strip-types test/bench/gate.ts [runs]
// Needs the compiled packages (npx tsc -b). Figures are printed, not asserted.
import { GoldenPathEngine } from '@golden-path/engine';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { validateInChildProcess } from '../../plugins/scaffolder-backend-module-golden-path/dist/check/validateInChildProcess.js';

const REPO = join(import.meta.dirname, '..', '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export async function benchGate(runs = 3): Promise<{ totalMs: number; validatorMs: Record<string, number> }> {
  const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
  const gp = engine.load('python-django-service');
  const values = parse(readFileSync(join(gp.examplesDir, 'payments-api.yaml'), 'utf8')) as Record<string, unknown>;
  const plan = engine.plan(engine.prepare(gp, values));
  const totals: number[] = [];
  const validators: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const parent = mkdtempSync(join(tmpdir(), 'gp-bench-gate-'));
    try {
      const dir = join(parent, 'repository');
      engine.write(plan, dir);
      const started = performance.now();
      const { report } = await validateInChildProcess(dir, { runtime: gp.runtime });
      totals.push(performance.now() - started);
      if (!report.ok) throw new Error('the gate failed on payments-api');
      for (const r of report.results) (validators[r.validator] ??= []).push(r.durationMs);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }
  return {
    totalMs: median(totals),
    validatorMs: Object.fromEntries(Object.entries(validators).map(([k, v]) => [k, median(v)])),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3);
  const { totalMs, validatorMs } = await benchGate(runs);
  console.log(`gate on payments-api: median ${(totalMs / 1000).toFixed(2)} s over ${runs} runs`);
  for (const [name, ms] of Object.entries(validatorMs)) console.log(`  ${name.padEnd(16)} ${(ms / 1000).toFixed(2)} s`);
}
