import { describe, expect, it } from 'vitest';
import { mapWithinBudget } from './limit.js';

/** Jobs that run until released, recording what ran together. */
function jobs() {
  const running = new Set<string>();
  const together: string[][] = [];
  const release = new Map<string, () => void>();
  const run = (name: string) =>
    new Promise<string>(resolve => {
      running.add(name);
      together.push([...running].sort());
      release.set(name, () => {
        running.delete(name);
        resolve(name.toUpperCase());
      });
    });
  const finish = async (name: string) => {
    release.get(name)!();
    await new Promise(r => setTimeout(r, 0));
  };
  return { run, finish, running: () => [...running].sort(), together };
}

const tick = () => new Promise(r => setTimeout(r, 0));
const costs: Record<string, number> = { heavy: 500, mid: 220, light: 20, huge: 900 };
const cost = (name: string) => costs[name.replace(/\d$/, '')] ?? 0;

describe('mapWithinBudget', () => {
  it('runs at most `limit` at once, in order, and returns the results in the items order', async () => {
    const j = jobs();
    const done = mapWithinBudget(['light1', 'light2', 'light3'], { limit: 2, budget: Infinity, cost }, j.run);
    await tick();
    expect(j.running()).toEqual(['light1', 'light2']);
    await j.finish('light2');
    expect(j.running()).toEqual(['light1', 'light3']);
    await j.finish('light1');
    await j.finish('light3');
    expect(await done).toEqual(['LIGHT1', 'LIGHT2', 'LIGHT3']);
  });

  it('keeps the costs of what runs together within the budget; a cheaper item starts while a dearer one waits', async () => {
    const j = jobs();
    const done = mapWithinBudget(['heavy', 'mid', 'light'], { limit: 2, budget: 640, cost }, j.run);
    await tick();
    // heavy + mid = 720 > 640: mid waits, light (520) fits.
    expect(j.running()).toEqual(['heavy', 'light']);
    await j.finish('light');
    expect(j.running()).toEqual(['heavy']);
    await j.finish('heavy');
    expect(j.running()).toEqual(['mid']);
    await j.finish('mid');
    expect(await done).toEqual(['HEAVY', 'MID', 'LIGHT']);
    expect(j.together.every(names => names.reduce((sum, n) => sum + cost(n), 0) <= 640)).toBe(true);
  });

  it('runs an item dearer than the whole budget alone rather than never', async () => {
    const j = jobs();
    const done = mapWithinBudget(['huge', 'light'], { limit: 2, budget: 640, cost }, j.run);
    await tick();
    expect(j.running()).toEqual(['huge']);
    await j.finish('huge');
    expect(j.running()).toEqual(['light']);
    await j.finish('light');
    expect(await done).toEqual(['HUGE', 'LIGHT']);
  });

  it('answers at once for no items, and fails with the first failure', async () => {
    expect(await mapWithinBudget([], { limit: 2, budget: 1, cost }, async () => 1)).toEqual([]);
    await expect(
      mapWithinBudget(['a', 'b'], { limit: 2, budget: Infinity, cost }, async x => {
        if (x === 'b') throw new Error('b broke');
        return x;
      }),
    ).rejects.toThrow('b broke');
  });
});
