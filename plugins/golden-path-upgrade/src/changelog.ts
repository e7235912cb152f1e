import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, parseVersion, parseYamlFile, TemplateError, type GoldenPath } from '@golden-path/engine';

/** One release of a golden path: what changed for the services made from it. */
export interface ChangelogEntry {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  changes: string[];
}

export const CHANGELOG_FILE = 'changelog.yaml';

/**
 * Reads templates/<id>/changelog.yaml: every released version, newest first. It is also the list
 * of versions that ever existed, so its first entry must be the golden path's current version.
 */
export function readChangelog(gp: GoldenPath): ChangelogEntry[] {
  const file = join(gp.dir, CHANGELOG_FILE);
  if (!existsSync(file)) throw new TemplateError(`${file} is missing: each golden path keeps a changelog per version`);
  const doc = parseYamlFile(file);
  if (!Array.isArray(doc) || !doc.length) throw new TemplateError(`${file} must be a list of releases, newest first`);
  const entries = doc.map((e: Record<string, unknown>, i) => {
    const where = `${file}: entry ${i + 1}`;
    if (!e || typeof e !== 'object') throw new TemplateError(`${where} must be a mapping`);
    if (typeof e.version !== 'string' || !parseVersion(e.version))
      throw new TemplateError(`${where}: version must be x.y.z`);
    if (typeof e.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) {
      throw new TemplateError(`${where}: date must be YYYY-MM-DD (quoted)`);
    }
    if (!Array.isArray(e.changes) || !e.changes.length || e.changes.some(c => typeof c !== 'string' || !c)) {
      throw new TemplateError(`${where}: changes must be a list of sentences`);
    }
    return { version: e.version, date: e.date, changes: e.changes as string[] };
  });
  entries.forEach((e, i) => {
    const older = entries[i + 1];
    if (older && compareVersions(parseVersion(e.version)!, parseVersion(older.version)!) <= 0) {
      throw new TemplateError(`${file}: ${e.version} is listed above ${older.version}: newest first, each once`);
    }
  });
  if (entries[0]!.version !== gp.version) {
    throw new TemplateError(
      `${file}: the newest entry must be ${gp.id}'s version ${gp.version} (it is ${entries[0]!.version})`,
    );
  }
  return entries;
}

/** The entries after `from` up to and including `to`, newest first: what an upgrade brings. */
export function changesBetween(log: ChangelogEntry[], from: string, to: string): ChangelogEntry[] {
  const [a, b] = [parseVersion(from)!, parseVersion(to)!];
  return log.filter(e => {
    const v = parseVersion(e.version)!;
    return compareVersions(v, a) > 0 && compareVersions(v, b) <= 0;
  });
}
