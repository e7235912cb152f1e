// Stored verdicts with the real validators: the compiled runner in its sandbox (`npx tsc -b` first)
// checks a small golden path; a counter around it says how often the gate really ran.
import { GoldenPathEngine } from '@golden-path/engine';
import { validatorVersions, type ValidateOptions } from '@golden-path/validators';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInChildProcess } from '../../dist/check/validateInChildProcess.js';
import { VerdictStore } from '../check/verdicts.js';
import { actionContext, fixtureTemplates } from '../testing/context.js';
import { createCheckAction } from './check.js';

const RUNTIME = 'serviceTest:\n  command: [/bin/sh, -c, "true"]\nfiles:\n  merged: ["**"]\n';
const TTL_MS = 60_000;

function setup(versions: () => Record<string, string> = () => ({})) {
  const engine = new GoldenPathEngine({
    templatesRoot: fixtureTemplates('tiny-service', { secret: false, runtime: RUNTIME }),
  });
  let now = Date.now();
  const store = new VerdictStore({ ttlMs: TTL_MS, maxEntries: 10, maxBytes: 1024 * 1024 }, () => now);
  const runs: string[] = [];
  const action = createCheckAction({
    engine,
    validate: async (dir, options, signal) => {
      runs.push(dir);
      return validateInChildProcess(dir, options, signal);
    },
    verdicts: {
      store,
      versions: async (options: Pick<ValidateOptions, 'runtime'>) => ({
        ...(await validatorVersions(options)),
        ...versions(),
      }),
    },
  });
  /** Renders `values` into a fresh workspace, as golden-path:render does, and checks it. */
  const check = async (values: Record<string, unknown>, change?: (workspace: string) => void) => {
    const context = actionContext({});
    rmSync(context.workspacePath, { recursive: true });
    engine.render(engine.prepare(engine.load('tiny-service'), values), context.workspacePath);
    change?.(context.workspacePath);
    const error = await action.handler(context.ctx).then(
      () => undefined,
      (e: Error) => e,
    );
    return { error, outputs: context.outputs, log: context.lines.join('\n') };
  };
  return { check, runs, store, advance: (ms: number) => (now += ms) };
}

const VALUES = { name: 'ledger-api', replicas: 3 };

describe('golden-path:check stored verdicts', () => {
  it('reuses the verdict of an identical render (a dry run, then the task) and runs the gate for a changed value', async () => {
    const { check, runs } = setup();
    const dryRun = await check(VALUES);
    expect(runs).toHaveLength(1);
    expect(dryRun.log).toContain('[ok] service-tests');

    const task = await check(VALUES);
    expect(runs).toHaveLength(1);
    expect(task.log).toMatch(/Reusing the verdict reached at .* for this exact render/);
    expect(task.error?.message).toBe(dryRun.error?.message);
    expect(task.outputs).toEqual(dryRun.outputs);

    const changed = await check({ ...VALUES, replicas: 4 });
    expect(runs).toHaveLength(2);
    expect(changed.log).not.toContain('Reusing the verdict');
  }, 180_000);

  it('does not reuse an expired verdict', async () => {
    const { check, runs, advance } = setup();
    await check(VALUES);
    advance(TTL_MS - 1);
    await check(VALUES);
    expect(runs).toHaveLength(1);
    advance(1);
    const expired = await check(VALUES);
    expect(runs).toHaveLength(2);
    expect(expired.log).not.toContain('Reusing the verdict');
  }, 180_000);

  it("does not let a tampered workspace or other validators' versions reuse a verdict", async () => {
    let trivy = 'trivy 1';
    const { check, runs, store } = setup(() => ({ trivy }));
    await check(VALUES);
    expect(store.size).toBe(1);

    // The same manifest with a file changed: the re-plan refuses it before any verdict is looked up.
    const tampered = await check(VALUES, workspace => writeFileSync(join(workspace, 'README.md'), '# anything\n'));
    expect(tampered.error?.name).toBe('InputError');
    expect(tampered.error?.message).toContain('README.md: content differs');
    expect(runs).toHaveLength(1);

    // The same plan checked by another version of a tool: the gate runs again.
    trivy = 'trivy 2';
    const upgraded = await check(VALUES);
    expect(runs).toHaveLength(2);
    expect(upgraded.log).not.toContain('Reusing the verdict');
    expect(store.size).toBe(2);
  }, 180_000);
});
