import { escapers, type Escapers } from './escape.js';
import { nameVariants, type NameVariants } from './names.js';
import type { Runtime } from './runtime.js';
import { techdocsPlace, type TechDocsPlace } from './techdocs.js';
import type { GoldenPath } from './template.js';

/** Everything a template sees: computed here so that templates only substitute. */
export interface RenderContext {
  values: Record<string, unknown>;
  names: NameVariants;
  computed: Record<string, unknown>;
  template: { id: string; version: string; title: string };
  parts: Record<string, string>;
  runtime: Runtime;
  platform: Record<string, unknown>;
  /** Where the service's TechDocs live: its entity path, portal address and docs bucket. */
  techdocs: TechDocsPlace;
  esc: Escapers;
}

export const CONTEXT_NAMES = [
  'values',
  'names',
  'computed',
  'template',
  'parts',
  'runtime',
  'platform',
  'techdocs',
  'esc',
] as const;

export function buildContext(
  gp: GoldenPath,
  values: Record<string, unknown>,
  computed: Record<string, unknown>,
  platform: Record<string, unknown>,
): RenderContext {
  const names = nameVariants(String(values[gp.nameField]));
  return {
    values,
    names,
    computed,
    template: { id: gp.id, version: gp.version, title: gp.title },
    parts: Object.fromEntries(gp.parts.map(p => [p.id, p.version])),
    runtime: gp.runtime ?? {},
    platform,
    techdocs: techdocsPlace(platform, names.slug),
    esc: escapers,
  };
}
