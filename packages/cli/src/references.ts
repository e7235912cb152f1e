import type { EntityLookup, ServiceReferences } from '@golden-path/common';
import { ValuesError, type GoldenPath, type ValueIssue } from '@golden-path/engine';
import type { Progress } from './progress.js';

/** The portal's catalog, when the CLI is told where it is (GOLDEN_PATH_CATALOG_URL, ..._TOKEN). */
export interface CatalogAccess {
  /** The backend's base URL, e.g. https://portal.example.com (its catalog is under /api/catalog). */
  url: string;
  /** A Backstage token (a user's, or a static external-access token); sent as a bearer token. */
  token?: string;
}

export function catalogFromEnv(env: NodeJS.ProcessEnv = process.env): CatalogAccess | undefined {
  const url = env.GOLDEN_PATH_CATALOG_URL?.trim();
  return url ? { url: url.replace(/\/+$/, ''), token: env.GOLDEN_PATH_CATALOG_TOKEN?.trim() || undefined } : undefined;
}

/** Backstage's pickers of an owning Group: any Group, or one of the signed-in user's own. */
const OWNER_PICKERS = new Set(['OwnerPicker', 'MyGroupsPicker']);

/** The fields that refer to the catalog, by the picker the portal shows for them. */
function referenceFields(gp: GoldenPath): { owner?: string; system?: string } {
  const fields: { owner?: string; system?: string } = {};
  for (const [field, schema] of Object.entries(gp.parameters.properties)) {
    const options = (schema['ui:options'] ?? {}) as { defaultKind?: string };
    if (OWNER_PICKERS.has(String(schema['ui:field']))) fields.owner ??= field;
    if (schema['ui:field'] === 'EntityPicker' && options.defaultKind?.toLowerCase() === 'system')
      fields.system ??= field;
  }
  return fields;
}

/** The catalog's REST API: POST /api/catalog/entities/by-refs, one answer per ref (null: none). */
function restLookup(catalog: CatalogAccess, fetchImpl: typeof fetch): EntityLookup {
  return async refs => {
    const url = `${catalog.url}/api/catalog/entities/by-refs`;
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(catalog.token ? { Authorization: `Bearer ${catalog.token}` } : {}),
      },
      body: JSON.stringify({ entityRefs: refs, fields: ['kind'] }),
    }).catch((e: Error) => {
      throw new Error(`could not reach the catalog at ${catalog.url}: ${e.message}`);
    });
    if (!response.ok) throw new Error(`the catalog at ${catalog.url} answered ${response.status} to ${url}`);
    const { items } = (await response.json()) as { items: ({ kind: string } | null)[] };
    return items.map(e => e ?? undefined);
  };
}

/**
 * The owner is an existing Group, the system an existing System and the name free in the catalog,
 * when a catalog is configured; a ValuesError naming each field otherwise (the prompts ask again,
 * the command exits 2). Without a catalog the check is skipped with a note: the portal checks again
 * before it publishes.
 */
export async function checkReferences(
  gp: GoldenPath,
  values: Record<string, unknown>,
  show: Progress,
  options: { env?: NodeJS.ProcessEnv; fetch?: typeof fetch } = {},
): Promise<void> {
  const fields = referenceFields(gp);
  if (!fields.owner) return;
  const catalog = catalogFromEnv(options.env);
  if (!catalog) {
    show.note(
      'note: owner, system and name not checked against a catalog (set GOLDEN_PATH_CATALOG_URL, and GOLDEN_PATH_CATALOG_TOKEN, to check them)',
    );
    return;
  }
  const refs: ServiceReferences = {
    name: String(values[gp.nameField]),
    owner: String(values[fields.owner]),
    ...(fields.system && values[fields.system] !== undefined ? { system: String(values[fields.system]) } : {}),
  };
  // Loaded only when there is a catalog to ask: it brings all of @backstage/catalog-model.
  const { referenceIssues } = await import('@golden-path/common');
  const issues = await show.step(
    `Check owner, system and name in the catalog at ${catalog.url}`,
    () => referenceIssues(refs, restLookup(catalog, options.fetch ?? fetch)),
    found => (found.length ? `${found.length} problem${found.length > 1 ? 's' : ''}` : 'all real, name free'),
    found => found.length === 0,
  );
  const field = { name: gp.nameField, owner: fields.owner, system: fields.system ?? 'system' };
  if (issues.length) {
    throw new ValuesError(
      gp.id,
      issues.map((i): ValueIssue => ({ field: field[i.field], message: i.message })),
    );
  }
}
