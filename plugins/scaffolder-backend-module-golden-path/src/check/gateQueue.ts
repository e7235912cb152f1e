import { availableParallelism } from 'node:os';

/** Told while a gate waits: how many gates are ahead of it (running ones included). */
export type OnWait = (ahead: number) => void;

/**
 * The gates this backend runs at once. A gate starts a runner with up to 2 GB of heap and, under
 * it, the service's tests, terraform and the scanners at the cores' width: ten tasks (the
 * scaffolder's own limit) gating at once would need ten times that on a machine sized for one or
 * two. Gates beyond `slots` wait in order, told their place; a cancelled wait leaves the queue.
 */
export class GateQueue {
  #slots: number;
  #running = 0;
  readonly #waiting: { start: () => void; onWait?: OnWait }[] = [];

  constructor(slots = defaultGateSlots()) {
    this.#slots = checkSlots(slots);
  }

  get slots(): number {
    return this.#slots;
  }

  /** Sets how many gates run at once (from `goldenPath.check.gates`); waiting gates start if there is room. */
  setSlots(slots: number): void {
    this.#slots = checkSlots(slots);
    this.#drain();
  }

  /** Gates running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /** Runs `gate` when a slot is free; `onWait` hears its place while it waits. */
  async run<T>(gate: () => Promise<T>, options: { signal?: AbortSignal; onWait?: OnWait } = {}): Promise<T> {
    await this.#acquire(options);
    try {
      return await gate();
    } finally {
      this.#running--;
      this.#drain();
    }
  }

  #acquire({ signal, onWait }: { signal?: AbortSignal; onWait?: OnWait }): Promise<void> {
    signal?.throwIfAborted();
    if (this.#running < this.#slots && this.#waiting.length === 0) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        onWait,
        start: () => {
          signal?.removeEventListener('abort', leave);
          this.#running++;
          resolve();
        },
      };
      const leave = () => {
        const at = this.#waiting.indexOf(entry);
        if (at >= 0) this.#waiting.splice(at, 1);
        this.#tellPlaces();
        reject(signal!.reason instanceof Error ? signal!.reason : new Error('the gate was cancelled while it waited'));
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.#waiting.push(entry);
      onWait?.(this.#running + this.#waiting.length - 1);
    });
  }

  #drain(): void {
    let started = false;
    while (this.#running < this.#slots && this.#waiting.length) {
      this.#waiting.shift()!.start();
      started = true;
    }
    if (started) this.#tellPlaces();
  }

  #tellPlaces(): void {
    this.#waiting.forEach((w, i) => w.onWait?.(this.#running + i));
  }
}

/** Half the cores, at least one: each gate itself runs its validators at the cores' width. */
export function defaultGateSlots(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

function checkSlots(slots: number): number {
  if (!Number.isInteger(slots) || slots < 1)
    throw new Error(`gates at once must be a whole number of at least 1, not ${slots}`);
  return slots;
}

/** The one queue of this backend process: golden-path:check and the upgrade gate both wait in it. */
export const gateQueue = new GateQueue();
