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
import { BASE_BRANCH } from '@golden-path/node';
import { changesBetween, driftAt, readChangelog, Repo } from '@golden-path/upgrade';

/**
 * The golden-path status of a bare repository's commit (a remote's main), as the annotations the
 * catalog keeps: the manifest's version, the version the repository was created from, the latest
 * version and how many releases behind it is, and its drift per file class. Throws the engine's
 * ManifestError for a manifest that cannot be read.
 */
export async function statusAnnotations(
  gitDir: string,
  commit: string,
  engine: GoldenPathEngine,
): Promise<Record<string, string>> {
  const repo = await Repo.open(gitDir);
  const report = await driftAt(repo, commit, engine);
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
  const createdFrom = await createdFromVersion(repo, gitDir);
  if (createdFrom) annotations[ANNOTATION_CREATED_FROM] = createdFrom;
  if (report.latest) {
    annotations[ANNOTATION_LATEST] = report.latest;
    annotations[ANNOTATION_STATUS] = report.behind ? 'behind' : 'up-to-date';
    const behind = report.behind ? releasesBetween(engine, id, version, report.latest) : 0;
    if (behind !== undefined) annotations[ANNOTATION_BEHIND] = String(behind);
  }
  return annotations;
}

/** The version of golden-path/base's first commit: the render the repository was created from. */
async function createdFromVersion(repo: Repo, gitDir: string): Promise<string | undefined> {
  if (!(await repo.commitOf(`refs/heads/${BASE_BRANCH}`))) return undefined;
  const first = (await repo.history(`refs/heads/${BASE_BRANCH}`)).at(-1)!;
  const text = (await repo.fileAt(first, MANIFEST_PATH))?.toString('utf8');
  try {
    return readManifest(text, gitDir).template.version;
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
