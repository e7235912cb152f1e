// planVerdict's sharing and cancellation, with a held validator standing in for the tools' run
// (the stored verdicts with the real validators: actions/check.verdicts.test.ts).
import { GoldenPathEngine } from '@golden-path/engine';
import { describe, expect, it } from 'vitest';
import type { CheckDeps } from '../actions/check.js';
import { fixtureTemplates } from '../testing/context.js';
import { GateQueue } from './gateQueue.js';
import { planVerdict } from './planVerdict.js';
import type { CheckResult } from './validateInChildProcess.js';
import { VerdictStore } from './verdicts.js';

const PASSED: CheckResult = { report: { ok: true, results: [] }, text: 'passed' };

const TTL_MS = 60_000;
const VALUES = { name: 'ledger-api', replicas: 3 };

/** `hold`: each gate run waits for its finish() (else it passes at once). */
function setup({ hold = true } = {}) {
  const engine = new GoldenPathEngine({ templatesRoot: fixtureTemplates('tiny-service', { secret: false }) });
  const runs: { signal: AbortSignal; finish(): void }[] = [];
  let now = Date.now();
  const deps: CheckDeps = {
    engine,
    validate: (_dir, _options, signal) =>
      new Promise((resolve, reject) => {
        runs.push({ signal: signal!, finish: () => resolve(PASSED) });
        if (!hold) resolve(PASSED);
        signal!.addEventListener('abort', () => reject(new Error('cancelled')));
      }),
    queue: new GateQueue(4),
    verdicts: {
      store: new VerdictStore({ ttlMs: TTL_MS, maxEntries: 10, maxBytes: 1 << 20 }, () => now),
      versions: async () => ({ v: '1' }),
    },
  };
  const planOf = (values: Record<string, unknown>) => engine.plan(engine.prepare(engine.load('tiny-service'), values));
  const plan = planOf(VALUES);
  const verdict = (signal?: AbortSignal) => planVerdict(deps, plan, {}, signal, () => {});
  /** The verdict on `other`; a gate run it starts passes at once. */
  const verdictOn = (other: typeof plan) => planVerdict(deps, other, {}, undefined, () => {});
  return { runs, verdict, verdictOn, planOf, plan, advance: (ms: number) => (now += ms) };
}

describe('planVerdict', () => {
  it('runs the gate once for callers of the same render and stores the verdict', async () => {
    const { runs, verdict } = setup();
    const both = [verdict(), verdict(new AbortController().signal)];
    await expect.poll(() => runs.length).toBe(1);
    runs[0]!.finish();
    expect((await Promise.all(both)).map(v => v.reused)).toEqual([false, false]);
    expect((await verdict()).reused).toBe(true);
    expect(runs).toHaveLength(1);
  });

  it('starts nothing for a caller already gone, and afresh after a cancelled run', async () => {
    const { runs, verdict } = setup();
    const gone = new AbortController();
    gone.abort();
    await expect(verdict(gone.signal)).rejects.toThrow();
    expect(runs).toHaveLength(0);

    const caller = new AbortController();
    const first = verdict(caller.signal);
    await expect.poll(() => runs.length).toBe(1);
    caller.abort();
    await expect(first).rejects.toThrow();
    expect(runs[0]!.signal.aborted).toBe(true);

    const again = verdict();
    await expect.poll(() => runs.length).toBe(2);
    runs[1]!.finish();
    expect((await again).reused).toBe(false);
  });

  it('runs the gate again for a changed value: a verdict is never reused for other values', async () => {
    const { runs, verdictOn, planOf, plan } = setup({ hold: false });
    expect((await verdictOn(plan)).reused).toBe(false);
    expect((await verdictOn(planOf(VALUES))).reused).toBe(true);
    expect(runs).toHaveLength(1);
    expect((await verdictOn(planOf({ ...VALUES, replicas: 4 }))).reused).toBe(false);
    expect(runs).toHaveLength(2);
  });

  it('does not reuse an expired verdict', async () => {
    const { runs, verdictOn, plan, advance } = setup({ hold: false });
    await verdictOn(plan);
    advance(TTL_MS - 1);
    expect((await verdictOn(plan)).reused).toBe(true);
    advance(1);
    expect((await verdictOn(plan)).reused).toBe(false);
    expect(runs).toHaveLength(2);
  });

  it("does not let a plan changed after planning (its recorded sha256 untouched) reuse the planned one's verdict", async () => {
    const { runs, verdictOn, plan } = setup({ hold: false });
    await verdictOn(plan);
    const tampered = {
      ...plan,
      files: plan.files.map(f => (f.path === 'README.md' ? { ...f, content: Buffer.from('# anything\n') } : f)),
    };
    expect(tampered.files.map(f => f.sha256)).toEqual(plan.files.map(f => f.sha256));
    expect((await verdictOn(tampered)).reused).toBe(false);
    expect(runs).toHaveLength(2);
  });
});
