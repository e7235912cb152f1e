/**
 * Day 2 for repositories created from golden paths: `upgrade` (three-way merge by file class
 * against golden-path/base, onto a new branch) and `drift` (each generated file against its render).
 */
export { upgrade, upgradeBranchName, type UpgradeOptions, type UpgradeResult, type UpgradeStatus } from './upgrade.js';
export { drift, driftAt, type DriftAtOptions, type DriftReport, type DriftState, type FileDrift } from './drift.js';
export { fleet, type FleetEntry } from './fleet.js';
export { UpgradeRefused, type RefusalReason } from './errors.js';
export { Repo, type Snapshot } from './repo.js';
export { readChangelog, changesBetween, CHANGELOG_FILE, type ChangelogEntry } from './changelog.js';
export { migrationsBetween, type Migration } from './migrations.js';
export type { ValueChanges } from './values.js';
export type { ConflictReason, FileMerge, Outcome } from './merge.js';
export { writeCommit, type CommitSpec } from './commit.js';
