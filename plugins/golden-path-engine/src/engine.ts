import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readYamlFile } from './yaml-file.js';
import { buildContext, type RenderContext } from './context.js';
import { GoldenPathError, ValuesError } from './errors.js';
import { computeFields } from './fields.js';
import { buildManifest, manifestText, MANIFEST_PATH, type Manifest } from './manifest.js';
import { renderSources, sha256, type PlannedFile } from './render.js';
import { validateAgainst } from './schema.js';
import { satisfies } from './semver.js';
import { listGoldenPaths, loadGoldenPath, type GoldenPath } from './template.js';
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

export interface ValidatedValues {
  values: Record<string, unknown>;
  context: RenderContext;
}

export interface EngineOptions {
  /** The folder holding the golden paths (templates/). */
  templatesRoot: string;
}

/** Renders golden paths: validate values, plan files (preview), write atomically. No network, no git. */
export class GoldenPathEngine {
  readonly templatesRoot: string;

  constructor(options: EngineOptions) {
    this.templatesRoot = resolve(options.templatesRoot);
  }

  list(): GoldenPathSummary[] {
    return listGoldenPaths(this.templatesRoot).map(gp => ({
      id: gp.id,
      title: gp.title,
      version: gp.version,
      description: gp.description,
      tags: gp.tags,
      parts: gp.parts.map(p => ({ id: p.id, version: p.version })),
    }));
  }

  /** Loads a golden path; `version` (x.y.z or a ^/~ range) must match the one available. */
  load(id: string, version?: string): GoldenPath {
    const gp = loadGoldenPath(this.templatesRoot, id);
    if (version && !satisfies(gp.version, version)) {
      throw new GoldenPathError(`golden path "${id}" is at version ${gp.version}; version ${version} is not available`);
    }
    return gp;
  }

  platform(): Record<string, unknown> {
    const file = join(this.templatesRoot, 'platform.yaml');
    return existsSync(file) ? readYamlFile(file) : {};
  }

  /** Validates values (defaults applied, unknown keys refused) and computes the render context. */
  validate(gp: GoldenPath, input: Record<string, unknown>): ValidatedValues {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ValuesError(gp.id, [{ field: '(values)', message: 'must be an object of field: value' }]);
    }
    const { values, issues } = validateAgainst(gp.parameters, input);
    const fields = issues.length ? { computed: {}, issues: [] } : computeFields(gp.parameters.properties, values);
    const all = [...issues, ...fields.issues];
    if (all.length) throw new ValuesError(gp.id, all);
    return { values, context: buildContext(gp, values, fields.computed, this.platform()) };
  }

  /** Renders in memory: the files that would be written, with sizes and hashes, and the manifest. */
  plan(id: string, input: Record<string, unknown>, options: { version?: string } = {}): RenderPlan {
    const gp = this.load(id, options.version);
    const { values, context } = this.validate(gp, input);
    const files = renderSources(
      [
        { id: 'skeleton', dir: gp.skeletonDir, target: '' },
        ...gp.parts.map(p => ({ id: `part:${p.id}`, dir: p.skeletonDir, target: p.target })),
      ],
      context,
    );
    if (files.some(f => f.path === MANIFEST_PATH))
      throw new GoldenPathError(`${MANIFEST_PATH} is reserved for the engine`);
    const manifest = buildManifest(gp, values, files);
    const content = Buffer.from(manifestText(manifest), 'utf8');
    const all = [
      ...files,
      { path: MANIFEST_PATH, mode: 0o644, size: content.length, sha256: sha256(content), source: 'engine', content },
    ].sort((a, b) => (a.path < b.path ? -1 : 1));
    return {
      template: { id: gp.id, version: gp.version },
      values,
      files: all,
      manifest,
      size: all.reduce((n, f) => n + f.size, 0),
    };
  }

  /** Writes a plan into `target` (absent or empty) atomically. */
  write(plan: RenderPlan, target: string): void {
    writeFiles(plan.files, target);
  }

  render(id: string, input: Record<string, unknown>, target: string, options: { version?: string } = {}): RenderPlan {
    const plan = this.plan(id, input, options);
    this.write(plan, target);
    return plan;
  }
}
