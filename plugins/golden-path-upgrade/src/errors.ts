import { TargetError } from '@golden-path/engine';

/** Why a repository cannot be upgraded (or its drift computed) as it is. */
export type RefusalReason =
  'not-a-repository' | 'dirty' | 'unknown-version' | 'version-unavailable' | 'downgrade' | 'no-base' | 'branch-exists';

/**
 * The repository is not in a state an upgrade can start from (the user's to fix: the engine's
 * TargetError, so every caller reports it as bad input); nothing has been written.
 * `reason` lets a fleet run classify refusals without parsing messages.
 */
export class UpgradeRefused extends TargetError {
  override name = 'UpgradeRefused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    target: string,
  ) {
    super(`${message}; nothing was changed`, target);
  }
}
