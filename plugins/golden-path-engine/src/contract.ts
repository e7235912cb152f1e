import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from './errors.js';

/**
 * What a shared part needs from the golden path composing it, and what it offers the others: the
 * contract a runtime fulfils. Declared in part.yaml, checked when a golden path loads, so a runtime
 * that lacks something is refused with its name rather than rendering a repository that breaks.
 */
export interface PartContract {
  requires: {
    /** Fields of the golden path's form the part's templates read (`values.<field>`). */
    values: string[];
    /** Fields whose derived value the part reads (`computed.<field>`): they need a `ui:field` deriver. */
    computed: string[];
    /** runtime.yaml keys the part reads (`runtime.<key>`). */
    runtime: string[];
    /** Files of the generated repository the part relies on: the runtime's skeleton or another part provides them. */
    files: string[];
    /**
     * Values of form fields that work only if the runtime's own code implements them (runtime.yaml
     * `supports`), by field: e.g. clientAuth jwt, where the service verifies each call's token.
     */
    runtimeSupport: Record<string, string[]>;
  };
  provides: {
    /** Files of the generated repository the part renders for others to rely on. */
    files: string[];
  };
}

const names = { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$' } };
/** A repository path: relative, '/'-separated, no '.' or '..' segment, no templating. */
const paths = {
  type: 'array',
  uniqueItems: true,
  items: { type: 'string', pattern: '^(?!.*(?:^|/)\\.{1,2}(?:/|$))[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$' },
};

/** The JSON Schema of part.yaml's `requires` and `provides`. */
export const PART_CONTRACT_SCHEMA = {
  type: 'object',
  properties: {
    requires: {
      type: 'object',
      additionalProperties: false,
      properties: {
        values: names,
        computed: names,
        runtime: names,
        files: paths,
        runtimeSupport: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      },
    },
    provides: { type: 'object', additionalProperties: false, properties: { files: paths } },
  },
} as const;

let validate: ValidateFunction | undefined;

/** Reads part.yaml's `requires`/`provides` (each list optional, empty when left out). */
export function readPartContract(doc: Record<string, unknown>, file: string): PartContract {
  validate ??= new Ajv({ allErrors: true, strict: true, validateSchema: false }).compile(PART_CONTRACT_SCHEMA);
  if (!validate({ requires: doc.requires ?? {}, provides: doc.provides ?? {} })) {
    const problems = (validate.errors ?? []).map(e => `${e.instancePath.slice(1).replace(/\//g, '.')} ${e.message}`);
    throw new TemplateError(`${file}: ${problems.join('; ')}`);
  }
  const requires = (doc.requires ?? {}) as Partial<PartContract['requires']>;
  const provides = (doc.provides ?? {}) as Partial<PartContract['provides']>;
  return {
    requires: {
      values: requires.values ?? [],
      computed: requires.computed ?? [],
      runtime: requires.runtime ?? [],
      files: requires.files ?? [],
      runtimeSupport: requires.runtimeSupport ?? {},
    },
    provides: { files: provides.files ?? [] },
  };
}

/** What the contract check needs of a golden path (template.ts's GoldenPath has it all). */
export interface ContractSubject {
  id: string;
  skeletonDir: string;
  properties: Record<string, Record<string, unknown>>;
  /** runtime.yaml, as loaded. */
  runtime?: object;
  parts: { id: string; target: string; skeletonDir: string; contract: PartContract }[];
}

/** Is `path` a file of this skeleton, rendered as is or from `<path>.ejs`? */
function inSkeleton(skeletonDir: string, path: string): boolean {
  return existsSync(join(skeletonDir, path)) || existsSync(join(skeletonDir, `${path}.ejs`));
}

/** The part's path inside its skeleton for a repository path, or undefined when outside its target. */
function partPath(target: string, path: string): string | undefined {
  if (!target) return path;
  return path.startsWith(`${target}/`) ? path.slice(target.length + 1) : undefined;
}

/**
 * Every way the golden path breaks its parts' contracts, each naming the part and what is missing;
 * empty when it holds. `hasDeriver` says whether a `ui:field` has a deriver (the engine's registry).
 */
export function contractProblems(gp: ContractSubject, hasDeriver: (uiField: string) => boolean): string[] {
  const problems: string[] = [];
  const providedBy = new Map<string, string>();
  for (const part of gp.parts) {
    for (const file of part.contract.provides.files) {
      const rel = partPath(part.target, file);
      if (rel === undefined || !inSkeleton(part.skeletonDir, rel)) {
        problems.push(`part ${part.id} provides ${file} but its skeleton has no such file`);
      } else providedBy.set(file, part.id);
    }
  }
  const runtime = (gp.runtime ?? {}) as Record<string, unknown>;
  for (const field of Object.keys((runtime.supports ?? {}) as object)) {
    if (!gp.properties[field]) problems.push(`runtime.yaml supports ${field}, which the form lacks`);
  }
  for (const part of gp.parts) {
    const { values, computed, runtime: keys, files } = part.contract.requires;
    for (const field of values) {
      if (!gp.properties[field]) problems.push(`part ${part.id} requires the field ${field}, which the form lacks`);
    }
    for (const field of computed) {
      const uiField = gp.properties[field]?.['ui:field'];
      if (!gp.properties[field]) problems.push(`part ${part.id} requires the field ${field}, which the form lacks`);
      else if (typeof uiField !== 'string' || !hasDeriver(uiField)) {
        problems.push(`part ${part.id} requires computed.${field}, but the field has no ui:field with a deriver`);
      }
    }
    for (const field of Object.keys(part.contract.requires.runtimeSupport)) {
      if (!gp.properties[field]) problems.push(`part ${part.id} requires the field ${field}, which the form lacks`);
    }
    for (const key of keys) {
      if (runtime[key] === undefined)
        problems.push(`part ${part.id} requires runtime.yaml key ${key}, which is missing`);
    }
    for (const file of files) {
      if (!providedBy.has(file) && !inSkeleton(gp.skeletonDir, file)) {
        problems.push(`part ${part.id} requires the file ${file}, which the runtime's skeleton does not provide`);
      }
    }
  }
  return problems;
}

/** Throws a TemplateError naming every broken clause of the parts' contracts. */
export function checkContract(gp: ContractSubject, hasDeriver: (uiField: string) => boolean): void {
  const problems = contractProblems(gp, hasDeriver);
  if (problems.length) {
    throw new TemplateError(`golden path ${gp.id} breaks its parts' contract: ${problems.join('; ')}`);
  }
}

/** Required files a render did not produce (a conditional file whose path rendered empty); [] when none. */
export function missingRenderedFiles(parts: { id: string; contract: PartContract }[], rendered: Set<string>): string[] {
  return parts.flatMap(p =>
    p.contract.requires.files
      .filter(f => !rendered.has(f))
      .map(f => `part ${p.id} requires ${f}, which this render lacks`),
  );
}

/**
 * Values the form accepts but this golden path cannot honour: a part needs the runtime's own code
 * for them (requires.runtimeSupport) and runtime.yaml's `supports` does not list them. By field.
 */
export function unsupportedValues(
  parts: { contract: PartContract }[],
  supports: Record<string, string[]> | undefined,
  values: Readonly<Record<string, unknown>>,
): { field: string; message: string }[] {
  const issues = new Map<string, string>();
  for (const part of parts) {
    for (const [field, needSupport] of Object.entries(part.contract.requires.runtimeSupport)) {
      const value = values[field];
      if (typeof value !== 'string' || !needSupport.includes(value) || supports?.[field]?.includes(value)) continue;
      issues.set(field, `${JSON.stringify(value)} is not implemented by this golden path's runtime; choose another`);
    }
  }
  return [...issues].map(([field, message]) => ({ field, message }));
}
