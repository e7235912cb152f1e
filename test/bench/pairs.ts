// Whole-process comparisons, run in turn (A B A B ...): drift in the machine's speed (other work on
// its cores) then hits both alike, and each pair's ratio is a fair figure. Timing seven runs of one,
// then seven of the other, printed 2.74 for `golden-path create` against cookiecutter under load,
// where pairs gave about 0.65 (issue 13 item 5).
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Each pair's times (ms) and the ratio A / B of each pair. */
export interface Pairs {
  a: number[];
  b: number[];
  ratios: number[];
}

/** `a` and `b` run alternately, `runs` pairs after `warmUp` pairs that are not counted. */
export async function timePairs(
  runs: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  warmUp = 2,
): Promise<Pairs> {
  for (let i = 0; i < warmUp; i++) {
    await a(-1 - i);
    await b(-1 - i);
  }
  const pairs: Pairs = { a: [], b: [], ratios: [] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await a(i);
    const aMs = performance.now() - t;
    t = performance.now();
    await b(i);
    const bMs = performance.now() - t;
    pairs.a.push(aMs);
    pairs.b.push(bMs);
    pairs.ratios.push(aMs / bMs);
  }
  return pairs;
}

/** One line per pair and the median of the ratios, e.g. for `golden-path create` / cookiecutter. */
export function formatPairs(title: string, pairs: Pairs, unit: (ms: number) => string, target?: string): string {
  return [
    `  ${title}, pair by pair (A B A B ...):`,
    ...pairs.ratios.map(
      (r, i) => `    pair ${String(i + 1).padStart(2)}: ${unit(pairs.a[i]!)} / ${unit(pairs.b[i]!)} = ${r.toFixed(2)}`,
    ),
    `  ${title}, median of the pairs' ratios: ${median(pairs.ratios).toFixed(2)}${target ? `  (target ${target})` : ''}`,
  ].join('\n');
}
