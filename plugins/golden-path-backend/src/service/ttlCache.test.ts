import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttlCache.js';

describe('TtlCache', () => {
  it('loads a key once per period, shares a pending load, and keeps at most maxEntries', async () => {
    let now = 0;
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 2, now: () => now });
    const loads: string[] = [];
    const load = (key: string) => () => {
      loads.push(key);
      return new Promise<string>(r => setTimeout(() => r(`${key}!`), 5));
    };
    expect(await Promise.all([cache.get('a', load('a')), cache.get('a', load('a'))])).toEqual(['a!', 'a!']);
    now = 999;
    await cache.get('a', load('a'));
    expect(loads).toEqual(['a']);
    now = 1000;
    await cache.get('a', load('a'));
    expect(loads).toEqual(['a', 'a']);

    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recently used
    await cache.get('c', load('c')); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    expect(loads).toEqual(['a', 'a', 'b', 'c', 'b']);
  });

  it('reuses a failure for the period instead of asking again', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 10, now: () => 0 });
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('GitHub answered 503'));
    };
    await expect(cache.get('x', failing)).rejects.toThrow('503');
    await expect(cache.get('x', failing)).rejects.toThrow('503');
    expect(calls).toBe(1);
  });
});
