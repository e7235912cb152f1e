/** What a bucket answers: go ahead, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * One token bucket per caller: `burst` requests at once, then `perSecond` on average. At most
 * `maxCallers` buckets are kept (the least recently used go first, and come back full).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: { burst: number; perSecond: number; maxCallers: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
  }

  take(caller: string): RateDecision {
    const { burst, perSecond } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: burst, at: now };
    this.buckets.delete(caller);
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.options.maxCallers) break;
      this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / perSecond) };
    bucket.tokens -= 1;
    return { allowed: true };
  }
}
