import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GoldenPathError, UnknownGoldenPathError } from './errors.js';
import { mergeParameters, type MergedSchema } from './schema.js';
import { isRange, parseVersion, satisfies } from './semver.js';
import { readYamlFile } from './yaml-file.js';

export const ANNOTATION_VERSION = 'golden-path.dev/version';
export const ANNOTATION_PARTS = 'golden-path.dev/parts';
export const ANNOTATION_NAME_FIELD = 'golden-path.dev/name-field';

/** A shared part: files that several golden paths compose (the ECS module, the pipeline, ...). */
export interface Part {
  id: string;
  version: string;
  description: string;
  /** Folder of the generated repository the part's files land in ('' = the root). */
  target: string;
  skeletonDir: string;
}

export interface GoldenPath {
  id: string;
  title: string;
  description: string;
  version: string;
  tags: string[];
  /** templates/<id> */
  dir: string;
  skeletonDir: string;
  examplesDir: string;
  /** The Backstage Template entity, as written. */
  entity: Record<string, unknown>;
  parameters: MergedSchema;
  /** The field whose value names the service (`names` in templates). */
  nameField: string;
  /** Fields whose values are secrets: never recorded, never logged. */
  secretFields: string[];
  parts: Part[];
  /** runtime.yaml: the runtime's constants that shared parts need. */
  runtime: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function loadPart(templatesRoot: string, id: string): Part {
  if (!ID.test(id)) throw new GoldenPathError(`part id "${id}" is not a valid id`);
  const dir = join(templatesRoot, 'parts', id);
  const file = join(dir, 'part.yaml');
  if (!existsSync(file)) throw new GoldenPathError(`part "${id}" not found (no ${file})`);
  const doc = readYamlFile(file);
  const version = String(doc.version ?? '');
  if (doc.id !== id) throw new GoldenPathError(`${file}: id must be "${id}"`);
  if (!parseVersion(version)) throw new GoldenPathError(`${file}: version "${version}" is not x.y.z`);
  const target = String(doc.target ?? '');
  if (target.split('/').some(s => s === '..' || s === '.') || target.startsWith('/')) {
    throw new GoldenPathError(`${file}: target "${target}" must be a relative folder inside the repository`);
  }
  return { id, version, description: String(doc.description ?? ''), target, skeletonDir: join(dir, 'skeleton') };
}

/** "a@^1.0.0, b@~2.1.0" */
function parsePartRefs(value: string, file: string): { id: string; range: string }[] {
  return value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(s => {
      const [id, range] = s.split('@');
      if (!id || !range || !isRange(range)) {
        throw new GoldenPathError(`${file}: part "${s}" must be written <id>@<version range>, e.g. ecs-fargate@^1.0.0`);
      }
      return { id, range };
    });
}

export function loadGoldenPath(templatesRoot: string, id: string): GoldenPath {
  const dir = join(templatesRoot, id);
  const file = join(dir, 'template.yaml');
  if (!ID.test(id) || id === 'parts' || !existsSync(file)) {
    throw new UnknownGoldenPathError(id, listGoldenPathIds(templatesRoot));
  }
  const entity = readYamlFile(file);
  const metadata = (entity.metadata ?? {}) as Json;
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  const spec = (entity.spec ?? {}) as Json;
  if (entity.kind !== 'Template' || metadata.name !== id) {
    throw new GoldenPathError(`${file}: must be a Template entity named "${id}"`);
  }
  const version = String(annotations[ANNOTATION_VERSION] ?? '');
  if (!parseVersion(version)) {
    throw new GoldenPathError(`${file}: annotation ${ANNOTATION_VERSION} "${version}" is not x.y.z`);
  }
  const parts = parsePartRefs(annotations[ANNOTATION_PARTS] ?? '', file).map(ref => {
    const part = loadPart(templatesRoot, ref.id);
    if (!satisfies(part.version, ref.range)) {
      throw new GoldenPathError(`${file}: needs part ${ref.id}@${ref.range}, but templates/parts has ${part.version}`);
    }
    return part;
  });
  const parameters = mergeParameters(spec.parameters);
  const nameField = annotations[ANNOTATION_NAME_FIELD] ?? 'name';
  if (!parameters.properties[nameField]) throw new GoldenPathError(`${file}: has no "${nameField}" parameter`);
  const secretFields = Object.entries(parameters.properties)
    .filter(([, s]) => s['ui:field'] === 'Secret' || s['ui:widget'] === 'password' || s.format === 'password')
    .map(([k]) => k);
  const runtimeFile = join(dir, 'runtime.yaml');
  return {
    id,
    title: String(metadata.title ?? id),
    description: String(metadata.description ?? ''),
    version,
    tags: (metadata.tags ?? []) as string[],
    dir,
    skeletonDir: join(dir, 'skeleton'),
    examplesDir: join(dir, 'examples'),
    entity,
    parameters,
    nameField,
    secretFields,
    parts,
    runtime: existsSync(runtimeFile) ? readYamlFile(runtimeFile) : {},
  };
}

export function listGoldenPathIds(templatesRoot: string): string[] {
  if (!existsSync(templatesRoot)) return [];
  return readdirSync(templatesRoot, { withFileTypes: true })
    .filter(d => d.isDirectory() && d.name !== 'parts' && existsSync(join(templatesRoot, d.name, 'template.yaml')))
    .map(d => d.name)
    .sort();
}

export function listGoldenPaths(templatesRoot: string): GoldenPath[] {
  return listGoldenPathIds(templatesRoot).map(id => loadGoldenPath(templatesRoot, id));
}
