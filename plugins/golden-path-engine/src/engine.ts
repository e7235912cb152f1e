import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readYamlFile } from './yaml-file.js';
import { buildContext, type RenderContext } from './context.js';
import { checkContract, missingRenderedFiles, unsupportedValues } from './contract.js';
import { TemplateError, UnknownGoldenPathError, ValuesError } from './errors.js';
import { BUILT_IN_DERIVERS, computeFields, deriverFor, type FieldDeriver } from './fields.js';
import { buildManifest, manifestText, MANIFEST_PATH, type Manifest } from './manifest.js';
import { nameValueProblem } from './names.js';
import { renderSources, sha256, type PlannedFile } from './render.js';
import { validateAgainst, validateField } from './schema.js';
import { satisfies } from './semver.js';
import { listGoldenPathIds, loadGoldenPath, type GoldenPath } from './template.js';
import { writeFiles } from './write.js';

export interface GoldenPathSummary {
  id: string;
  title: string;
  version: string;
  description: string;
  tags: string[];
  parts: { id: string; version: string }[];
}

export interface RenderPlan {
  template: { id: string; version: string };
  values: Record<string, unknown>;
  files: PlannedFile[];
  manifest: Manifest;
  /** Sum of file sizes, in bytes. */
  size: number;
}

/**
 * A golden path with values it accepts: validated once (defaults applied, types coerced, unknown
 * keys refused, derived values computed), frozen, ready for `plan`. Made only by `prepare`.
 */
export interface Prepared {
  readonly gp: GoldenPath;
  /** The values as validated. */
  readonly values: Readonly<Record<string, unknown>>;
  /** What the templates see. */
  readonly context: RenderContext;
}

export interface EngineOptions {
  /** The folder holding the golden paths (templates/). */
  templatesRoot: string;
  /** Derivers by `ui:field` (see `registerDeriver`), added to the built-in ones or replacing them. */
  derivers?: Record<string, FieldDeriver>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Renders golden paths: load, prepare (validate once), plan files (preview), write atomically. No network, no git. */
export class GoldenPathEngine {
  readonly templatesRoot: string;
  private readonly derivers = new Map<string, FieldDeriver>();
  /** What this engine's `prepare` made: `plan` takes nothing else, so nothing skips validation. */
  private readonly prepared = new WeakSet<Prepared>();

  constructor(options: EngineOptions) {
    this.templatesRoot = resolve(options.templatesRoot);
    for (const [uiField, derive] of Object.entries({ ...BUILT_IN_DERIVERS, ...options.derivers })) {
      this.registerDeriver(uiField, derive);
    }
  }

  /**
   * Computes `computed.<field>` for every field whose `ui:field` is `uiField` (a form picker), or
   * refuses its value with the deriver's `problem`. One deriver per `ui:field`.
   */
  registerDeriver(uiField: string, derive: FieldDeriver): void {
    if (this.derivers.has(uiField)) {
      throw new Error(`a deriver for ui:field "${uiField}" is registered already`);
    }
    this.derivers.set(uiField, derive);
  }

  /** The ids of the golden paths there are, sorted, without loading them. */
  ids(): string[] {
    return listGoldenPathIds(this.templatesRoot);
  }

  list(): GoldenPathSummary[] {
    return this.ids().map(id => {
      const gp = this.load(id);
      return {
        id: gp.id,
        title: gp.title,
        version: gp.version,
        description: gp.description,
        tags: gp.tags,
        parts: gp.parts.map(p => ({ id: p.id, version: p.version })),
      };
    });
  }

  /**
   * Loads a golden path; `version` (x.y.z or a ^/~ range) must match the one available. A golden
   * path that breaks its parts' contract (a field, runtime.yaml key or file a part requires) is a
   * TemplateError naming each missing item.
   */
  load(id: string, version?: string): GoldenPath {
    const gp = loadGoldenPath(this.templatesRoot, id);
    checkContract({ ...gp, properties: gp.parameters.properties }, uiField => this.derivers.has(uiField));
    if (version && !satisfies(gp.version, version)) {
      throw new UnknownGoldenPathError(id, listGoldenPathIds(this.templatesRoot), {
        wanted: version,
        available: gp.version,
      });
    }
    return gp;
  }

  platform(): Record<string, unknown> {
    const file = join(this.templatesRoot, 'platform.yaml');
    return existsSync(file) ? readYamlFile(file) : {};
  }

  /** Validates values (defaults applied, unknown keys refused) and computes the render context; throws ValuesError. */
  prepare(gp: GoldenPath, input: Record<string, unknown>): Prepared {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ValuesError(gp.id, [{ field: '(values)', message: 'must be an object of field: value' }]);
    }
    const { values, issues } = validateAgainst(gp.parameters, input);
    const fields = issues.length
      ? { computed: {}, issues: [] }
      : computeFields(this.derivers, gp.parameters.properties, values);
    const nameProblem = issues.length ? undefined : nameValueProblem(String(values[gp.nameField]));
    const all = [
      ...issues,
      ...fields.issues,
      ...(nameProblem ? [{ field: gp.nameField, message: nameProblem }] : []),
      ...(issues.length ? [] : unsupportedValues(gp.parts, gp.runtime?.supports, values)),
    ];
    if (all.length) throw new ValuesError(gp.id, all);
    deepFreeze(values);
    deepFreeze(fields.computed);
    const prepared = Object.freeze({
      gp,
      values,
      context: buildContext(gp, values, fields.computed, this.platform()),
    });
    this.prepared.add(prepared);
    return prepared;
  }

  /**
   * Is this value valid for this field of the golden path, and if not, why: the message full
   * validation would give (undefined: valid, or not given and optional). Rules between fields
   * (minimumField) are checked by `prepare` only.
   */
  fieldProblem(gp: GoldenPath, field: string, value: unknown): string | undefined {
    const checked = validateField(gp.parameters, field, value);
    if (checked.issues.length) {
      return checked.issues.map(i => (i.field === field ? i.message : `${i.field}: ${i.message}`)).join('; ');
    }
    if (field === gp.nameField && checked.value !== undefined) {
      const problem = nameValueProblem(String(checked.value));
      if (problem) return problem;
    }
    const unsupported = unsupportedValues(gp.parts, gp.runtime?.supports, { [field]: checked.value });
    if (unsupported.length) return unsupported[0]!.message;
    const schema = gp.parameters.properties[field]!;
    const derive = deriverFor(this.derivers, schema);
    const out = derive && checked.value !== undefined ? derive(checked.value, schema) : undefined;
    return out && 'problem' in out ? out.problem : undefined;
  }

  /** Renders in memory: the files that would be written, with sizes and hashes, and the manifest. */
  plan(prepared: Prepared): RenderPlan {
    if (!this.prepared.has(prepared)) throw new Error("plan takes what this engine's prepare returned");
    const { gp, values, context } = prepared;
    const files = renderSources(
      [
        { id: 'skeleton', dir: gp.skeletonDir, target: '', classes: gp.classes },
        ...gp.parts.map(p => ({ id: `part:${p.id}`, dir: p.skeletonDir, target: p.target, classes: p.classes })),
      ],
      context,
    );
    if (files.some(f => f.path === MANIFEST_PATH))
      throw new TemplateError(`${MANIFEST_PATH} is reserved for the engine`);
    const missing = missingRenderedFiles(gp.parts, new Set(files.map(f => f.path)));
    if (missing.length) throw new TemplateError(`${gp.id}: ${missing.join('; ')}`);
    const manifest = buildManifest(gp, values, files);
    const content = Buffer.from(manifestText(manifest), 'utf8');
    const all = [
      ...files,
      // The engine's own record: an upgrade always writes the new version's.
      {
        path: MANIFEST_PATH,
        mode: 0o644,
        size: content.length,
        sha256: sha256(content),
        source: 'engine',
        class: 'managed' as const,
        content,
      },
    ].sort((a, b) => (a.path < b.path ? -1 : 1));
    return {
      template: { id: gp.id, version: gp.version },
      values,
      files: all,
      manifest,
      size: all.reduce((n, f) => n + f.size, 0),
    };
  }

  /** Writes a plan into `target` (absent or empty) atomically; throws TargetError. */
  write(plan: RenderPlan, target: string): void {
    writeFiles(plan.files, target);
  }

  /** `plan` then `write`. */
  render(prepared: Prepared, target: string): RenderPlan {
    const plan = this.plan(prepared);
    this.write(plan, target);
    return plan;
  }
}
