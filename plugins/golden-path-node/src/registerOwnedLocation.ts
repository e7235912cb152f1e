import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ownerRef } from '@golden-path/common';

/** The entity fields this check reads (structural, so this library needs no catalog client). */
interface LocationEntity {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

/** What of the catalog service registering needs: `addLocation`, with a dry run. */
export interface LocationCatalog {
  addLocation(
    location: { type: string; target: string; dryRun?: boolean },
    options: { credentials: BackstageCredentials },
  ): Promise<{ entities: LocationEntity[] }>;
}

const refOf = (e: LocationEntity) => `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;

/**
 * Registers a service's catalog-info.yaml with the given (the backend's own) credentials, only when
 * every entity in it is owned by `owner`: a dry run first, so a file naming someone else's team
 * registers nothing. Returns the main entity's ref (its Component, else the first entity). Used by
 * the golden-path:register step and by the reconciler that registers what a crashed task published.
 */
export async function registerOwnedLocation(
  catalog: LocationCatalog,
  options: {
    url: string;
    owner: string;
    credentials: BackstageCredentials;
    /** Runs the registration (the scaffolder step passes its checkpoint); by default, at once. */
    sideEffect?: (register: () => Promise<void>) => Promise<void>;
    /**
     * The caller's own check (the step's: the initiator may create for the owner), awaited beside
     * the dry run, which writes nothing: nothing is registered unless both pass, and its refusal
     * is the error when both fail.
     */
    authorized?: Promise<void>;
  },
): Promise<string> {
  const { url, credentials } = options;
  const location = { type: 'url', target: url };
  const [allowed, tried] = await Promise.allSettled([
    options.authorized,
    catalog.addLocation({ ...location, dryRun: true }, { credentials }),
  ]);
  if (allowed.status === 'rejected') throw allowed.reason;
  if (tried.status === 'rejected') throw tried.reason;
  const dryRun = tried.value;
  // The dry run lists the Location the catalog makes for the URL itself first; the file's own follow.
  const entities = dryRun.entities.filter(e => !(e.kind === 'Location' && e.spec?.target === url));
  const expected = ownerRef(options.owner);
  const ownedBy = (e: LocationEntity) => (typeof e.spec?.owner === 'string' ? ownerRef(e.spec.owner) : undefined);
  const foreign = entities.filter(e => ownedBy(e) !== expected);
  if (foreign.length) {
    throw new NotAllowedError(`${url}: ${foreign.map(refOf).join(', ')} not owned by ${expected}; nothing registered`);
  }
  const main = entities.find(e => e.kind === 'Component') ?? entities[0];
  if (!main) throw new NotAllowedError(`${url} holds no entity; nothing registered`);
  const register = async () => {
    await catalog.addLocation(location, { credentials });
  };
  await (options.sideEffect ? options.sideEffect(register) : register());
  return refOf(main);
}
