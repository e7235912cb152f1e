import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GoldenPathError, ManifestError, type GoldenPathEngine } from '@golden-path/engine';
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

/** The bare repositories under a remote's root, laid out <owner>/<name>.git (the embedded remote's layout). */
export function fleetRepositories(root: string): string[] {
  const owners = readdirSync(root, { withFileTypes: true }).filter(d => d.isDirectory() && !d.name.startsWith('.'));
  return owners
    .flatMap(o =>
      readdirSync(join(root, o.name), { withFileTypes: true })
        .filter(d => d.isDirectory() && d.name.endsWith('.git') && !d.name.startsWith('.'))
        .map(d => `${o.name}/${d.name}`),
    )
    .filter(r => existsSync(join(root, r, 'HEAD')))
    .sort();
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
  name: string,
  engine: GoldenPathEngine,
  mode: { upgrade: boolean; dryRun: boolean },
): Promise<FleetEntry> {
  const dir = join(root, name);
  const repository = name.replace(/\.git$/, '');
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
 * Every repository under a remote's root: status (template, version, how far behind, managed
 * drift), or with `upgrade` the outcome of upgrading each one that is behind: the upgrade branch is
 * written into the bare repository itself (the pull request's branch), or only classified with `dryRun`.
 */
export async function fleet(
  root: string,
  engine: GoldenPathEngine,
  mode: { upgrade?: boolean; dryRun?: boolean } = {},
): Promise<FleetEntry[]> {
  const repos = fleetRepositories(root);
  return inPool(repos, 4, name => entry(root, name, engine, { upgrade: !!mode.upgrade, dryRun: !!mode.dryRun }));
}
