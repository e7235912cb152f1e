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

function setup() {
  const engine = new GoldenPathEngine({ templatesRoot: fixtureTemplates('tiny-service', { secret: false }) });
  const runs: { signal: AbortSignal; finish(): void }[] = [];
  const deps: CheckDeps = {
    engine,
    validate: (_dir, _options, signal) =>
      new Promise((resolve, reject) => {
        runs.push({ signal: signal!, finish: () => resolve(PASSED) });
        signal!.addEventListener('abort', () => reject(new Error('cancelled')));
      }),
    queue: new GateQueue(4),
    verdicts: {
      store: new VerdictStore({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1 << 20 }),
      versions: async () => ({ v: '1' }),
    },
  };
  const plan = engine.plan(engine.prepare(engine.load('tiny-service'), { name: 'ledger-api', replicas: 3 }));
  const verdict = (signal?: AbortSignal) => planVerdict(deps, plan, {}, signal, () => {});
  return { runs, verdict };
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
});
