import {
  ANNOTATION_NAME_FIELD,
  ANNOTATION_PARTS,
  ANNOTATION_VERSION,
  parsePartRefs,
  type PartRef,
} from '@golden-path/common/annotations';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPartContract, type PartContract } from './contract.js';
import { TemplateError, UnknownGoldenPathError } from './errors.js';
import { fileClassifier, type FileClassifier } from './file-classes.js';
import { loadRuntime, type Runtime } from './runtime.js';
import { mergeParameters, type MergedSchema } from './schema.js';
import { isRange, parseVersion, satisfies } from './semver.js';
import { composeParameters, SHARED_PARAMETERS_DIR } from './shared-parameters.js';
import { composeSteps, SHARED_STEPS_DIR } from './shared-steps.js';
import { readYamlFile } from './yaml-file.js';

/** A shared part: files that several golden paths compose (the ECS module, the pipeline, ...). */
export interface Part {
  id: string;
  version: string;
  description: string;
  /** Folder of the generated repository the part's files land in ('' = the root). */
  target: string;
  skeletonDir: string;
  /** part.yaml's `files:`: who owns each of the part's files after creation. */
  classes: FileClassifier;
  /** part.yaml's `requires:` and `provides:`: what a runtime composing the part must give it. */
  contract: PartContract;
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
  /** The Backstage Template entity, shared form steps composed in (as the catalog serves it). */
  entity: Record<string, unknown>;
  parameters: MergedSchema;
  /** The field whose value names the service (`names` in templates). */
  nameField: string;
  /** Fields whose values are secrets: never recorded, never logged. */
  secretFields: string[];
  parts: Part[];
  /** runtime.yaml (checked against RUNTIME_SCHEMA), when the golden path has one. */
  runtime?: Runtime;
  /** runtime.yaml's `files:`: who owns each file of the golden path's own skeleton after creation. */
  classes: FileClassifier;
}

type Json = Record<string, unknown>;

/** A field whose value is a secret: never recorded, never logged, asked for without echo. */
export function isSecretField(schema: Json): boolean {
  return schema['ui:field'] === 'Secret' || schema['ui:widget'] === 'password' || schema.format === 'password';
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Folders of templates/ that hold what golden paths share, not a golden path. */
const NOT_GOLDEN_PATHS = new Set(['parts', SHARED_PARAMETERS_DIR, SHARED_STEPS_DIR]);

export function loadPart(templatesRoot: string, id: string): Part {
  if (!ID.test(id)) throw new TemplateError(`part id "${id}" is not a valid id`);
  const dir = join(templatesRoot, 'parts', id);
  const file = join(dir, 'part.yaml');
  if (!existsSync(file)) throw new TemplateError(`part "${id}" not found (no ${file})`);
  const doc = readYamlFile(file);
  const version = String(doc.version ?? '');
  if (doc.id !== id) throw new TemplateError(`${file}: id must be "${id}"`);
  if (!parseVersion(version)) throw new TemplateError(`${file}: version "${version}" is not x.y.z`);
  const target = String(doc.target ?? '');
  if (target.split('/').some(s => s === '..' || s === '.') || target.startsWith('/')) {
    throw new TemplateError(`${file}: target "${target}" must be a relative folder inside the repository`);
  }
  return {
    id,
    version,
    description: String(doc.description ?? ''),
    target,
    skeletonDir: join(dir, 'skeleton'),
    classes: fileClassifier(doc.files, file),
    contract: readPartContract(doc, file),
  };
}

/** The parts annotation ("a@^1.0.0, b@~2.1.0"), every entry with a version range. */
function checkedPartRefs(value: string, file: string): PartRef[] {
  return parsePartRefs(value).map(ref => {
    if (!ref.range || !isRange(ref.range)) {
      const written = ref.range ? `${ref.id}@${ref.range}` : ref.id;
      throw new TemplateError(
        `${file}: part "${written}" must be written <id>@<version range>, e.g. ecs-fargate@^1.0.0`,
      );
    }
    return ref;
  });
}

export function loadGoldenPath(templatesRoot: string, id: string): GoldenPath {
  const dir = join(templatesRoot, id);
  const file = join(dir, 'template.yaml');
  if (!ID.test(id) || NOT_GOLDEN_PATHS.has(id) || !existsSync(file)) {
    throw new UnknownGoldenPathError(id, listGoldenPathIds(templatesRoot));
  }
  const entity = readYamlFile(file);
  const metadata = (entity.metadata ?? {}) as Json;
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  const spec = (entity.spec ?? {}) as Json;
  if (spec.parameters !== undefined) spec.parameters = composeParameters(templatesRoot, spec.parameters);
  if (entity.kind !== 'Template' || metadata.name !== id) {
    throw new TemplateError(`${file}: must be a Template entity named "${id}"`);
  }
  if (spec.steps !== undefined) spec.steps = composeSteps(templatesRoot, spec.steps, id);
  const version = String(annotations[ANNOTATION_VERSION] ?? '');
  if (!parseVersion(version)) {
    throw new TemplateError(`${file}: annotation ${ANNOTATION_VERSION} "${version}" is not x.y.z`);
  }
  const parts = checkedPartRefs(annotations[ANNOTATION_PARTS] ?? '', file).map(ref => {
    const part = loadPart(templatesRoot, ref.id);
    if (!satisfies(part.version, ref.range)) {
      throw new TemplateError(`${file}: needs part ${ref.id}@${ref.range}, but templates/parts has ${part.version}`);
    }
    return part;
  });
  const parameters = mergeParameters(spec.parameters);
  const nameField = annotations[ANNOTATION_NAME_FIELD] ?? 'name';
  if (!parameters.properties[nameField]) throw new TemplateError(`${file}: has no "${nameField}" parameter`);
  const secretFields = Object.entries(parameters.properties)
    .filter(([, s]) => isSecretField(s))
    .map(([k]) => k);
  const runtimeFile = join(dir, 'runtime.yaml');
  const runtime = existsSync(runtimeFile) ? loadRuntime(runtimeFile) : undefined;
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
    ...(runtime ? { runtime } : {}),
    classes: fileClassifier(runtime?.files, runtimeFile),
  };
}

export function listGoldenPathIds(templatesRoot: string): string[] {
  if (!existsSync(templatesRoot)) return [];
  return readdirSync(templatesRoot, { withFileTypes: true })
    .filter(
      d => d.isDirectory() && !NOT_GOLDEN_PATHS.has(d.name) && existsSync(join(templatesRoot, d.name, 'template.yaml')),
    )
    .map(d => d.name)
    .sort();
}
