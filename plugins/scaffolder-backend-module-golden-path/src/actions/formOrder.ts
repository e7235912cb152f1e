import type { GoldenPath } from '@golden-path/engine';

/**
 * The values with their keys in the golden path's form order (fields it does not know last, for
 * the engine to refuse). The manifest records values in the order given, and a form hands them
 * over in whatever order it filled them in (the portal's form, its validation and the task do not
 * agree): one order makes the same values one render, whose stored verdict the task then reuses.
 */
export function inFormOrder(
  gp: Pick<GoldenPath, 'parameters'>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const order = Object.keys(gp.parameters.properties);
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => rank(a) - rank(b)));
}
