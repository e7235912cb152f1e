import { parse, stringify } from 'yaml';
import { TargetError } from './errors.js';
import type { FileClass } from './file-classes.js';
import { parseVersion } from './semver.js';
import type { GoldenPath } from './template.js';
import type { PlannedFile } from './render.js';

export const MANIFEST_PATH = '.golden-path.yaml';
/** v1alpha2: each file's class beside its hash (v1alpha1 had the hash alone). */
export const MANIFEST_API_VERSION = 'golden-path.dev/v1alpha2';

/**
 * What day 2 needs: the template and part versions rendered, the values (secrets left out), and
 * each file's class (what an upgrade does with it) and hash as rendered (whether the repository's
 * owners have changed it since). The render itself is kept on the golden-path/base branch.
 */
export interface Manifest {
  apiVersion: typeof MANIFEST_API_VERSION;
  kind: 'GoldenPathManifest';
  template: { id: string; version: string };
  parts: { id: string; version: string }[];
  values: Record<string, unknown>;
  files: Record<string, { class: FileClass; sha256: string }>;
}

export function buildManifest(gp: GoldenPath, values: Record<string, unknown>, files: PlannedFile[]): Manifest {
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !gp.secretFields.includes(k)));
  return {
    apiVersion: MANIFEST_API_VERSION,
    kind: 'GoldenPathManifest',
    template: { id: gp.id, version: gp.version },
    parts: gp.parts.map(p => ({ id: p.id, version: p.version })),
    values: kept,
    files: Object.fromEntries(files.map(f => [f.path, { class: f.class, sha256: f.sha256 }])),
  };
}

export function manifestText(m: Manifest): string {
  return `# Written by Golden Path when this repository was created or upgraded; \`golden-path upgrade\` and \`drift\` read it.\n${stringify(m, { lineWidth: 0 })}`;
}

/** A generated file as a repository's manifest records it. */
export interface RecordedFile {
  sha256: string;
  /** Absent in manifests written before file classes (golden-path.dev/v1alpha1). */
  class?: FileClass;
}

/** A repository's `.golden-path.yaml`, checked: what it was rendered from, with which values. */
export interface RecordedManifest {
  template: { id: string; version: string };
  values: Record<string, unknown>;
  files: Map<string, RecordedFile>;
}

/** A repository's manifest is missing or unusable (anyone with write access may edit it): the user's to fix. */
export class ManifestError extends TargetError {
  override name = 'ManifestError';
}

const READABLE_API_VERSIONS = ['golden-path.dev/v1alpha1', 'golden-path.dev/v1alpha2'];
const CLASSES = new Set(['managed', 'merged', 'seeded']);
const HASH = /^(?:sha256:)?([0-9a-f]{64})$/;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a repository's manifest text (undefined: the file is absent), checking every field and
 * naming the problem; `repo` is the repository, for the error.
 */
export function readManifest(text: string | undefined, repo: string): RecordedManifest {
  const refuse = (what: string) => new ManifestError(`${MANIFEST_PATH} ${what}`, repo);
  if (text === undefined) throw refuse('is missing: this repository was not created from a golden path');
  let doc: unknown;
  try {
    // Later keys win over duplicates: checking every key against every other costs a fleet-wide
    // drift more than the whole rest of it, and every value is checked below anyway.
    doc = parse(text, { uniqueKeys: false });
  } catch (e) {
    throw refuse(`is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObject(doc)) throw refuse('must be a mapping (apiVersion, kind, template, values, files)');
  if (!READABLE_API_VERSIONS.includes(String(doc.apiVersion)) || doc.kind !== 'GoldenPathManifest') {
    throw refuse(`must have apiVersion ${READABLE_API_VERSIONS.join(' or ')} and kind GoldenPathManifest`);
  }
  const template = doc.template;
  if (!isObject(template) || typeof template.id !== 'string' || !template.id) {
    throw refuse('must name the golden path in template.id');
  }
  if (typeof template.version !== 'string' || !parseVersion(template.version)) {
    throw refuse(`template.version must be a version x.y.z (it is ${JSON.stringify(template.version ?? null)})`);
  }
  if (!isObject(doc.values)) throw refuse('values must be a mapping of field: value');
  if (!isObject(doc.files)) throw refuse('files must be a mapping of path: hash');
  const files = new Map<string, RecordedFile>();
  for (const [path, entry] of Object.entries(doc.files)) {
    const hash = HASH.exec(String(isObject(entry) ? entry.sha256 : entry))?.[1];
    const cls = isObject(entry) ? entry.class : undefined;
    if (path.startsWith('/') || path.split('/').some(s => s === '' || s === '.' || s === '..')) {
      throw refuse(`files: "${path}" is not a path inside the repository`);
    }
    if (!hash) throw refuse(`files["${path}"] must hold a sha256 hash`);
    if (cls !== undefined && !CLASSES.has(String(cls))) {
      throw refuse(`files["${path}"].class must be managed, merged or seeded`);
    }
    files.set(path, { sha256: hash, ...(cls ? { class: cls as FileClass } : {}) });
  }
  return { template: { id: template.id, version: template.version }, values: doc.values, files };
}
