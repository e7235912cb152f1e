import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareVersions,
  MANIFEST_PATH,
  parseVersion,
  UnknownGoldenPathError,
  type FileClass,
  type GoldenPathEngine,
  readManifest,
  type RecordedManifest,
} from '@golden-path/engine';
import { gitText } from '@golden-path/node';

import { indexPaths } from './git-index.js';
import { Repo, type Snapshot } from './repo.js';

/** A generated file against what was rendered: unchanged, edited, gone; or a file the golden path did not render. */
export type DriftState = 'pristine' | 'modified' | 'deleted' | 'added';

export interface FileDrift {
  path: string;
  state: DriftState;
  /** The manifest's class; 'unknown' for a file the golden path did not render, or an old manifest without classes. */
  class: FileClass | 'unknown';
}

export interface DriftReport {
  repository: string;
  template: { id: string; version: string };
  /** The templates' version of the golden path, when they have it. */
  latest?: string;
  /** A newer version than the repository's is available. */
  behind: boolean;
  files: FileDrift[];
  /** Counts per state. */
  summary: Record<DriftState, number>;
  /** Managed files modified or deleted: drift from what the platform owns. */
  managedDrift: string[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A file's bytes, or undefined if there is no file (deleted, or a folder in its place). */
function readIfFile(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The report from a manifest, a way to read each file, and the paths present (awaited after the
 * files are hashed, so that a git process listing them runs meanwhile).
 */
async function report(
  repository: string,
  recorded: RecordedManifest,
  read: (path: string) => Buffer | undefined,
  present: Promise<string[]>,
  engine?: GoldenPathEngine,
  latestOf: (engine: GoldenPathEngine, id: string) => string | undefined = latestVersion,
): Promise<DriftReport> {
  const legacy =
    [...recorded.files.values()].some(f => !f.class) && engine ? classesToday(engine, recorded) : undefined;
  const files: FileDrift[] = [...recorded.files].map(([path, rec]) => {
    const content = read(path);
    const state: DriftState = !content ? 'deleted' : sha256(content) === rec.sha256 ? 'pristine' : 'modified';
    return { path, state, class: rec.class ?? legacy?.get(path) ?? 'unknown' };
  });
  for (const path of await present) {
    if (!recorded.files.has(path) && path !== MANIFEST_PATH) files.push({ path, state: 'added', class: 'unknown' });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const summary = { pristine: 0, modified: 0, deleted: 0, added: 0 };
  for (const f of files) summary[f.state]++;
  const latest = engine ? latestOf(engine, recorded.template.id) : undefined;
  return {
    repository,
    template: recorded.template,
    ...(latest ? { latest } : {}),
    behind: !!latest && compareVersions(parseVersion(latest)!, parseVersion(recorded.template.version)!) > 0,
    files,
    summary,
    managedDrift: files.filter(f => f.class === 'managed' && f.state !== 'pristine').map(f => f.path),
  };
}

/**
 * What has changed in a working copy since it was rendered, per file, from the manifest's hashes
 * (added: files git tracks that the golden path did not render): a hash of each file, and git's
 * index read in-process (a git process only for an index format that is not read that way).
 * `engine` tells whether a newer version exists.
 */
export async function drift(dir: string, engine?: GoldenPathEngine): Promise<DriftReport> {
  const repo = await Repo.open(dir);
  const tracked = indexPaths(repo.dir);
  const listing = tracked
    ? Promise.resolve(tracked)
    : gitText(['ls-files', '-z', '--cached'], { cwd: repo.dir }).then(out => out.split('\0').filter(Boolean));
  listing.catch(() => {}); // awaited in report(); a failure must not go unhandled meanwhile
  const recorded = readManifest(readIfFile(join(repo.dir, MANIFEST_PATH))?.toString('utf8'), repo.dir);
  return report(repo.dir, recorded, path => readIfFile(join(repo.dir, path)), listing, engine);
}

/** What a caller of `driftAt` may have at hand already. */
export interface DriftAtOptions {
  /** The commit's files, read already (`repo.snapshot(commit)`). */
  files?: Snapshot;
  /** The templates' version of a golden path (the catalog remembers it a while); by default the engine loads it. */
  latest?: (id: string) => string | undefined;
}

/** The same for a commit (a bare repository's main, on a remote): its files against its manifest. */
export async function driftAt(
  repo: Repo,
  commit: string,
  engine?: GoldenPathEngine,
  options: DriftAtOptions = {},
): Promise<DriftReport> {
  const files = options.files ?? (await repo.snapshot(commit));
  const recorded = readManifest(files.get(MANIFEST_PATH)?.content.toString('utf8'), repo.dir);
  const { latest } = options;
  return report(
    repo.dir,
    recorded,
    path => files.get(path)?.content,
    Promise.resolve([...files.keys()]),
    engine,
    latest ? (_, id) => latest(id) : undefined,
  );
}

/**
 * The classes of a manifest written before file classes existed: those the templates' version
 * declares for the same values (what an upgrade would apply), or none if it cannot render them.
 */
function classesToday(engine: GoldenPathEngine, recorded: RecordedManifest): Map<string, FileClass> | undefined {
  try {
    const plan = engine.plan(engine.prepare(engine.load(recorded.template.id), recorded.values));
    return new Map(plan.files.map(f => [f.path, f.class]));
  } catch {
    return undefined;
  }
}

function latestVersion(engine: GoldenPathEngine, id: string): string | undefined {
  try {
    return engine.load(id).version;
  } catch (e) {
    if (e instanceof UnknownGoldenPathError) return undefined;
    throw e;
  }
}
