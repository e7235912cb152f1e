import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, parseVersion, parseYamlFile, TemplateError, type GoldenPath } from '@golden-path/engine';

/**
 * templates/<id>/migrations/<version>.yaml: what a repository needs when it crosses <version>,
 * as data (templates are data; nothing a golden path ships is executed):
 *   values.rename: { oldField: newField }   the recorded value moves to the new field
 *   files.move:    { old/path: new/path }    the owners' edits follow the file to its new path
 */
export interface Migration {
  version: string;
  renameValues: Record<string, string>;
  moveFiles: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || Object.values(value).some(v => typeof v !== 'string' || !v)) {
    throw new TemplateError(`${where} must map names to names`);
  }
  return value as Record<string, string>;
}

function readMigration(file: string, version: string): Migration {
  const doc = parseYamlFile(file);
  if (!isObject(doc) || Object.keys(doc).some(k => k !== 'values' && k !== 'files')) {
    throw new TemplateError(`${file} must be a mapping with values.rename and/or files.move`);
  }
  const values = doc.values ?? {};
  const files = doc.files ?? {};
  if (!isObject(values) || Object.keys(values).some(k => k !== 'rename')) {
    throw new TemplateError(`${file}: values may only hold rename`);
  }
  if (!isObject(files) || Object.keys(files).some(k => k !== 'move')) {
    throw new TemplateError(`${file}: files may only hold move`);
  }
  return {
    version,
    renameValues: stringMap(values.rename, `${file}: values.rename`),
    moveFiles: stringMap(files.move, `${file}: files.move`),
  };
}

/** The migrations of the versions after `from` up to and including `to`, oldest first. */
export function migrationsBetween(gp: GoldenPath, from: string, to: string): Migration[] {
  const dir = join(gp.dir, 'migrations');
  if (!existsSync(dir)) return [];
  const [a, b] = [parseVersion(from)!, parseVersion(to)!];
  return readdirSync(dir)
    .map(name => ({ name, version: name.replace(/\.yaml$/, '') }))
    .filter(({ name, version }) => {
      const v = parseVersion(version);
      if (!name.endsWith('.yaml') || !v)
        throw new TemplateError(`${join(dir, name)}: migrations are named <x.y.z>.yaml`);
      return compareVersions(v, a) > 0 && compareVersions(v, b) <= 0;
    })
    .sort((x, y) => compareVersions(parseVersion(x.version)!, parseVersion(y.version)!))
    .map(({ name, version }) => readMigration(join(dir, name), version));
}

/** Applies the value renames in order; returns the values and what moved where. */
export function migrateValues(
  values: Record<string, unknown>,
  migrations: Migration[],
): { values: Record<string, unknown>; renamed: Record<string, string> } {
  const out = { ...values };
  const renamed: Record<string, string> = {};
  for (const m of migrations) {
    for (const [from, to] of Object.entries(m.renameValues)) {
      if (!(from in out)) continue;
      out[to] = out[from];
      delete out[from];
      renamed[from] = to;
    }
  }
  return { values: out, renamed };
}

/** Where a path of the old version lives in the new one, after every file move. */
export function movedPath(path: string, migrations: Migration[]): string {
  return migrations.reduce((p, m) => m.moveFiles[p] ?? p, path);
}
