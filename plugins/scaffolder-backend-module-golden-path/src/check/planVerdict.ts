import type { RenderPlan } from '@golden-path/engine';
import type { ValidateOptions } from '@golden-path/validators';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckDeps } from '../actions/check.js';
import { gateQueue, type OnWait } from './gateQueue.js';
import type { CheckResult } from './validateInChildProcess.js';
import { verdictKey, type StoredVerdict } from './verdicts.js';
import type { WorkspaceFile } from './workspaceDifferences.js';

/** The gate's verdict on a plan: reached now, or stored (`reused`) for an identical render. */
export interface PlanVerdict {
  result: CheckResult;
  checkedAt: number;
  reused: boolean;
}

type GateOptions = Pick<ValidateOptions, 'runtime' | 'skip' | 'baseImages'>;

/**
 * Gates running now by verdict key: a second caller for the same render (the form's preview and
 * its validation, or the task right behind its preview) waits for that run instead of starting
 * the tools again. The run is cancelled only when every caller has gone.
 */
const running = new Map<string, { promise: Promise<CheckResult>; callers: number; cancel: AbortController }>();

/**
 * The one answer to "what is the gate's verdict on this plan": a fresh stored verdict of an
 * identical render, else the validators' run (shared with any caller of the same render), stored.
 * golden-path:check and the form's preview both ask here.
 */
export async function planVerdict(
  deps: CheckDeps,
  plan: RenderPlan,
  options: GateOptions,
  signal: AbortSignal | undefined,
  onWait: OnWait,
): Promise<PlanVerdict> {
  const key = deps.verdicts && verdictKey(plan, options, await deps.verdicts.versions(options));
  if (!key) return { result: await runGate(deps, plan, options, signal, onWait), checkedAt: Date.now(), reused: false };
  const stored = deps.verdicts!.store.get(key);
  if (stored) return { ...stored, reused: true };
  signal?.throwIfAborted();

  let run = running.get(key);
  if (!run) {
    const cancel = new AbortController();
    const promise = runGate(deps, plan, options, cancel.signal, onWait).then(result => {
      deps.verdicts!.store.set(key, result);
      return result;
    });
    run = { promise, callers: 0, cancel };
    running.set(key, run);
    const forget = () => running.get(key) === run && running.delete(key);
    promise.then(forget, forget);
  }
  const shared = run;
  shared.callers++;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    // Once the run has settled this changes nothing; before, the last caller gone cancels it.
    if (--shared.callers > 0) return;
    // A cancelled run takes a moment to stop its tools: a new caller starts afresh meanwhile.
    if (running.get(key) === shared) running.delete(key);
    shared.cancel.abort(signal?.reason);
  };
  signal?.addEventListener('abort', leave, { once: true });
  try {
    const result = await (signal ? Promise.race([shared.promise, aborted(signal)]) : shared.promise);
    return { result, checkedAt: Date.now(), reused: false };
  } finally {
    signal?.removeEventListener('abort', leave);
    leave();
  }
}

/**
 * A fresh stored verdict on exactly these files (what a workspace holds, read from disk), found
 * without planning anything: the key is computed from the bytes themselves, so equal keys mean the
 * gate would see the same paths, modes and contents with the same validators told the same.
 */
export async function storedVerdict(
  deps: CheckDeps,
  files: WorkspaceFile[],
  options: GateOptions,
): Promise<StoredVerdict | undefined> {
  if (!deps.verdicts) return undefined;
  return deps.verdicts.store.get(verdictKey({ files }, options, await deps.verdicts.versions(options)));
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('the gate was cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * The validators on the plan written into a folder of their own: the tools (the service's tests
 * among them) may leave files behind (.coverage, caches), and the sandbox's user gets this copy,
 * never the workspace that is published.
 */
async function runGate(
  deps: CheckDeps,
  plan: RenderPlan,
  options: GateOptions,
  signal: AbortSignal | undefined,
  onWait: OnWait,
): Promise<CheckResult> {
  return (deps.queue ?? gateQueue).run(
    async () => {
      const parent = await mkdtemp(path.join(tmpdir(), 'gp-check-'));
      try {
        const dir = path.join(parent, 'repository');
        deps.engine.write(plan, dir);
        return await deps.validate(
          dir,
          { ...options, concurrency: deps.concurrency, memoryMiB: deps.memoryMiB },
          signal,
        );
      } finally {
        await rm(parent, { recursive: true, force: true });
      }
    },
    { signal, onWait },
  );
}
