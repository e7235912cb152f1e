import { ConflictError } from '@backstage/errors';

/** goldenPath.preview.*: previews one user may have queued or running at once, and the Retry-After beyond. */
export interface PreviewLimits {
  maxPerUser: number;
  retryAfterSeconds: number;
}

/** A preview let through: stopped (`signal`) when a newer render of the same form replaces it. */
export interface PreviewSlot {
  signal: AbortSignal;
  /** The request is answered or gone; call once. */
  leave(): void;
}

/** One user's preview too many: answer 429 with this Retry-After. */
export interface PreviewRefused {
  refused: string;
  retryAfterSeconds: number;
}

interface Entry {
  render: string;
  callers: number;
  stop: AbortController;
}

/**
 * Each user's previews queued or running, one per form (golden path): a gate run is minutes of two
 * cores, so one user cannot fill the gate queue with previews. Another render of a form replaces
 * that form's running one (its values changed: the old verdict is of no use), the same render joins
 * it (the field and the form's validation on Review ask for the same values), and a form beyond
 * `maxPerUser` is refused until one ends.
 */
export class PreviewSlots {
  private readonly users = new Map<string, Map<string, Entry>>();

  constructor(private readonly limits: PreviewLimits) {}

  enter(user: string, form: string, render: string): PreviewSlot | PreviewRefused {
    const forms = this.users.get(user) ?? new Map<string, Entry>();
    let entry = forms.get(form);
    if (entry && entry.render !== render) {
      entry.stop.abort(new ConflictError(`a newer preview of ${form} with other values replaced this one`));
      forms.delete(form);
      entry = undefined;
    }
    if (!entry) {
      if (forms.size >= this.limits.maxPerUser) {
        return {
          refused: `you have ${forms.size} previews running (${[...forms.keys()].join(', ')}), the most one user may; try again in ${this.limits.retryAfterSeconds} seconds`,
          retryAfterSeconds: this.limits.retryAfterSeconds,
        };
      }
      entry = { render, callers: 0, stop: new AbortController() };
      forms.set(form, entry);
      this.users.set(user, forms);
    }
    const joined = entry;
    joined.callers++;
    let left = false;
    return {
      signal: joined.stop.signal,
      leave: () => {
        if (left) return;
        left = true;
        if (--joined.callers > 0 || forms.get(form) !== joined) return;
        forms.delete(form);
        if (forms.size === 0 && this.users.get(user) === forms) this.users.delete(user);
      },
    };
  }

  /** Previews queued or running for `user` (one per form). */
  running(user: string): number {
    return this.users.get(user)?.size ?? 0;
  }
}
