/**
 * The last few readings of repositories by what they were read from (a repository and its commits),
 * shared by every entity's processing. A registration's dry run processes a new entity without a
 * cache, then the processing loop does again, also without one: without this, everything a
 * processor reads from a created service's repository was read twice. Keys name commits, so an
 * entry never goes stale; the oldest goes first beyond `size`.
 */
export class RecentReadings<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly size = 64) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}
