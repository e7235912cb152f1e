/**
 * Day 2 figures: drift over many generated repositories, and upgrade dry-runs over many repositories
 * created at 1.0.0 and edited by their owners, beside the same three-way merges done the plain way
 * (a `git merge-file` per generated file, as Copier and cruft merge). Prints; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { GoldenPathEngine, MANIFEST_PATH } from '@golden-path/engine';
import { drift, fleet } from '@golden-path/upgrade';
import {
  cloneFixture,
  createRepository,
  git,
  ownersCommit,
  releaseCopy,
  TEMPLATES,
} from '../../plugins/golden-path-upgrade/src/testing/repos.ts';

/** Runs `fn` over 0..n-1, `width` at a time. */
async function pool(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/** A copy of a repository whose files are hard links (git replaces files by renaming, never in place). */
function linkCopy(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    const rel = relative(from, join(entry.parentPath, entry.name));
    if (entry.isDirectory()) mkdirSync(join(to, rel), { recursive: true });
  }
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    const rel = relative(from, join(entry.parentPath, entry.name));
    if (entry.isFile()) linkSync(join(from, rel), join(to, rel));
  }
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** The owners' edits on every 1.0.0 repository: a seeded file, a merged file in two places, a managed file. */
const OWNER_EDITS = {
  'payments_api/service.py': (old: string) => `${old}\n\ndef owners_own():\n    return 42\n`,
  'README.md': (old: string) => old.replace('# Payments Api\n', '# Payments Api\n\nOwned by the payments team.\n'),
  'catalog-info.yaml': (old: string) =>
    old.replace('    - data-confidential\n', '    - data-confidential\n    - core\n'),
  '.github/workflows/harden.yml': (old: string) => `${old}# tweaked\n`,
};

/**
 * The plain way: both sides checked out as files (`git archive` of the base and of main), then one
 * `git merge-file` per file the new version renders.
 */
function plainMerge(dir: string, scratch: string, baseRef: string, theirs: Map<string, Buffer>): void {
  rmSync(scratch, { recursive: true, force: true });
  for (const [side, ref] of [
    ['base', baseRef],
    ['ours', 'main'],
  ] as const) {
    mkdirSync(join(scratch, side), { recursive: true });
    execFileSync('sh', ['-c', 'git -C "$1" archive "$2" | tar -x -C "$3"', 'sh', dir, ref, join(scratch, side)]);
  }
  mkdirSync(join(scratch, 'theirs'));
  for (const [path, content] of theirs) {
    const theirsFile = join(scratch, 'theirs', path.replaceAll('/', '%'));
    writeFileSync(theirsFile, content);
    const [base, ours] = ['base', 'ours'].map(side => join(scratch, side, path));
    try {
      execFileSync('git', ['merge-file', '-p', ours!, base!, theirsFile], { stdio: 'pipe' });
    } catch {
      // exit code = the conflicts (or a file missing on one side): a result either way
    }
  }
}

export interface Day2Bench {
  driftRepos: number;
  driftSeconds: number;
  upgradeRepos: number;
  upgradeSeconds: number;
  plainSeconds: number;
}

export async function benchDay2(driftRepos = 1000, upgradeRepos = 100): Promise<Day2Bench> {
  const work = mkdtempSync(join(tmpdir(), 'gp-bench-day2-'));
  try {
    // Drift: one repository created from today's templates, copied, every 10th with a managed edit.
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const example = parse(readFileSync(join(TEMPLATES, 'python-django-service/examples/payments-api.yaml'), 'utf8'));
    const seed = createRepository(engine, 'python-django-service', example, join(work, 'seed'));
    mkdirSync(join(work, 'drift'));
    for (let i = 0; i < driftRepos; i++) {
      const dir = join(work, 'drift', String(i));
      linkCopy(seed, dir);
      if (i % 10 === 0) {
        rmSync(join(dir, '.github/workflows/ci.yml')); // a new file, not the hard-linked one
        writeFileSync(join(dir, '.github/workflows/ci.yml'), `# edited ${i}\n`);
      }
    }
    let drifted = 0;
    const driftSeconds = await seconds(() =>
      pool(driftRepos, 4, async i => {
        if ((await drift(join(work, 'drift', String(i)), engine)).managedDrift.length) drifted++;
      }),
    );
    if (drifted !== Math.ceil(driftRepos / 10)) throw new Error(`drift found ${drifted} drifted repositories`);
    rmSync(join(work, 'drift'), { recursive: true, force: true });

    // Upgrade dry-runs: the 1.0.0 fixture with the owners' edits, to a 1.1.0 of today's templates.
    const next = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), '1.1.0') });
    const edited = cloneFixture(join(work, 'edited'));
    ownersCommit(edited, OWNER_EDITS);
    git(edited, 'branch', 'golden-path/base', 'origin/golden-path/base');
    // The fleet: bare repositories on a remote, as the embedded remote holds them.
    const bare = join(work, 'edited.git');
    execFileSync('git', ['clone', '--quiet', '--bare', edited, bare]);
    git(bare, 'update-ref', 'refs/heads/golden-path/base', git(edited, 'rev-parse', 'golden-path/base'));
    const up = (i: number) => join(work, 'remote', 'acme', `svc-${i}.git`);
    mkdirSync(join(work, 'remote', 'acme'), { recursive: true });
    for (let i = 0; i < upgradeRepos; i++) linkCopy(bare, up(i));
    let outcomes: string[] = [];
    const upgradeSeconds = await seconds(async () => {
      outcomes = (await fleet(join(work, 'remote'), next, { upgrade: true, dryRun: true })).map(
        e => `${e.outcome}${e.detail ? ` (${e.detail})` : ''}`,
      );
    });
    if (outcomes.length !== upgradeRepos || outcomes.some(o => o !== 'auto-merged')) {
      throw new Error(`fleet dry-run outcomes: ${[...new Set(outcomes)].join(', ')}`);
    }

    const gp = next.load('python-django-service');
    const recorded = parse(git(edited, 'show', `main:${MANIFEST_PATH}`)).values;
    const theirs = new Map(next.plan(next.prepare(gp, recorded)).files.map(f => [f.path, f.content]));
    const scratch = join(work, 'scratch');
    const plainSeconds = await seconds(async () => {
      for (let i = 0; i < upgradeRepos; i++) plainMerge(up(i), scratch, 'golden-path/base', theirs);
    });
    return { driftRepos, driftSeconds, upgradeRepos, upgradeSeconds, plainSeconds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatDay2Bench(b: Day2Bench): string {
  return [
    'Day 2 (upgrade, drift) — python-django-service, 2 cores',
    `  drift over ${b.driftRepos} repositories:                         ${b.driftSeconds.toFixed(1)} s  (target < 30 s)`,
    `  fleet upgrade --dry-run over ${b.upgradeRepos} repositories (gate excluded): ${b.upgradeSeconds.toFixed(1)} s  (target < 60 s)`,
    `  the same merges as a plain git merge-file loop:          ${b.plainSeconds.toFixed(1)} s`,
    `  upgrade dry-run / plain merge-file loop: ${(b.upgradeSeconds / b.plainSeconds).toFixed(2)}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const drifts = Number(process.env.BENCH_DRIFT_REPOS ?? 1000);
  const upgrades = Number(process.env.BENCH_UPGRADE_REPOS ?? 100);
  console.log(formatDay2Bench(await benchDay2(drifts, upgrades)));
}
