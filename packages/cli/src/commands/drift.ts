import { resolve } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import { drift } from '@golden-path/upgrade';
import { commonFlags, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import { emitJson } from '../output.js';
import { templatesRoot } from '../templates-root.js';

export const driftHelp = `Usage: golden-path drift [DIR] [--json] [--templates DIR]

Compares every file the golden path rendered into the repository in DIR (default: the current
folder) with its recorded hash: pristine, modified or deleted, with its class (managed, merged,
seeded); files git tracks that the golden path did not render are listed as added. Says whether
a newer version of the golden path is available.

Options:
  --json            print one JSON object: {template, latest, behind, summary, managedDrift, files}
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help

Exit status: 0 no managed file drifted; 1 a managed file (the platform's) was modified or deleted;
2 bad input (not a repository, a missing or bad .golden-path.yaml).
`;

export async function driftCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, commonFlags, 'drift');
  if (flags.help) return (process.stdout.write(driftHelp), 0);
  if (positionals.length > 1) throw new UsageError(`drift takes one folder (got ${positionals.join(' ')})`);
  const engine = new GoldenPathEngine({ templatesRoot: templatesRoot(flags.templates) });
  const report = await drift(resolve(positionals[0] ?? '.'), engine);
  const code = report.managedDrift.length ? 1 : 0;
  if (flags.json) return (emitJson({ ok: true, ...report }), code);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const { id, version } = report.template;
  out(`${id} ${version}${report.behind ? ` (${report.latest} available: golden-path upgrade)` : ''}`);
  for (const f of report.files.filter(f => f.state !== 'pristine')) {
    out(`  ${f.state.padEnd(8)}  ${f.class.padEnd(7)}  ${f.path}`);
  }
  const s = report.summary;
  out(`${s.pristine} pristine, ${s.modified} modified, ${s.deleted} deleted, ${s.added} added.`);
  if (code) out(`Managed files drifted (an upgrade replaces them): ${report.managedDrift.join(', ')}`);
  return code;
}
