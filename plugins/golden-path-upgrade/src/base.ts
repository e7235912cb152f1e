import { MANIFEST_PATH, type RenderPlan, readManifest, type RecordedManifest } from '@golden-path/engine';
import { BASE_BRANCH } from '@golden-path/node';
import { UpgradeRefused } from './errors.js';

import type { Repo, Snapshot } from './repo.js';

const LOCAL = `refs/heads/${BASE_BRANCH}`;
const REMOTE = `refs/remotes/origin/${BASE_BRANCH}`;

/** Where golden-path/base is: the local branch, else origin's (a fresh clone has only that). */
export interface BaseBranch {
  tip: string;
  /** The local branch's commit, null when only origin's exists. */
  local: string | null;
}

export async function baseBranch(repo: Repo): Promise<BaseBranch | undefined> {
  const local = await repo.commitOf(LOCAL);
  if (local) return { tip: local, local };
  const remote = await repo.commitOf(REMOTE);
  return remote ? { tip: remote, local: null } : undefined;
}

/** The manifest a base commit holds, or undefined if it has none that reads. */
async function manifestAt(repo: Repo, commit: string): Promise<RecordedManifest | undefined> {
  try {
    return readManifest((await repo.fileAt(commit, MANIFEST_PATH))?.toString('utf8'), repo.dir);
  } catch {
    return undefined;
  }
}

/**
 * The render main's manifest was made from: the newest commit of golden-path/base that records the
 * same golden path and version (later ones may be renders of upgrades not merged yet).
 */
export async function findBaseCommit(repo: Repo, branch: BaseBranch, recorded: RecordedManifest): Promise<string> {
  const { id, version } = recorded.template;
  const found: string[] = [];
  for (const commit of await repo.history(branch.tip)) {
    const m = await manifestAt(repo, commit);
    if (m?.template.id === id && m.template.version === version) return commit;
    if (m) found.push(`${m.template.id} ${m.template.version}`);
  }
  throw new UpgradeRefused(
    'no-base',
    `${BASE_BRANCH} has no render of ${id} ${version}, the version main records (it has: ${found.join(', ') || 'none'})`,
    repo.dir,
  );
}

/** A plan's files as git would store them. */
export function planSnapshot(plan: RenderPlan): Snapshot {
  return new Map(plan.files.map(f => [f.path, { mode: f.mode & 0o111 ? 0o755 : 0o644, content: f.content }]));
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [path, f] of a) {
    const g = b.get(path);
    if (!g || g.mode !== f.mode || !g.content.equals(f.content)) return false;
  }
  return true;
}

/**
 * Adoption of a repository made before golden-path/base existed: today's render of the recorded
 * version and values is its base only if it is exactly what the repository was created from,
 * file for file by the manifest's hashes (the manifest itself aside); otherwise it is refused.
 */
export function checkAdoptable(plan: RenderPlan, recorded: RecordedManifest, dir: string): void {
  const rendered = plan.files.filter(f => f.path !== MANIFEST_PATH);
  const differ = rendered.filter(f => recorded.files.get(f.path)?.sha256 !== f.sha256).map(f => f.path);
  const gone = [...recorded.files.keys()].filter(p => !rendered.some(f => f.path === p));
  if (differ.length || gone.length) {
    const { id, version } = recorded.template;
    throw new UpgradeRefused(
      'no-base',
      `no ${BASE_BRANCH} branch, and today's templates of ${id} ${version} do not render what this repository was created from (${[...differ, ...gone].slice(0, 5).join(', ')} differ): fetch the branch (git fetch origin ${BASE_BRANCH}:${BASE_BRANCH})`,
      dir,
    );
  }
}
