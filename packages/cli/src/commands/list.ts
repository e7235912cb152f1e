import { GoldenPathEngine } from '@golden-path/engine';
import { commonFlags, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import { emitJson } from '../output.js';
import { templatesRoot } from '../templates-root.js';

export const listHelp = `Usage: golden-path list [--json] [--templates DIR]

Lists the golden paths: id, title, version and description.

Options:
  --json            print one JSON object: {"templates": [{id, title, version, description, tags, parts}]}
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help
`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, commonFlags, 'list');
  if (flags.help) return (process.stdout.write(listHelp), 0);
  if (positionals.length) throw new UsageError(`list takes no arguments (got ${positionals.join(' ')})`);
  const templates = new GoldenPathEngine({ templatesRoot: templatesRoot(flags.templates) }).list();
  if (flags.json) return (emitJson({ templates }), 0);
  if (!templates.length) return (process.stdout.write('No golden paths found.\n'), 0);
  const width = Math.max(...templates.map(t => `${t.id}@${t.version}`.length));
  for (const t of templates) {
    process.stdout.write(`${`${t.id}@${t.version}`.padEnd(width)}  ${t.title}\n`);
    if (t.description) process.stdout.write(`${' '.repeat(width + 2)}${t.description.replace(/\s+/g, ' ').trim()}\n`);
  }
  return 0;
}
