import { describe, expect, it } from 'vitest';
import { GateQueue } from './gateQueue.js';

/** A gate that runs until released, recording how many ran at once. */
function gates(queue: GateQueue) {
  let running = 0;
  let peak = 0;
  const release: (() => void)[] = [];
  const start = (onWait?: (ahead: number) => void, signal?: AbortSignal) =>
    queue.run(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>(r => release.push(r));
        running--;
      },
      { onWait, signal },
    );
  return { start, release, peak: () => peak, running: () => running };
}

const tick = () => new Promise(r => setTimeout(r, 0));

describe('GateQueue', () => {
  it('runs at most its slots at once, the rest in order, each told its place as it moves up', async () => {
    const queue = new GateQueue(2);
    const g = gates(queue);
    const places: Record<string, number[]> = { c: [], d: [] };
    const done = [g.start(), g.start(), g.start(a => places.c!.push(a)), g.start(a => places.d!.push(a))];
    await tick();
    expect(g.running()).toBe(2);
    expect(queue.load).toEqual({ running: 2, waiting: 2 });
    expect(places).toEqual({ c: [2], d: [3] });

    g.release.shift()!();
    await tick();
    await tick();
    expect(places).toEqual({ c: [2], d: [3, 2] });
    expect(queue.load).toEqual({ running: 2, waiting: 1 });

    while (g.release.length || queue.load.running) {
      g.release.shift()?.();
      await tick();
    }
    await Promise.all(done);
    expect(g.peak()).toBe(2);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a cancelled wait leaves the queue without running, and the gates behind it move up', async () => {
    const queue = new GateQueue(1);
    const g = gates(queue);
    const controller = new AbortController();
    const places: number[] = [];
    const first = g.start();
    const cancelled = g.start(undefined, controller.signal);
    const third = g.start(a => places.push(a));
    await tick();
    controller.abort(new Error('cancelled by the user'));
    await expect(cancelled).rejects.toThrow('cancelled by the user');
    expect(places).toEqual([2, 1]);
    expect(queue.load).toEqual({ running: 1, waiting: 1 });
    g.release.shift()!();
    await tick();
    await tick();
    g.release.shift()!();
    await Promise.all([first, third]);
    expect(g.peak()).toBe(1);
  });

  it('frees its slot when a gate throws, and refuses a slot count that is not a whole number', async () => {
    const queue = new GateQueue(1);
    await expect(queue.run(() => Promise.reject(new Error('tool crashed')))).rejects.toThrow('tool crashed');
    expect(await queue.run(async () => 'next')).toBe('next');
    expect(() => queue.setSlots(0)).toThrow('at least 1');
    expect(() => new GateQueue(1.5)).toThrow('whole number');
  });
});
