/**
 * The golden path's own metadata, kept by the catalog as annotations (docs/authoring.md): on a
 * Template `version`, `parts` and `name-field`; on a Component created from one, `template` and
 * `version`, and the status the catalog's golden-path processor reads from its repository (below).
 */
export const ANNOTATION_VERSION = 'golden-path.dev/version';
export const ANNOTATION_PARTS = 'golden-path.dev/parts';
export const ANNOTATION_NAME_FIELD = 'golden-path.dev/name-field';
export const ANNOTATION_TEMPLATE = 'golden-path.dev/template';

// Written on a Component by the catalog's golden-path processor from its repository's main branch
// (`.golden-path.yaml` and the files), so the stock catalog filters on them
// (`metadata.annotations.golden-path.dev/status=behind`); `version` then is the manifest's.

/** The version of the render the repository was created from (the first commit of golden-path/base). */
export const ANNOTATION_CREATED_FROM = 'golden-path.dev/created-from';
/** The newest version of the golden path the portal has. */
export const ANNOTATION_LATEST = 'golden-path.dev/latest';
/** How many releases the repository is behind the latest ('0' when up to date). */
export const ANNOTATION_BEHIND = 'golden-path.dev/behind';
/** `up-to-date`, `behind`, or `unreadable` (the manifest cannot be read: a hand edit, a missing file). */
export const ANNOTATION_STATUS = 'golden-path.dev/status';
/** Generated files changed or deleted since their render, per class: `managed=2,merged=1`, or `none`. */
export const ANNOTATION_DRIFT = 'golden-path.dev/drift';
/** `true` when a managed (platform-owned) file drifted. */
export const ANNOTATION_MANAGED_DRIFT = 'golden-path.dev/managed-drift';
/** The commit of main the status was read from. */
export const ANNOTATION_COMMIT = 'golden-path.dev/commit';

export type GoldenPathStatusValue = 'up-to-date' | 'behind' | 'unreadable';
/** Drifted files per class (the manifest's classes, and `unknown` for a manifest without them). */
export type DriftCounts = Partial<Record<'managed' | 'merged' | 'seeded' | 'unknown', number>>;

const DRIFT_CLASSES = ['managed', 'merged', 'seeded', 'unknown'] as const;

/** { managed: 2, merged: 1 } → `managed=2,merged=1`; nothing drifted → `none`. */
export function formatDrift(counts: DriftCounts): string {
  const parts = DRIFT_CLASSES.filter(c => (counts[c] ?? 0) > 0).map(c => `${c}=${counts[c]}`);
  return parts.length ? parts.join(',') : 'none';
}

/** The inverse of formatDrift; undefined for an absent or malformed annotation. */
export function parseDrift(annotation: string | undefined): DriftCounts | undefined {
  if (annotation === undefined) return undefined;
  if (annotation === 'none') return {};
  const counts: DriftCounts = {};
  for (const entry of annotation.split(',')) {
    const m = /^(managed|merged|seeded|unknown)=(\d+)$/.exec(entry.trim());
    if (!m) return undefined;
    counts[m[1] as keyof DriftCounts] = Number(m[2]);
  }
  return counts;
}

/** Everything the portal shows of a Component's golden path, read from its annotations. */
export interface GoldenPathStatus {
  template: string;
  /** The version its main branch is at (what it was created from until an upgrade is merged). */
  version?: string;
  createdFrom?: string;
  latest?: string;
  behind?: number;
  status?: GoldenPathStatusValue;
  drift?: DriftCounts;
  managedDrift?: boolean;
  commit?: string;
}

/** The status of a Component created from a golden path; undefined for any other entity. */
export function goldenPathStatus(entity: Annotated): GoldenPathStatus | undefined {
  const a = entity.metadata.annotations ?? {};
  const template = a[ANNOTATION_TEMPLATE];
  if (!template) return undefined;
  const behind = a[ANNOTATION_BEHIND];
  const status = a[ANNOTATION_STATUS];
  const managed = a[ANNOTATION_MANAGED_DRIFT];
  const drift = parseDrift(a[ANNOTATION_DRIFT]);
  return {
    template,
    ...(a[ANNOTATION_VERSION] ? { version: a[ANNOTATION_VERSION] } : {}),
    ...(a[ANNOTATION_CREATED_FROM] ? { createdFrom: a[ANNOTATION_CREATED_FROM] } : {}),
    ...(a[ANNOTATION_LATEST] ? { latest: a[ANNOTATION_LATEST] } : {}),
    ...(behind && /^\d+$/.test(behind) ? { behind: Number(behind) } : {}),
    ...(status === 'up-to-date' || status === 'behind' || status === 'unreadable' ? { status } : {}),
    ...(drift ? { drift } : {}),
    ...(managed === 'true' || managed === 'false' ? { managedDrift: managed === 'true' } : {}),
    ...(a[ANNOTATION_COMMIT] ? { commit: a[ANNOTATION_COMMIT] } : {}),
  };
}

/** One entry of the parts annotation: a part id and the version range it needs ('' when none is written). */
export interface PartRef {
  id: string;
  range: string;
}

/**
 * `catalog@^1.0.0, ecs-fargate@^1.2.0` → [{ id: 'catalog', range: '^1.0.0' }, ...]. Lenient: an
 * entry without `@` has an empty range; the engine refuses it, the portal shows it as written.
 */
export function parsePartRefs(annotation: string | undefined): PartRef[] {
  if (!annotation) return [];
  return annotation
    .split(',')
    .map(entry => entry.trim())
    .filter(Boolean)
    .map(entry => {
      const at = entry.indexOf('@');
      return at > 0 ? { id: entry.slice(0, at), range: entry.slice(at + 1) } : { id: entry, range: '' };
    });
}

type Annotated = { metadata: { annotations?: Record<string, string> } };

/** The golden-path version a Template has, or a Component was created from. */
export function goldenPathVersion(entity: Annotated): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_VERSION];
}

/** The golden path a Component was created from. */
export function goldenPathTemplate(entity: Annotated): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_TEMPLATE];
}
