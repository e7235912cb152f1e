/**
 * The golden path's own metadata, kept by the catalog as annotations (docs/authoring.md): on a
 * Template `version`, `parts` and `name-field`; on a Component created from one, `template` and
 * `version`.
 */
export const ANNOTATION_VERSION = 'golden-path.dev/version';
export const ANNOTATION_PARTS = 'golden-path.dev/parts';
export const ANNOTATION_NAME_FIELD = 'golden-path.dev/name-field';
export const ANNOTATION_TEMPLATE = 'golden-path.dev/template';

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
