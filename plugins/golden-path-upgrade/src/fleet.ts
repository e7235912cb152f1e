import { join } from 'node:path';
import { GoldenPathError, ManifestError, type GoldenPathEngine } from '@golden-path/engine';
import { listRepositories, type RepositoryName } from '@golden-path/node';
import { changesBetween } from './changelog.js';
import { driftAt } from './drift.js';
import { Repo } from './repo.js';
import { checkRecordedVersion, upgrade, type UpgradeStatus } from './upgrade.js';

/** One repository of a fleet: where it stands, and what an upgrade did or would do. */
export interface FleetEntry {
  /** owner/name */
  repository: string;
  template?: string;
  version?: string;
  latest?: string;
  /** Releases between the repository's version and the latest. */
  behindBy?: number;
  /** Managed files modified or deleted on main. */
  managedDrift?: string[];
  /**
   * status: up-to-date or behind; upgrade: up-to-date, clean, auto-merged or conflicts (see
   * UpgradeStatus); refused (the reason in `detail`); or not a repository made from a golden path.
   */
  outcome: UpgradeStatus | 'behind' | 'refused' | 'not-generated';
  detail?: string;
  /** The upgrade branch made (or that a dry run would make), and its conflicted files. */
  branch?: string;
  conflicts?: string[];
}

/** Runs `fn` over the items, `width` at a time, keeping their order. */
async function inPool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function entry(
  root: string,
  { owner, name }: RepositoryName,
  engine: GoldenPathEngine,
  mode: { upgrade: boolean; dryRun: boolean },
): Promise<FleetEntry> {
  const dir = join(root, owner, `${name}.git`);
  const repository = `${owner}/${name}`;
  try {
    const repo = await Repo.open(dir);
    const main = await repo.commitOf('refs/heads/main');
    if (!main) return { repository, outcome: 'not-generated', detail: 'no branch main' };
    const report = await driftAt(repo, main, engine);
    const { id, version } = report.template;
    const known: FleetEntry = {
      repository,
      template: id,
      version,
      managedDrift: report.managedDrift,
      outcome: 'refused',
    };
    let changelog;
    try {
      changelog = checkRecordedVersion(engine.load(id), version, dir);
    } catch (e) {
      if (e instanceof GoldenPathError) return { ...known, detail: e.message };
      throw e;
    }
    const latest = report.latest!;
    const base: FleetEntry = {
      ...known,
      latest,
      behindBy: changesBetween(changelog, version, latest).length,
      outcome: report.behind ? 'behind' : 'up-to-date',
    };
    if (!mode.upgrade || !report.behind) return base;
    const result = await upgrade({ engine, dir, dryRun: mode.dryRun });
    return {
      ...base,
      outcome: result.status,
      ...(result.branch ? { branch: result.branch } : {}),
      conflicts: result.conflicts.map(c => `${c.path} (${c.class})`),
    };
  } catch (e) {
    if (e instanceof ManifestError && /is missing/.test(e.message)) {
      return { repository, outcome: 'not-generated', detail: e.message };
    }
    if (e instanceof GoldenPathError) return { repository, outcome: 'refused', detail: e.message };
    throw e;
  }
}

/**
 * Every repository under a remote's root (the embedded remote's layout, <owner>/<name>.git): status (template, version, how far behind, managed
 * drift), or with `upgrade` the outcome of upgrading each one that is behind: the upgrade branch is
 * written into the bare repository itself (the pull request's branch), or only classified with `dryRun`.
 */
export async function fleet(
  root: string,
  engine: GoldenPathEngine,
  mode: { upgrade?: boolean; dryRun?: boolean } = {},
): Promise<FleetEntry[]> {
  const repos = listRepositories(root);
  return inPool(repos, 4, repo => entry(root, repo, engine, { upgrade: !!mode.upgrade, dryRun: !!mode.dryRun }));
}
