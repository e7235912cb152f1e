import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimit.js';

describe('RateLimiter', () => {
  it('allows a burst per caller, then refills at the rate and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2, maxCallers: 100, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('user:default/ada').allowed)).toEqual([true, true, true]);
    expect(limiter.take('user:default/ada')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another user has a bucket of their own.
    expect(limiter.take('user:default/lin').allowed).toBe(true);
    now = 500; // half a second: one token back
    expect(limiter.take('user:default/ada').allowed).toBe(true);
    expect(limiter.take('user:default/ada').allowed).toBe(false);
  });

  it('keeps at most maxCallers buckets', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 1, maxCallers: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // a's bucket is dropped, and comes back full
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
