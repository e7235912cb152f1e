import {
  ANNOTATION_BEHIND,
  ANNOTATION_COMMIT,
  ANNOTATION_CREATED_FROM,
  ANNOTATION_DRIFT,
  ANNOTATION_LATEST,
  ANNOTATION_MANAGED_DRIFT,
  ANNOTATION_STATUS,
  ANNOTATION_VERSION,
  formatDrift,
  type DriftCounts,
} from '@golden-path/common';
import { MANIFEST_PATH, readManifest, type GoldenPathEngine } from '@golden-path/engine';
import { gitText } from '@golden-path/node';
import { changesBetween, driftAt, readChangelog, Repo } from '@golden-path/upgrade';

/** What the caller knows of the repository already. */
export interface StatusContext {
  /** golden-path/base's commit, undefined when there is no such branch. */
  base?: string;
  /** golden-path/base's first commit when the caller knows it (a base with no parent is its own): not looked up again. */
  origin?: string;
  /** The templates' version of a golden path (remembered a while by the caller); by default the engine loads it. */
  latest?: (id: string) => string | undefined;
}

/**
 * The golden-path status of a bare repository's commit (a remote's main), as the annotations the
 * catalog keeps: the manifest's version, the version the repository was created from, the latest
 * version and how many releases behind it is, and its drift per file class. Throws the engine's
 * ManifestError for a manifest that cannot be read. The commit's files and golden-path/base's first
 * commit are read at once (three git processes, two when the caller knows the origin; a repository
 * just created, whose base is its only commit, needs nothing more, its manifest parsed once): the registration of a new service waits
 * for this, in the catalog's dry run.
 */
export async function statusAnnotations(
  gitDir: string,
  commit: string,
  engine: GoldenPathEngine,
  context: StatusContext = {},
): Promise<Record<string, string>> {
  const repo = Repo.bare(gitDir);
  const [files, origin] = await Promise.all([
    repo.snapshot(commit),
    context.origin ?? firstCommit(gitDir, context.base),
  ]);
  const report = await driftAt(repo, commit, engine, { files, latest: context.latest });
  const { id, version } = report.template;
  const drifted: DriftCounts = {};
  for (const f of report.files) {
    if (f.state === 'modified' || f.state === 'deleted') drifted[f.class] = (drifted[f.class] ?? 0) + 1;
  }
  const annotations: Record<string, string> = {
    [ANNOTATION_VERSION]: version,
    [ANNOTATION_DRIFT]: formatDrift(drifted),
    [ANNOTATION_MANAGED_DRIFT]: String(report.managedDrift.length > 0),
    [ANNOTATION_COMMIT]: commit,
  };
  // A repository just created: its base's first commit is this one, whose manifest is read already.
  const createdFrom = origin === commit ? version : origin && (await originVersion(repo, origin));
  if (createdFrom) annotations[ANNOTATION_CREATED_FROM] = createdFrom;
  if (report.latest) {
    annotations[ANNOTATION_LATEST] = report.latest;
    annotations[ANNOTATION_STATUS] = report.behind ? 'behind' : 'up-to-date';
    const behind = report.behind ? releasesBetween(engine, id, version, report.latest) : 0;
    if (behind !== undefined) annotations[ANNOTATION_BEHIND] = String(behind);
  }
  return annotations;
}

/** golden-path/base's first commit (along first parents): the render the repository was created from. */
async function firstCommit(gitDir: string, base: string | undefined): Promise<string | undefined> {
  if (!base) return undefined;
  const roots = await gitText(['--git-dir', gitDir, 'rev-list', '--first-parent', '--max-parents=0', base]);
  return roots.split('\n')[0] || undefined;
}

/** The version the first commit's manifest records; undefined when unreadable. */
async function originVersion(repo: Repo, origin: string): Promise<string | undefined> {
  const text = await repo.fileAt(origin, MANIFEST_PATH);
  try {
    return readManifest(text?.toString('utf8'), repo.dir).template.version;
  } catch {
    return undefined; // a base without a readable manifest says nothing about the origin
  }
}

/** Releases after `from` up to `to` in the golden path's changelog; undefined if it cannot be read. */
function releasesBetween(engine: GoldenPathEngine, id: string, from: string, to: string): number | undefined {
  try {
    return changesBetween(readChangelog(engine.load(id)), from, to).length;
  } catch {
    return undefined;
  }
}
