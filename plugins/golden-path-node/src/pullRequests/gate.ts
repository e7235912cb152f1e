import { createServiceRef } from '@backstage/backend-plugin-api';
import type { PullRequestGate } from '@golden-path/common';

/**
 * The policy gate (golden-path:check's validators, sandboxed) on a repository's files written into
 * `dir`: the golden path and its runtime come from the `.golden-path.yaml` there. A repository the
 * gate cannot check (a hand-edited manifest, a golden path no longer known) is a failing verdict with
 * `error`, never an exception; `commit` is recorded as the commit the files are from.
 */
export interface GoldenPathGate {
  /** `onWait` hears how many gates are ahead while this one waits for a slot. */
  check(dir: string, commit: string, signal?: AbortSignal, onWait?: (ahead: number) => void): Promise<PullRequestGate>;
}

/**
 * Provided by the scaffolder module's package (goldenPathGateServiceFactory, added by the backend),
 * which holds the validators' sandboxed runner; the golden-path plugin's merge route and the
 * golden-path:upgrade action use the same gate.
 */
export const goldenPathGateServiceRef = createServiceRef<GoldenPathGate>({ id: 'golden-path.gate', scope: 'root' });
