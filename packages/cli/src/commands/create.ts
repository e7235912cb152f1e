import { commonFlags, parseFlags } from '../args.js';
import { TargetError } from '@golden-path/engine';
import { EXIT_USAGE, UsageError } from '../errors.js';
import { isInteractive } from '../interactive.js';
import { reportError } from '../report-error.js';
import { createProgress, progressMode } from '../progress.js';

export const createHelp = `Usage: golden-path create <template> [options]

Creates a repository from a golden path. Values missing from --values and --set are asked for
(on a terminal); with --yes, --json or no terminal nothing is asked and every missing or invalid
field is reported. Nothing is written unless every value is valid and the output folder is
absent or empty.

Options:
  --values FILE     YAML or JSON file of field: value
  --set KEY=VALUE   a value (repeatable; over --values); dotted keys for nested fields: a.b=c
  --output DIR      folder to create (default ./<name>); must be absent or empty
  --git             initialise a git repository on main with one commit of every file
  --dry-run         print the files that would be written (mode, size, hash, path); write nothing
  -y, --yes         never prompt
  --json            print one JSON object (never prompts)
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help

Exit status: 0 created, 2 bad input (unknown template, invalid values, output folder not empty,
bad flags: nothing written), 1 unexpected failure.
`;

const noPrompt = async (): Promise<never> => {
  throw new Error('no terminal to ask on');
};

const flagSpec = {
  ...commonFlags,
  values: { type: 'string' },
  set: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  git: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
} as const;

export async function createCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, flagSpec, 'create');
  if (flags.help) return (process.stdout.write(createHelp), 0);
  if (positionals.length > 1) throw new UsageError(`create takes one template (got ${positionals.join(' ')})`);
  try {
    const input = {
      template: positionals[0],
      values: flags.values,
      set: flags.set ?? [],
      output: flags.output,
      templates: flags.templates,
      git: !!flags.git,
      yes: !!flags.yes,
      'dry-run': !!flags['dry-run'],
      json: !!flags.json,
      progress: createProgress(progressMode(!!flags.json)),
    };
    if (isInteractive({ yes: flags.yes, json: flags.json })) {
      // Someone to ask: Yeoman's prompts, through the same generator `yo golden-path` runs.
      const { runGenerator } = await import('../run-generator.js');
      await runGenerator(input);
    } else {
      // Nothing to ask: the same session without loading Yeoman (most of a process's start-up).
      const { CreateSession } = await import('../create-session.js');
      await new CreateSession({ ...input, cwd: process.cwd(), ask: noPrompt }).run();
    }
  } catch (e) {
    const code = reportError(e, !!flags.json);
    if (code === EXIT_USAGE && !flags.json && !(e instanceof TargetError))
      process.stderr.write('Nothing was written.\n');
    return code;
  }
  return 0;
}
