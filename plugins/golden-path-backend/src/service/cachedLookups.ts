import type { NameCheckDeps } from './checkName.js';
import { TtlCache } from './ttlCache.js';

type Lookups = Pick<NameCheckDeps, 'inCatalog' | 'inRemote'>;

/**
 * The catalog and remote lookups behind one short-lived cache: at most one call per name (and
 * organisation) per `ttlMs`, however many users type it at once; a failure is reused just as long.
 */
export function cachedLookups(lookups: Lookups, options: { ttlMs: number; maxEntries: number }): Lookups {
  const cache = new TtlCache<boolean>(options);
  return {
    inCatalog: name => cache.get(`catalog\0${name}`, () => lookups.inCatalog(name)),
    inRemote: (org, name) => cache.get(`remote\0${org}\0${name}`, () => lookups.inRemote(org, name)),
  };
}
