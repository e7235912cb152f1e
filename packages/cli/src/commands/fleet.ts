import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import { fleet, type FleetEntry } from '@golden-path/upgrade';
import { commonFlags, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import { emitJson } from '../output.js';
import { templatesRoot } from '../templates-root.js';
import { EXIT_CONFLICTS } from './upgrade.js';

export const fleetHelp = `Usage: golden-path fleet status|upgrade --remote DIR [options]

Every repository under DIR, a remote's root of bare repositories laid out <owner>/<name>.git (the
portal's embedded git remote), one line each: golden path, version, releases behind, managed files
drifted on main, and the outcome.

  status    where each repository stands: up-to-date, behind, refused (a bad manifest), not-generated
  upgrade   upgrades each repository that is behind, as \`golden-path upgrade\` does, writing the
            branch golden-path/upgrade-<version> (and the new golden-path/base) into the bare
            repository itself, main untouched: clean, auto-merged or conflicts

Options:
  --remote DIR      the root of the bare repositories
  --dry-run         with upgrade: classify each repository, write nothing
  --json            print one JSON object: {"repositories": [...]}
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help

Exit status: 0 done (3 with upgrade when a repository has conflicts); 2 bad input; 1 failure.
`;

const flagSpec = { ...commonFlags, remote: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;

function line(e: FleetEntry): string {
  const version = e.version ? `${e.version}${e.latest && e.latest !== e.version ? ` -> ${e.latest}` : ''}` : '-';
  const behind = e.behindBy === undefined ? '-' : String(e.behindBy);
  const drift = e.managedDrift?.length ? `${e.managedDrift.length} managed drifted` : '-';
  const detail = e.conflicts?.length ? `: ${e.conflicts.join(', ')}` : e.detail ? `: ${e.detail}` : '';
  return `${e.repository.padEnd(32)} ${(e.template ?? '-').padEnd(24)} ${version.padEnd(16)} ${behind.padStart(6)}  ${drift.padEnd(20)} ${e.outcome}${detail}`;
}

export async function fleetCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, flagSpec, 'fleet');
  if (flags.help) return (process.stdout.write(fleetHelp), 0);
  const [action, ...rest] = positionals;
  if ((action !== 'status' && action !== 'upgrade') || rest.length) {
    throw new UsageError('fleet takes status or upgrade: golden-path fleet status|upgrade --remote DIR');
  }
  if (!flags.remote) throw new UsageError('fleet needs --remote DIR (the root of the bare repositories)');
  const root = resolve(flags.remote);
  if (!existsSync(root)) throw new UsageError(`--remote ${flags.remote} does not exist`);
  if (flags['dry-run'] && action !== 'upgrade') throw new UsageError('--dry-run goes with fleet upgrade');
  const engine = new GoldenPathEngine({ templatesRoot: templatesRoot(flags.templates) });
  const repositories = await fleet(root, engine, { upgrade: action === 'upgrade', dryRun: !!flags['dry-run'] });
  if (flags.json) emitJson({ ok: true, dryRun: !!flags['dry-run'], repositories });
  else {
    process.stdout.write(
      `${'repository'.padEnd(32)} ${'golden path'.padEnd(24)} ${'version'.padEnd(16)} ${'behind'.padStart(6)}  ${'drift'.padEnd(20)} outcome\n`,
    );
    for (const e of repositories) process.stdout.write(`${line(e)}\n`);
    if (flags['dry-run']) process.stdout.write('Dry run: nothing written.\n');
  }
  return repositories.some(e => e.outcome === 'conflicts') ? EXIT_CONFLICTS : 0;
}
