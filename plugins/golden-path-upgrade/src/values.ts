import type { GoldenPath, GoldenPathEngine, Prepared } from '@golden-path/engine';
import { migrateValues, type Migration } from './migrations.js';

/** How the recorded values became the new version's: reported so that nothing changes unseen. */
export interface ValueChanges {
  /** Fields without a recorded value, now given or defaulted by the new version. */
  added: Record<string, unknown>;
  /** Recorded fields the new version no longer has, with the value they had. */
  dropped: Record<string, unknown>;
  /** Fields a migration renamed: old name → new name. */
  renamed: Record<string, string>;
  /** Recorded fields given a different value for this upgrade. */
  changed: Record<string, { from: unknown; to: unknown }>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The values for the new version: the recorded ones, renamed by the migrations, under what the
 * caller gives (--values, --set, the form), without the fields the new version removed; then the
 * new version's schema validates them (defaults apply; a missing new required field is a ValuesError).
 */
export function carryValues(
  engine: GoldenPathEngine,
  gp: GoldenPath,
  recorded: Record<string, unknown>,
  migrations: Migration[],
  given: Record<string, unknown>,
): { prepared: Prepared; changes: ValueChanges } {
  const { values: migrated, renamed } = migrateValues(recorded, migrations);
  const known = gp.parameters.properties;
  const dropped = Object.fromEntries(Object.entries(migrated).filter(([k]) => !(k in known) && !(k in given)));
  const input = { ...migrated, ...given };
  for (const k of Object.keys(dropped)) delete input[k];
  const prepared = engine.prepare(gp, input);
  const added = Object.fromEntries(Object.entries(prepared.values).filter(([k]) => !(k in migrated)));
  const changed = Object.fromEntries(
    Object.entries(given)
      .filter(([k, v]) => k in migrated && !same(migrated[k], v))
      .map(([k, v]) => [k, { from: migrated[k], to: prepared.values[k] ?? v }]),
  );
  return { prepared, changes: { added, dropped, renamed, changed } };
}
