import { readFileSync } from 'node:fs';
import { EXIT_USAGE } from './errors.js';
import { reportError } from './report-error.js';

// Library use: the generator class is at `generator-golden-path/generators/app` (dist/generator.js).
// Heavy modules (yeoman-environment, the validators) load only when a command needs them, so that
// `list` and `--help` start fast.
export type { GoldenPathOptions, GoldenPathInput } from './generator.js';
export type { CreateResult } from './output.js';
export type { Progress } from './progress.js';
export { questionFor, questionsFor, answersToValues, type FieldProblem, type Question } from './prompts.js';
export { applySets, readValuesFile, typedValue } from './values.js';
export { exampleFiles, testExample, type ExampleOptions, type ExampleResult } from './commands/test.js';

/** Runs the generator through yeoman-environment (see run-generator.ts). */
export async function runGenerator(...args: Parameters<typeof import('./run-generator.js').runGenerator>) {
  return (await import('./run-generator.js')).runGenerator(...args);
}

interface Command {
  run: (argv: string[]) => Promise<number>;
  help: string;
}

/** Each command's module loads when that command runs (or its help is asked for): `create` does not load `upgrade`. */
const commands: Record<string, () => Promise<Command>> = {
  list: () => import('./commands/list.js').then(m => ({ run: m.listCommand, help: m.listHelp })),
  create: () => import('./commands/create.js').then(m => ({ run: m.createCommand, help: m.createHelp })),
  test: () => import('./commands/test.js').then(m => ({ run: m.testCommand, help: m.testHelp })),
  upgrade: () => import('./commands/upgrade.js').then(m => ({ run: m.upgradeCommand, help: m.upgradeHelp })),
  drift: () => import('./commands/drift.js').then(m => ({ run: m.driftCommand, help: m.driftHelp })),
  fleet: () => import('./commands/fleet.js').then(m => ({ run: m.fleetCommand, help: m.fleetHelp })),
};

/** The command of that name; undefined for any other word (`toString` included). */
function loadCommand(name: string): Promise<Command> | undefined {
  return Object.hasOwn(commands, name) ? commands[name]!() : undefined;
}

export const mainHelp = `Usage: golden-path <command> [options]

Create service repositories from golden paths, the same ones the developer portal offers.

Commands:
  list                      the golden paths: id, title, version, description
  create <template>         create a repository (asks for missing values on a terminal)
  test [template]           render every example of the golden paths and run the validators
  upgrade [dir]             upgrade a repository to its golden path's new version (on a new branch)
  drift [dir]               which generated files changed since they were rendered, by class
  fleet status|upgrade      every repository of a remote: version, drift, upgrade outcome
  help <command>            help for a command

Run "golden-path <command> --help" for a command's options.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI; returns the exit status (0 ok, 1 failure, 2 bad input). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') return (process.stdout.write(mainHelp), 0);
  if (name === '--version' || name === '-V') return (process.stdout.write(`${version()}\n`), 0);
  if (name === 'help') {
    const topic = rest[0] ? await loadCommand(rest[0]) : undefined;
    if (rest[0] && !topic)
      return (process.stderr.write(`error: unknown command "${rest[0]}"\n\n${mainHelp}`), EXIT_USAGE);
    return (process.stdout.write(topic?.help ?? mainHelp), 0);
  }
  const command = name ? await loadCommand(name) : undefined;
  if (!command) {
    process.stderr.write(`${name ? `error: unknown command "${name}"\n\n` : ''}${mainHelp}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    return reportError(e, rest.includes('--json'));
  }
}
