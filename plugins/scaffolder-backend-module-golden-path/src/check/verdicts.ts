import type { RenderPlan } from '@golden-path/engine';
import type { ValidateOptions } from '@golden-path/validators';
import { createHash } from 'node:crypto';
import type { CheckResult } from './validateInChildProcess.js';

/** How long a verdict is reused, how many are kept and their total size (goldenPath.check.verdicts.*). */
export interface VerdictLimits {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

/** A stored verdict: the gate's result and when it was reached. */
export interface StoredVerdict {
  result: CheckResult;
  checkedAt: number;
}

/**
 * What a verdict is a verdict about: every file of the plan (path, mode and the hash of its bytes,
 * computed here from the content rather than taken from the plan's own `sha256`, so a plan whose
 * content was changed afterwards cannot borrow another's verdict; the manifest with the golden
 * path's id, version and values is one of the files), what the validators are
 * told (the runtime's service tests, the skipped validators, the approved base images and the day
 * their support dates are judged on) and the validators' versions. Equal
 * keys mean the gate would see the same bytes with the same tools.
 */
export function verdictKey(
  plan: { files: readonly Pick<RenderPlan['files'][number], 'path' | 'mode' | 'content'>[] },
  options: Pick<ValidateOptions, 'runtime' | 'skip' | 'baseImages'>,
  versions: Record<string, string>,
): string {
  const files = plan.files
    .map(f => [f.path, f.mode, createHash('sha256').update(f.content).digest('hex')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const skip = [...(options.skip ?? [])].sort();
  const sortedVersions = Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(
      JSON.stringify({
        files,
        runtime: options.runtime ?? null,
        skip,
        baseImages: options.baseImages ?? null,
        versions: sortedVersions,
      }),
    )
    .digest('hex');
}

/**
 * The gate's verdicts by render (verdictKey), so that the task's check reuses the verdict of the
 * identical dry run (the preview, the template editor) instead of running the tools again. In
 * memory, per backend replica: a miss only costs a gate run (a task on another replica checks
 * again), nothing outlives the process whose tools reached the verdict, and there is no table to
 * migrate or to trust. Entries expire after `ttlMs`; beyond `maxEntries` or `maxBytes` (the
 * reports' JSON size) the least recently used go first.
 */
export class VerdictStore {
  private readonly entries = new Map<string, StoredVerdict & { bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly limits: VerdictLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The verdict stored under `key` while it is fresh; reading it makes it the most recently used. */
  get(key: string): StoredVerdict | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.delete(key);
    if (this.now() - entry.checkedAt >= this.limits.ttlMs) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return { result: entry.result, checkedAt: entry.checkedAt };
  }

  set(key: string, result: CheckResult): void {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    this.delete(key);
    if (bytes > this.limits.maxBytes) return; // a report larger than the whole store is not kept
    this.entries.set(key, { result, checkedAt: this.now(), bytes });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
