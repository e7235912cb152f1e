/**
 * Maps `items` through `fn` with at most `limit` calls in flight whose `cost`s together stay within
 * `budget`, keeping the order of the results. Items start in order, except that a cheaper one later in
 * the list starts while an earlier one waits for room; an item costing more than the budget runs alone.
 */
export async function mapWithinBudget<T, R>(
  items: T[],
  { limit, budget, cost }: { limit: number; budget: number; cost: (item: T) => number },
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const waiting = items.map((_, i) => i);
  let running = 0;
  let spent = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const startWhatFits = () => {
      if (failed) return;
      if (waiting.length === 0 && running === 0) return resolve(results);
      for (let at = 0; at < waiting.length && running < limit;) {
        const index = waiting[at]!;
        const need = cost(items[index]!);
        if (running > 0 && spent + need > budget) {
          at++;
          continue;
        }
        waiting.splice(at, 1);
        running++;
        spent += need;
        fn(items[index]!).then(
          result => {
            results[index] = result;
            running--;
            spent -= need;
            startWhatFits();
          },
          error => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    startWhatFits();
  });
}
