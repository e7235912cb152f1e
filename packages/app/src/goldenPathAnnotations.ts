/**
 * The golden path's own metadata, kept by the catalog as annotations (docs/authoring.md):
 * on a Template `golden-path.dev/version` and `golden-path.dev/parts`; on a Component created
 * from one, `golden-path.dev/template` and `golden-path.dev/version`.
 */
export const GOLDEN_PATH_TEMPLATE = 'golden-path.dev/template';
export const GOLDEN_PATH_VERSION = 'golden-path.dev/version';
export const GOLDEN_PATH_PARTS = 'golden-path.dev/parts';

export type GoldenPathPart = { id: string; range: string };

/** `catalog@^1.0.0, ecs-fargate@^1.0.0` → [{id: 'catalog', range: '^1.0.0'}, ...] */
export function parseParts(annotation: string | undefined): GoldenPathPart[] {
  if (!annotation) return [];
  return annotation
    .split(',')
    .map(entry => entry.trim())
    .filter(Boolean)
    .map(entry => {
      const at = entry.lastIndexOf('@');
      return at > 0 ? { id: entry.slice(0, at), range: entry.slice(at + 1) } : { id: entry, range: '' };
    });
}

type Annotated = { metadata: { annotations?: Record<string, string> } };

export function goldenPathVersion(entity: Annotated): string | undefined {
  return entity.metadata.annotations?.[GOLDEN_PATH_VERSION];
}

export function goldenPathTemplate(entity: Annotated): string | undefined {
  return entity.metadata.annotations?.[GOLDEN_PATH_TEMPLATE];
}
