import {
  compareVersions,
  MANIFEST_PATH,
  parseVersion,
  type FileClass,
  type GoldenPath,
  type GoldenPathEngine,
  type RenderPlan,
  readManifest,
  type RecordedManifest,
} from '@golden-path/engine';
import { BASE_BRANCH } from '@golden-path/node';
import { baseBranch, checkAdoptable, findBaseCommit, planSnapshot, sameSnapshot } from './base.js';
import { changesBetween, readChangelog, type ChangelogEntry } from './changelog.js';
import { moveBranches, writeCommit } from './commit.js';
import { UpgradeRefused } from './errors.js';

import { mergeFile, type ConflictReason, type FileMerge } from './merge.js';
import { gitMergeText } from './merge-text.js';
import { migrationsBetween, movedPath, type Migration } from './migrations.js';
import { Repo, type Snapshot, type StoredFile } from './repo.js';
import { carryValues, type ValueChanges } from './values.js';

export interface UpgradeOptions {
  engine: GoldenPathEngine;
  /** The working clone (any folder inside it). */
  dir: string;
  /** The version wanted; the templates' version when absent (they hold one version per golden path). */
  to?: string;
  /** Values over the recorded ones: new required fields, changes (--values, --set, the form). */
  values?: Record<string, unknown>;
  /** Decide everything, write nothing (no object, no branch). */
  dryRun?: boolean;
  /** The branch the service lives on; default main. */
  mainBranch?: string;
}

/**
 * up-to-date: already at the version (nothing done); clean: only files the owners had not changed
 * needed the new version; auto-merged: owners' and golden path's changes merged without conflict;
 * conflicts: some files are committed with conflict markers or need a decision (see `conflicts`).
 */
export type UpgradeStatus = 'up-to-date' | 'clean' | 'auto-merged' | 'conflicts';

export interface UpgradeResult {
  status: UpgradeStatus;
  repository: string;
  template: string;
  from: string;
  to: string;
  dryRun: boolean;
  /** golden-path/base was made now from a render of the recorded version (a repository older than the branch). */
  adopted: boolean;
  /** The upgrade branch (golden-path/upgrade-<version>) and its one commit, off main. */
  branch?: string;
  commit?: string;
  /** The new golden-path/base commit: the pure render of the new version. */
  base?: string;
  /** Every file the upgrade changes or has to report, with its class and outcome. */
  files: Omit<FileMerge, 'result'>[];
  conflicts: { path: string; class: FileClass; reason: ConflictReason; hunks?: number }[];
  /** Managed files changed locally (drift), replaced by the new version. */
  overwritten: { path: string; class: FileClass }[];
  values: ValueChanges;
  /** The changelog entries after `from` up to `to`, newest first. */
  changelog: ChangelogEntry[];
}

export function upgradeBranchName(version: string): string {
  return `golden-path/upgrade-${version}`;
}

const noValueChanges = (): ValueChanges => ({ added: {}, dropped: {}, renamed: {}, changed: {} });

/** Checks that nothing is in the way and reads what main records; throws UpgradeRefused. */
async function readRepository(dir: string, mainBranch: string) {
  const repo = await Repo.open(dir);
  const changes = await repo.changes();
  if (changes.length) {
    const sample = changes.slice(0, 3).map(c => c.slice(3));
    throw new UpgradeRefused(
      'dirty',
      `${repo.dir} has uncommitted changes (${changes.length}: ${sample.join(', ')}${changes.length > 3 ? ', …' : ''}): commit or stash them first`,
      repo.dir,
    );
  }
  const main = await repo.commitOf(`refs/heads/${mainBranch}`);
  if (!main) throw new UpgradeRefused('not-a-repository', `${repo.dir} has no branch ${mainBranch}`, repo.dir);
  const recorded = readManifest((await repo.fileAt(main, MANIFEST_PATH))?.toString('utf8'), repo.dir);
  return { repo, main, recorded };
}

/**
 * Refuses a recorded version newer than the templates' (a downgrade) or one that never existed;
 * returns the golden path's changelog.
 */
export function checkRecordedVersion(gp: GoldenPath, from: string, dir: string): ChangelogEntry[] {
  if (compareVersions(parseVersion(gp.version)!, parseVersion(from)!) < 0) {
    throw new UpgradeRefused('downgrade', `${gp.id} ${from} is newer than ${gp.version}: a downgrade is refused`, dir);
  }
  const changelog = readChangelog(gp);
  if (!changelog.some(e => e.version === from)) {
    throw new UpgradeRefused(
      'unknown-version',
      `${MANIFEST_PATH} records ${gp.id} ${from}, a version that never existed (released: ${changelog.map(e => e.version).join(', ')})`,
      dir,
    );
  }
  return changelog;
}

/** The golden path main records and the version to go to; refuses a version that never existed or a downgrade. */
function chooseVersions(engine: GoldenPathEngine, recorded: RecordedManifest, to: string | undefined, dir: string) {
  const gp = engine.load(recorded.template.id); // UnknownGoldenPathError: a manifest naming no golden path
  const from = recorded.template.version;
  const changelog = checkRecordedVersion(gp, from, dir);
  if (to !== undefined && to !== gp.version) {
    throw new UpgradeRefused(
      'version-unavailable',
      `${gp.id} ${to} is not available: the templates hold ${gp.id} ${gp.version}`,
      dir,
    );
  }
  return { gp, changelog, from, upToDate: gp.version === from };
}

/** Moves a snapshot's files along the migrations' file moves (old path → new path). */
function moveFiles<T>(files: Map<string, T>, migrations: Migration[]): Map<string, T> {
  if (!migrations.some(m => Object.keys(m.moveFiles).length)) return files;
  return new Map([...files].map(([p, f]) => [movedPath(p, migrations), f]));
}

/** Decides every file the golden path renders, in either version; the rest of main is the owners'. */
async function mergeAll(
  gp: GoldenPath,
  plan: RenderPlan,
  sides: { base: Snapshot; ours: Snapshot; baseClasses: Map<string, FileClass> },
  migrations: Migration[],
  from: string,
): Promise<{ merges: FileMerge[]; changes: Map<string, StoredFile | null> }> {
  const theirs = planSnapshot(plan);
  const base = moveFiles(sides.base, migrations);
  const ours = moveFiles(sides.ours, migrations);
  const classes = new Map(plan.files.map(f => [f.path, f.class]));
  const mergeText = gitMergeText({
    ours: 'main',
    base: `${BASE_BRANCH} (${gp.id} ${from})`,
    theirs: `${gp.id} ${gp.version}`,
  });
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].filter(p => p !== MANIFEST_PATH).sort();
  const merges: FileMerge[] = [];
  for (const path of paths) {
    const cls = classes.get(path) ?? sides.baseClasses.get(path) ?? 'merged';
    merges.push(
      await mergeFile(path, cls, { base: base.get(path), ours: ours.get(path), theirs: theirs.get(path) }, mergeText),
    );
  }
  const changes = new Map<string, StoredFile | null>();
  // A moved file leaves its old path; the owners' copy follows it unless the merge wrote it anew.
  for (const [path] of sides.ours) if (movedPath(path, migrations) !== path) changes.set(path, null);
  for (const m of merges) {
    if (m.result !== undefined) changes.set(m.path, m.result);
    else if (ours.has(m.path) && !sides.ours.has(m.path)) changes.set(m.path, ours.get(m.path)!);
  }
  changes.set(MANIFEST_PATH, theirs.get(MANIFEST_PATH)!);
  return { merges, changes };
}

function statusOf(merges: FileMerge[]): UpgradeStatus {
  if (merges.some(m => m.outcome === 'conflict')) return 'conflicts';
  return merges.some(m => m.outcome === 'merged') ? 'auto-merged' : 'clean';
}

function commitMessage(r: UpgradeResult): string {
  const lines = [`Upgrade to ${r.template} ${r.to} (from ${r.from})`, ''];
  if (r.conflicts.length) {
    lines.push('Conflicts (committed with markers or needing a decision; resolve before merging):');
    for (const c of r.conflicts)
      lines.push(`  ${c.path} (${c.class}): ${c.reason}${c.hunks ? `, ${c.hunks} hunk(s)` : ''}`);
  }
  if (r.overwritten.length) {
    lines.push('Managed files changed locally, replaced by the new version:');
    for (const o of r.overwritten) lines.push(`  ${o.path}`);
  }
  for (const e of r.changelog) lines.push(`${r.template} ${e.version} (${e.date}):`, ...e.changes.map(c => `  - ${c}`));
  return `${lines.join('\n').trim()}\n`;
}

/**
 * Upgrades a working clone to the templates' version of its golden path: renders the new version
 * (a new commit on golden-path/base) and merges it, file by file by class, into one commit on a new
 * branch golden-path/upgrade-<version> off main. Never touches main, the index or the work tree;
 * conflicts are committed with standard markers and listed, never left in an index.
 */
export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const { engine, dryRun = false } = options;
  const { repo, main, recorded } = await readRepository(options.dir, options.mainBranch ?? 'main');
  const { gp, changelog, from, upToDate } = chooseVersions(engine, recorded, options.to, repo.dir);
  const branch = await baseBranch(repo);
  const result: UpgradeResult = {
    status: 'up-to-date',
    repository: repo.dir,
    template: gp.id,
    from,
    to: gp.version,
    dryRun,
    adopted: false,
    files: [],
    conflicts: [],
    overwritten: [],
    values: noValueChanges(),
    changelog: changesBetween(changelog, from, gp.version),
  };
  if (upToDate) {
    if (branch) return result;
    // Adoption: the templates hold exactly the recorded version, so its render is the base.
    const plan = engine.plan(engine.prepare(gp, recorded.values));
    checkAdoptable(plan, recorded, repo.dir);
    if (!dryRun) {
      const commit = await writeCommit(repo.dir, {
        changes: planSnapshot(plan),
        parents: [],
        message: `Render ${gp.id} ${from}: the base of later upgrades (adopted)\n`,
      });
      await moveBranches(repo.dir, [{ ref: `refs/heads/${BASE_BRANCH}`, to: commit, old: null }]);
      result.base = commit;
    }
    return { ...result, adopted: true };
  }
  if (!branch) {
    throw new UpgradeRefused(
      'no-base',
      `no ${BASE_BRANCH} branch (nor origin's): fetch it (git fetch origin ${BASE_BRANCH}:${BASE_BRANCH}), or adopt the repository first with the templates of ${gp.id} ${from} (golden-path upgrade --templates DIR)`,
      repo.dir,
    );
  }
  const baseCommit = await findBaseCommit(repo, branch, recorded);
  const upgradeRef = `refs/heads/${upgradeBranchName(gp.version)}`;
  if (await repo.commitOf(upgradeRef)) {
    throw new UpgradeRefused(
      'branch-exists',
      `${upgradeBranchName(gp.version)} exists already (an earlier upgrade): merge or delete it first`,
      repo.dir,
    );
  }
  const migrations = migrationsBetween(gp, from, gp.version);
  const { prepared, changes: valueChanges } = carryValues(
    engine,
    gp,
    recorded.values,
    migrations,
    options.values ?? {},
  );
  const plan = engine.plan(prepared);
  const [base, ours] = await Promise.all([repo.snapshot(baseCommit), repo.snapshot(main)]);
  const baseManifest = readManifest(base.get(MANIFEST_PATH)?.content.toString('utf8'), repo.dir);
  const baseClasses = new Map(
    [...baseManifest.files].flatMap(([p, f]) => (f.class ? [[movedPath(p, migrations), f.class] as const] : [])),
  );
  const { merges, changes } = await mergeAll(gp, plan, { base, ours, baseClasses }, migrations, from);
  const reported = merges.filter(m => m.outcome !== 'unchanged' && m.outcome !== 'kept');
  Object.assign(result, {
    status: statusOf(merges),
    values: valueChanges,
    files: reported.map(({ result: _, ...m }) => m),
    conflicts: reported
      .filter(m => m.outcome === 'conflict')
      .map(m => ({ path: m.path, class: m.class, reason: m.reason!, ...(m.hunks ? { hunks: m.hunks } : {}) })),
    overwritten: reported.filter(m => m.outcome === 'overwritten').map(m => ({ path: m.path, class: m.class })),
    branch: upgradeBranchName(gp.version),
  });
  if (dryRun) return result;

  const theirs = planSnapshot(plan);
  const tipFiles = branch.tip === baseCommit ? base : await repo.snapshot(branch.tip);
  const newBase = sameSnapshot(tipFiles, theirs)
    ? branch.tip // a render of this version is already there (an upgrade branch deleted and made again)
    : await writeCommit(repo.dir, {
        changes: theirs,
        parents: [branch.tip],
        message: `Render ${gp.id} ${gp.version}: the base of later upgrades\n`,
      });
  const commit = await writeCommit(repo.dir, { start: main, changes, parents: [main], message: commitMessage(result) });
  await moveBranches(repo.dir, [
    ...(newBase !== branch.local ? [{ ref: `refs/heads/${BASE_BRANCH}`, to: newBase, old: branch.local }] : []),
    { ref: upgradeRef, to: commit, old: null },
  ]);
  return { ...result, commit, base: newBase };
}
