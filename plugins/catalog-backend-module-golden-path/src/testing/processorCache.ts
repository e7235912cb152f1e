import type { CatalogProcessorCache } from '@backstage/plugin-catalog-node';

/** The catalog's per-entity processor state, as the processing loop keeps it between runs (for tests). */
export function processorCache(): CatalogProcessorCache & { state: Map<string, unknown> } {
  const state = new Map<string, unknown>();
  return {
    state,
    get: async key => state.get(key) as never,
    set: async (key, value) => void state.set(key, value),
  };
}
