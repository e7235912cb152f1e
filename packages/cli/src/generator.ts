import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  GoldenPathEngine,
  TargetError,
  ValuesError,
  type GoldenPath,
  type RenderPlan,
  type ValueIssue,
} from '@golden-path/engine';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { UsageError } from './errors.js';
import { initRepository, type InitialCommit } from './git.js';
import { printPlan, printCreated, type CreateResult } from './output.js';
import { createProgress, progressMode, type Progress } from './progress.js';
import { answersToValues, questionFor, questionsFor, type Question } from './prompts.js';
import { templatesRoot } from './templates-root.js';
import { applySets, readValuesFile } from './values.js';

/** What a caller (the CLI, `yo`, a test) gives the generator. */
export interface GoldenPathInput {
  template?: string;
  /** A YAML or JSON file of field: value. */
  values?: string;
  /** key=value assignments (dotted keys for nested fields), applied over --values. */
  set?: string[];
  output?: string;
  templates?: string;
  git?: boolean;
  yes?: boolean;
  'dry-run'?: boolean;
  json?: boolean;
  /** In code: values given directly (under --values and --set). */
  input?: Record<string, unknown>;
  /** In code: prompt or not. Default: prompt when stdin is a TTY and neither --yes nor --json. */
  interactive?: boolean;
  /** In code: where steps and results are shown (the CLI passes its own). */
  progress?: Progress;
}

export type GoldenPathOptions = BaseOptions & GoldenPathInput;

/** Rounds of re-asking the fields the engine refused, before giving up (interactive only). */
const MAX_ROUNDS = 3;
const TEMPLATE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const toList = (v: unknown): string[] => (v === undefined || v === '' ? [] : [v].flat().map(String));

function isEmptyOrAbsent(dir: string): boolean {
  if (!existsSync(dir)) return true;
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

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
 * `yo golden-path <template>` and `golden-path create <template>`: asks for the values the
 * golden path's JSON Schema needs, then renders through the engine. Files are written by the
 * engine's atomic writer, not Yeoman's in-memory file system, so the engine's guarantees hold
 * (all files or none, target empty or absent, modes kept); Yeoman's commit and conflict
 * handling is switched off (customCommitTask) because nothing goes through mem-fs.
 */
export default class GoldenPathGenerator extends Generator<Record<string, unknown>, GoldenPathOptions> {
  /** The outcome, for the caller that ran the generator (the CLI prints JSON from it). */
  result?: CreateResult;

  private engine!: GoldenPathEngine;
  private gp!: GoldenPath;
  private given: Record<string, unknown> = {};
  private values: Record<string, unknown> = {};
  private plan?: RenderPlan;
  private target = '';
  private readonly show: Progress;

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
    this.show = this.options.progress ?? createProgress(progressMode(!!this.options.json));
    // A caller with its own progress (the CLI) reports errors itself: drop Yeoman's extra
    // "An error occured while running ..." line, keep every other log line.
    if (this.options.progress && this.log) (this as { log: object }).log = quietTaskErrors(this.log);
  }

  private get interactive(): boolean {
    const o = this.options;
    return o.interactive ?? (!o.yes && !o.json && process.stdin.isTTY === true);
  }

  private get dryRun(): boolean {
    return !!(this.options['dry-run'] ?? (this.options as { dryRun?: boolean }).dryRun);
  }

  async initializing(): Promise<void> {
    this.engine = new GoldenPathEngine({
      templatesRoot: templatesRoot(this.options.templates, process.env, this.destinationRoot()),
    });
    const id = this.options.template ?? (await this.askTemplate());
    this.gp = this.loadTemplate(id);
    const fromFile = this.options.values ? readValuesFile(resolve(this.destinationRoot(), this.options.values)) : {};
    this.given = applySets(
      { ...this.options.input, ...fromFile },
      toList(this.options.set),
      this.gp.parameters.properties,
    );
    if (this.options.output) this.target = this.checkTarget(this.options.output);
  }

  async prompting(): Promise<void> {
    let values = this.given;
    if (this.interactive) {
      const questions = questionsFor(this.gp.parameters.properties, this.gp.parameters.required, values);
      values = { ...values, ...answersToValues(await this.ask(questions)) };
    }
    for (let round = 1; ; round++) {
      try {
        this.values = this.engine.validate(this.gp, values).values;
        return;
      } catch (e) {
        if (!(e instanceof ValuesError) || !this.interactive || round >= MAX_ROUNDS) throw e;
        values = { ...values, ...(await this.reask(e.issues, values)) };
      }
    }
  }

  async writing(): Promise<void> {
    const { gp, show } = this;
    const name = String(this.values[gp.nameField]);
    this.target ||= this.checkTarget(name);
    const plan = await show.step(
      `Render ${gp.id}@${gp.version}`,
      () => this.engine.plan(gp.id, this.values, { version: gp.version }),
      p => `${p.files.length} files`,
    );
    this.plan = plan;
    if (this.dryRun) return printPlan(show, plan, this.target);
    await show.step(`Write ${this.displayTarget}`, () => this.engine.write(plan, this.target));
  }

  async end(): Promise<void> {
    const plan = this.plan!;
    let git: InitialCommit | undefined;
    if (this.options.git && !this.dryRun) {
      git = await this.show.step(
        'Initialise git on main',
        () =>
          initRepository(
            this.target,
            `Create ${String(this.values[this.gp.nameField])} from golden path ${plan.template.id}@${plan.template.version}`,
          ),
        c => `commit ${c.commit.slice(0, 12)} by ${c.author}`,
      );
    }
    this.result = {
      ok: true,
      template: plan.template,
      output: this.target,
      dryRun: this.dryRun,
      files: plan.files.map(({ path, size, sha256, mode, source }) => ({ path, size, sha256, mode, source })),
      size: plan.size,
      ...(git ? { git } : {}),
    };
    printCreated(this.show, this.result, this.displayTarget);
  }

  private get displayTarget(): string {
    const rel = relative(this.destinationRoot(), this.target);
    return rel && !rel.startsWith('..') ? `./${rel}` : this.target;
  }

  private async ask(questions: Question[]): Promise<Record<string, unknown>> {
    if (!questions.length) return {};
    return this.prompt(questions as unknown as Parameters<Generator['prompt']>[0]);
  }

  /** Shows what the engine refused and asks those fields again, current answers as defaults. */
  private async reask(issues: ValueIssue[], values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { properties, required } = this.gp.parameters;
    for (const i of issues) this.show.note(`  ${i.field}: ${i.message}`);
    const fields = [...new Set(issues.map(i => i.field.split('.')[0]!))].filter(f => properties[f]);
    const questions = fields
      .map(f => questionFor(f, properties[f]!, required.includes(f)))
      .filter((q): q is Question => !!q)
      .map(q => (values[q.name] !== undefined ? { ...q, default: values[q.name] } : q));
    // A refusal about no field one can answer (e.g. an unknown key) cannot be fixed by asking.
    if (!questions.length) throw new ValuesError(this.gp.id, issues);
    return answersToValues(await this.ask(questions));
  }

  private async askTemplate(): Promise<string> {
    const available = this.engine.list();
    if (!this.interactive || !available.length) {
      throw new UsageError(
        `name a golden path: golden-path create <template>; available: ${available.map(t => t.id).join(', ') || '(none)'}`,
      );
    }
    const choices = available.map(t => ({ name: `${t.title} (${t.id}@${t.version})`, value: t.id }));
    const { template } = await this.ask([{ name: 'template', type: 'select', message: 'Golden path', choices }]);
    return String(template);
  }

  private loadTemplate(id: string): GoldenPath {
    const root = this.engine.templatesRoot;
    if (!TEMPLATE_ID.test(id) || id === 'parts' || !existsSync(join(root, id, 'template.yaml'))) {
      const ids = readdirSync(root).filter(d => d !== 'parts' && existsSync(join(root, d, 'template.yaml')));
      throw new UsageError(`unknown golden path "${id}"; available: ${ids.sort().join(', ') || '(none)'} (in ${root})`);
    }
    return this.engine.load(id);
  }

  /** Refuses a target that exists and is not empty before anything is asked or rendered. */
  private checkTarget(dir: string): string {
    const target = resolve(this.destinationRoot(), dir);
    if (!isEmptyOrAbsent(target))
      throw new TargetError(`${target} already exists and is not an empty folder; nothing was written`);
    return target;
  }
}
