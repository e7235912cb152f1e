import { stringify } from 'yaml';
import type { GoldenPath } from './template.js';
import type { PlannedFile } from './render.js';

export const MANIFEST_PATH = '.golden-path.yaml';
export const MANIFEST_API_VERSION = 'golden-path.dev/v1alpha1';

/**
 * What a later upgrade needs for a three-way merge: the template and part versions rendered (the
 * base is re-rendered from them and the values), the values (secrets left out), and the hash of
 * every file as rendered, which tells which files the repository's owners have changed since.
 */
export interface Manifest {
  apiVersion: typeof MANIFEST_API_VERSION;
  kind: 'GoldenPathManifest';
  template: { id: string; version: string };
  parts: { id: string; version: string }[];
  values: Record<string, unknown>;
  files: Record<string, string>;
}

export function buildManifest(gp: GoldenPath, values: Record<string, unknown>, files: PlannedFile[]): Manifest {
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !gp.secretFields.includes(k)));
  return {
    apiVersion: MANIFEST_API_VERSION,
    kind: 'GoldenPathManifest',
    template: { id: gp.id, version: gp.version },
    parts: gp.parts.map(p => ({ id: p.id, version: p.version })),
    values: kept,
    files: Object.fromEntries(files.map(f => [f.path, `sha256:${f.sha256}`])),
  };
}

export function manifestText(m: Manifest): string {
  return `# Written by Golden Path when this repository was created; \`golden-path upgrade\` reads it.\n${stringify(m, { lineWidth: 0 })}`;
}
