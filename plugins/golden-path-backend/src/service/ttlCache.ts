/**
 * Answers kept for a short time, at most `maxEntries` of them (the least recently used go first).
 * Concurrent asks for one key share one load, and a load's answer, or its failure, serves every ask
 * until it expires: at most one load per key per `ttlMs`, however many people ask.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { expires: number; value: Promise<V> }>();
  private readonly now: () => number;

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.expires > now) {
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    const value = load();
    value.catch(() => undefined); // every asker gets the failure; nobody need wait for it here
    this.entries.set(key, { expires: now + this.options.ttlMs, value });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
