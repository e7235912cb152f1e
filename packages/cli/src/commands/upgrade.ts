import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GoldenPathEngine, MANIFEST_PATH, readManifest } from '@golden-path/engine';
import { upgrade, type UpgradeResult } from '@golden-path/upgrade';
import { commonFlags, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import { emitJson } from '../output.js';
import { templatesRoot } from '../templates-root.js';
import { applySets, readValuesFile } from '../values.js';

export const upgradeHelp = `Usage: golden-path upgrade [DIR] [options]

Upgrades the repository in DIR (default: the current folder) to the templates' version of the
golden path it was created from. The new version is rendered as a new commit on the branch
golden-path/base and merged, file by file by its class, into ONE commit on a new branch
golden-path/upgrade-<version> off main:
  seeded   the service's own code and tests: left as they are
  merged   three-way merged; a conflict is committed with standard markers and listed
  managed  the platform's files: replaced by the new version; a local edit is listed as overwritten
main, the index and the work tree are not touched: review the branch and merge it into main.

Options:
  --to VERSION      the version to go to (the templates hold one version per golden path)
  --values FILE     YAML or JSON file of field: value for the new version (over the recorded values)
  --set KEY=VALUE   a value (repeatable; over --values), e.g. a field the new version requires
  --dry-run         decide and print everything; write nothing (no commit, no branch)
  --json            print one JSON object
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help

Exit status: 0 upgraded without conflicts, or already at that version; 3 upgraded with conflicts
(listed: resolve them on the branch); 2 bad input (uncommitted changes, a bad .golden-path.yaml, a
version that never existed, a downgrade, no golden-path/base branch, invalid values, bad flags:
nothing written); 1 unexpected failure.
`;

/** Upgraded, but files on the branch hold conflict markers or need a decision. */
export const EXIT_CONFLICTS = 3;

const flagSpec = {
  ...commonFlags,
  to: { type: 'string' },
  values: { type: 'string' },
  set: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const;

/** --values and --set, typed by the golden path's schema where the manifest names one. */
function givenValues(engine: GoldenPathEngine, dir: string, file: string | undefined, sets: string[]) {
  const fromFile = file ? readValuesFile(resolve(file)) : {};
  if (!sets.length) return fromFile;
  let properties = {};
  try {
    const id = readManifest(readFileSync(join(dir, MANIFEST_PATH), 'utf8'), dir).template.id;
    properties = engine.load(id).parameters.properties;
  } catch {
    // The upgrade itself reports a bad manifest or an unknown golden path; untyped values meanwhile.
  }
  return applySets(fromFile, sets, properties);
}

const joinValues = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');

function printResult(r: UpgradeResult): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  if (r.status === 'up-to-date') {
    out(`${r.repository} is at ${r.template} ${r.to} already; nothing to upgrade.`);
    if (r.adopted) out(`${r.dryRun ? 'Would create' : 'Created'} golden-path/base from the ${r.to} render (adopted).`);
    return;
  }
  const where = r.dryRun
    ? `(dry run: nothing written) would create ${r.branch}`
    : `on ${r.branch} (${r.commit?.slice(0, 12)})`;
  out(`Upgrade ${r.template} ${r.from} -> ${r.to} ${where}: ${r.status}.`);
  const width = Math.max(0, ...r.files.map(f => f.path.length));
  for (const f of r.files) {
    const note =
      f.outcome === 'conflict'
        ? `CONFLICT (${f.reason}${f.hunks ? `, ${f.hunks} hunk(s) between markers` : ''})`
        : f.outcome === 'overwritten'
          ? 'overwritten: changed locally, replaced by the new version'
          : f.outcome;
    out(`  ${f.class.padEnd(7)}  ${f.path.padEnd(width)}  ${note}`);
  }
  const { added, dropped, renamed, changed } = r.values;
  if (Object.keys(added).length) out(`Values added: ${joinValues(added)}`);
  if (Object.keys(dropped).length) out(`Values dropped (no longer in ${r.to}): ${joinValues(dropped)}`);
  if (Object.keys(renamed).length)
    out(
      `Values renamed: ${Object.entries(renamed)
        .map(([a, b]) => `${a} -> ${b}`)
        .join(', ')}`,
    );
  if (Object.keys(changed).length) out(`Values changed: ${Object.keys(changed).join(', ')}`);
  for (const e of r.changelog) {
    out(`${r.template} ${e.version} (${e.date}):`);
    for (const c of e.changes) out(`  - ${c}`);
  }
  if (!r.dryRun) {
    out(
      r.conflicts.length
        ? `Next: git switch ${r.branch}, resolve the ${r.conflicts.length} conflicted file(s), commit, and merge into main.`
        : `Next: review ${r.branch} and merge it into main.`,
    );
  }
}

export async function upgradeCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, flagSpec, 'upgrade');
  if (flags.help) return (process.stdout.write(upgradeHelp), 0);
  if (positionals.length > 1) throw new UsageError(`upgrade takes one folder (got ${positionals.join(' ')})`);
  const dir = resolve(positionals[0] ?? '.');
  const engine = new GoldenPathEngine({ templatesRoot: templatesRoot(flags.templates) });
  const result = await upgrade({
    engine,
    dir,
    ...(flags.to ? { to: flags.to } : {}),
    values: givenValues(engine, dir, flags.values, flags.set ?? []),
    dryRun: !!flags['dry-run'],
  });
  if (flags.json) emitJson({ ok: true, ...result });
  else printResult(result);
  return result.status === 'conflicts' ? EXIT_CONFLICTS : 0;
}
