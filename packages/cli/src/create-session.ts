import { basename, relative, resolve } from 'node:path';
import {
  assertWritableTarget,
  GoldenPathEngine,
  ValuesError,
  type GoldenPath,
  type Prepared,
  type RenderPlan,
  type ValueIssue,
} from '@golden-path/engine';
import { UsageError } from './errors.js';
import { isInteractive } from './interactive.js';
import type { InitialCommit } from './git.js';
import { printPlan, printCreated, type CreateResult } from './output.js';
import { createProgress, progressMode, type Progress } from './progress.js';
import { answersToValues, questionFor, questionsFor, type Question } from './prompts.js';
import { checkReferences } from './references.js';
import { templatesRoot } from './templates-root.js';
import { asUsage } from './unknown-template.js';
import { applySets, readValuesFile, toList } from './values.js';

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

/** Rounds of re-asking the fields the engine refused, before giving up (interactive only). */
const MAX_ROUNDS = 3;

/** A caller's means of asking questions: Yeoman's prompt for `yo` and terminals. */
export type Ask = (questions: Question[]) => Promise<Record<string, unknown>>;

export interface SessionOptions extends GoldenPathInput {
  /** Folder that relative paths (--values, --output) are resolved against. */
  cwd: string;
  ask: Ask;
}

/**
 * One `create`: asks for the values the golden path's JSON Schema needs, then renders through the
 * engine's atomic writer (all files or none, target empty or absent, modes kept). The Yeoman
 * generator (`yo golden-path`, and `golden-path create` on a terminal) drives it with Yeoman's
 * prompts; a non-interactive `golden-path create` runs it directly, without loading Yeoman.
 */
export class CreateSession {
  /** The outcome, for the caller that ran the generator (the CLI prints JSON from it). */
  result?: CreateResult;

  private engine!: GoldenPathEngine;
  private gp!: GoldenPath;
  private given: Record<string, unknown> = {};
  private prepared!: Prepared;
  private plan?: RenderPlan;
  private target = '';
  private readonly show: Progress;

  constructor(private readonly options: SessionOptions) {
    this.show = options.progress ?? createProgress(progressMode(!!options.json));
  }

  private destinationRoot(): string {
    return this.options.cwd;
  }

  private get interactive(): boolean {
    return isInteractive(this.options);
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
      const questions = questionsFor(this.gp.parameters.properties, values, this.fieldProblem);
      values = { ...values, ...answersToValues(await this.ask(questions)) };
    }
    for (let round = 1; ; round++) {
      try {
        this.prepared = this.engine.prepare(this.gp, values);
        await checkReferences(this.gp, this.prepared.values, this.show);
        return;
      } catch (e) {
        if (!(e instanceof ValuesError) || !this.interactive || round >= MAX_ROUNDS) throw e;
        values = { ...values, ...(await this.reask(e.issues, values)) };
      }
    }
  }

  async writing(): Promise<void> {
    const { gp, show } = this;
    const name = String(this.prepared.values[gp.nameField]);
    this.target ||= this.checkTarget(this.defaultOutput(name));
    const plan = await show.step(
      `Render ${gp.id}@${gp.version}`,
      () => this.engine.plan(this.prepared),
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
      const { initRepository } = await import('./git.js'); // git's modules only when asked for
      git = await this.show.step(
        'Initialise git on main',
        () =>
          initRepository(
            this.target,
            `Create ${String(this.prepared.values[this.gp.nameField])} from golden path ${plan.template.id}@${plan.template.version}`,
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

  /** The engine's answer to "is this value valid for this field, and why not", for the prompts. */
  private readonly fieldProblem = (field: string, value: unknown) => this.engine.fieldProblem(this.gp, field, value);

  private async ask(questions: Question[]): Promise<Record<string, unknown>> {
    if (!questions.length) return {};
    return this.options.ask(questions);
  }

  /** Shows what the engine refused and asks those fields again, current answers as defaults. */
  private async reask(issues: ValueIssue[], values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { properties } = this.gp.parameters;
    for (const i of issues) this.show.note(`  ${i.field}: ${i.message}`);
    const fields = [...new Set(issues.map(i => i.field.split('.')[0]!))].filter(f => properties[f]);
    const questions = fields
      .map(f => questionFor(f, properties[f]!, this.fieldProblem))
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
    return asUsage(() => this.engine.load(id), this.engine.templatesRoot);
  }

  /**
   * `./<name>`, when no --output is given: only a plain folder name in the working folder. A golden
   * path whose name pattern allows `/` or `..` must not make the default leave it.
   */
  private defaultOutput(name: string): string {
    if (name === '.' || name === '..' || basename(name) !== name || name.includes('\\')) {
      throw new ValuesError(this.gp.id, [
        {
          field: this.gp.nameField,
          message: `"${name}" is not a plain folder name, so it cannot be the default output ./<name>; pass --output DIR`,
        },
      ]);
    }
    return name;
  }

  /** Refuses a target that exists and is not empty before anything is asked or rendered. */
  private checkTarget(dir: string): string {
    const target = resolve(this.destinationRoot(), dir);
    assertWritableTarget(target);
    return target;
  }

  /** The phases in Yeoman's order, for callers that do not run through Yeoman. */
  async run(): Promise<CreateResult> {
    await this.initializing();
    await this.prompting();
    await this.writing();
    await this.end();
    return this.result!;
  }
}
