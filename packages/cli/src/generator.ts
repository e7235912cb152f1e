import Generator, { type BaseOptions } from 'yeoman-generator';
import { CreateSession, type GoldenPathInput } from './create-session.js';
import type { CreateResult } from './output.js';
import { toList } from './values.js';

export type { GoldenPathInput } from './create-session.js';
export type GoldenPathOptions = BaseOptions & GoldenPathInput;

function quietTaskErrors<L extends object>(log: L): L {
  return new Proxy(log, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'error' || typeof value !== 'function') return value;
      return (message: unknown, ...rest: unknown[]) =>
        typeof message === 'string' && message.startsWith('An error occured while running')
          ? target
          : (value as (...a: unknown[]) => unknown).call(target, message, ...rest);
    },
  });
}

/**
 * `yo golden-path <template>`: Yeoman's options and prompts around a CreateSession. Files are
 * written by the engine's atomic writer, not Yeoman's in-memory file system, so Yeoman's commit
 * and conflict handling is switched off (customCommitTask): nothing goes through mem-fs.
 */
export default class GoldenPathGenerator extends Generator<Record<string, unknown>, GoldenPathOptions> {
  private readonly session: CreateSession;

  constructor(args: string[], options: GoldenPathOptions) {
    super(args, options, { customCommitTask: true, customInstallTask: true, tasksMatchingPriority: true });
    this.argument('template', { type: String, required: false, description: 'Golden path id (see golden-path list)' });
    this.option('values', { type: String, description: 'YAML or JSON file of field: value' });
    this.option('set', { type: toList, description: 'key=value, repeatable; dotted keys for nested fields' });
    this.option('output', {
      type: String,
      description: 'Folder to create (default ./<name>); must be absent or empty',
    });
    this.option('templates', { type: String, description: 'Folder holding the golden paths' });
    this.option('git', { type: Boolean, description: 'Initialise a git repository on main with one commit' });
    this.option('yes', { type: Boolean, description: 'Never prompt; fail naming every missing field' });
    this.option('dry-run', { type: Boolean, description: 'Print the files that would be written; write nothing' });
    this.option('json', { type: Boolean, description: 'Print one JSON object (never prompts)' });
    // A caller with its own progress (the CLI) reports errors itself: drop Yeoman's extra
    // "An error occured while running ..." line, keep every other log line.
    if (this.options.progress && this.log) (this as { log: object }).log = quietTaskErrors(this.log);
    this.session = new CreateSession({
      ...this.options,
      cwd: this.destinationRoot(),
      ask: questions => this.prompt(questions as unknown as Parameters<Generator['prompt']>[0]),
    });
  }

  /** The outcome, for the caller that ran the generator (the CLI prints JSON from it). */
  get result(): CreateResult | undefined {
    return this.session.result;
  }

  initializing(): Promise<void> {
    return this.session.initializing();
  }

  prompting(): Promise<void> {
    return this.session.prompting();
  }

  writing(): Promise<void> {
    return this.session.writing();
  }

  end(): Promise<void> {
    return this.session.end();
  }
}
