import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isUserError,
  MANIFEST_PATH,
  ManifestError,
  readManifest,
  type GoldenPath,
  type GoldenPathEngine,
  type RenderPlan,
} from '@golden-path/engine';
import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GateQueue } from '../check/gateQueue.js';
import { planVerdict, storedVerdict, type PlanVerdict } from '../check/planVerdict.js';
import type { CheckResult } from '../check/validateInChildProcess.js';
import type { VerdictStore } from '../check/verdicts.js';
import { workspaceDifferences, workspaceFiles, type WorkspaceDifference } from '../check/workspaceDifferences.js';
import { examples } from './check.examples.js';

export const CHECK_ACTION_ID = 'golden-path:check';

export interface CheckDeps {
  engine: Pick<GoldenPathEngine, 'load' | 'prepare' | 'plan' | 'write' | 'platform'>;
  /** Runs the validators on a folder: the report and its text for the log. */
  validate(dir: string, options: Omit<ValidateOptions, 'signal'>, signal?: AbortSignal): Promise<CheckResult>;
  /** Validators at a time (goldenPath.check.concurrency); default: the cores available. */
  concurrency?: number;
  /** The memory (MiB) a gate's validators running at once may need together (goldenPath.check.memoryMiB). */
  memoryMiB?: number;
  /**
   * Verdicts of identical renders (the dry run before the task), with what they depend on besides
   * the files: the validators' versions. Without them every check runs the gate.
   */
  verdicts?: {
    store: VerdictStore;
    versions(options: Pick<ValidateOptions, 'runtime'>): Promise<Record<string, string>>;
  };
  /** Where gates wait for a slot (goldenPath.check.gates at once); default: this process's one queue. */
  queue?: GateQueue;
}

/** At most this many violations (or differing files) are listed in the task's error; the log has the full report. */
const MAX_LISTED = 40;

/** The refusal of a workspace that is not what the engine renders for its manifest, naming the files. */
export function differencesMessage(plan: RenderPlan, differences: WorkspaceDifference[]): string {
  const listed = differences.slice(0, MAX_LISTED).map(d => `  - ${d.path}: ${d.problem}`);
  if (differences.length > MAX_LISTED) listed.push(`  … and ${differences.length - MAX_LISTED} more`);
  const { id, version } = plan.template;
  return `The repository is not what golden path ${id} ${version} renders for the values in ${MANIFEST_PATH} (${differences.length} difference${differences.length === 1 ? '' : 's'}); the policy check runs nothing on files it did not render, and nothing was published:\n${listed.join('\n')}`;
}

/**
 * The golden path and values the workspace's manifest records, loaded from the registered golden
 * path at the recorded version. A golden path with secret fields is refused: their values are never
 * recorded, so the files that hold them cannot be re-planned, and checking only the other files
 * would let anything through in those (the safe choice is to check nothing).
 */
async function recorded(
  engine: CheckDeps['engine'],
  root: string,
): Promise<{ gp: GoldenPath; values: Record<string, unknown> }> {
  const text = await manifestText(root);
  return userErrors(() => {
    const manifest = readManifest(text, root);
    const gp = engine.load(manifest.template.id, manifest.template.version);
    if (gp.secretFields.length) {
      throw new Error(
        `golden path ${gp.id} has secret fields (${gp.secretFields.join(', ')}): their values are not recorded in ${MANIFEST_PATH}, so the policy check cannot re-plan the files that hold them and refuses to run; check it with golden-path test instead`,
      );
    }
    return { gp, values: manifest.values };
  });
}

/** The render the manifest records, planned again by the engine. */
function replan(engine: CheckDeps['engine'], gp: GoldenPath, values: Record<string, unknown>): RenderPlan {
  return userErrors(() => engine.plan(engine.prepare(gp, values)));
}

/** The manifest's and the recorded values' problems as the user's mistakes (InputError). */
function userErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new InputError(`${error.message}; the policy check runs only on what golden-path:render wrote`);
    }
    if (isUserError(error)) throw new InputError(`${MANIFEST_PATH}: ${error.message}`);
    throw error;
  }
}

/** A manifest is a few KB; this bounds what is read of a hostile one. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The workspace's manifest, undefined when there is none. Only a regular file is read: a link
 * could point at the backend's files (and a YAML error quotes what it read), a FIFO would block.
 */
export async function manifestText(root: string): Promise<string | undefined> {
  const file = path.join(root, MANIFEST_PATH);
  const stat = await lstat(file).catch(() => undefined);
  if (!stat) return undefined;
  const refuse = (what: string) =>
    new InputError(`${MANIFEST_PATH} ${what}; the policy check runs only on what golden-path:render wrote`);
  if (!stat.isFile()) throw refuse('is not a regular file (a link or a special file)');
  if (stat.size > MAX_MANIFEST_BYTES) throw refuse(`is larger than ${MAX_MANIFEST_BYTES} bytes`);
  return readFile(file, 'utf8');
}

/** The task's error: one line per violation, readable in the portal's task page. */
export function violationsMessage(report: ValidationReport): string {
  const lines = report.results.flatMap(r => [
    ...(r.skipped ? [`[${r.validator}] did not run: ${r.skipped}`] : []),
    ...r.findings
      .filter(f => f.severity === 'error')
      .map(f => `[${r.validator}] ${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`),
  ]);
  const listed = lines.slice(0, MAX_LISTED).map(l => `  - ${l}`);
  if (lines.length > MAX_LISTED) listed.push(`  … and ${lines.length - MAX_LISTED} more (see the step's log)`);
  return `The repository does not pass the policy check (${lines.length} violation${lines.length === 1 ? '' : 's'}); nothing was published:\n${listed.join('\n')}`;
}

/**
 * What the gate tells the validators about a golden path: its runtime's service tests and the
 * platform's approved base images, judged today (so a stored verdict is reused only on the same
 * day). Every gate (this action, the upgrade's merged result) asks this one function.
 */
export function gateOptions(
  engine: Pick<GoldenPathEngine, 'platform'>,
  gp: Pick<GoldenPath, 'runtime'>,
  now: Date = new Date(),
): Pick<ValidateOptions, 'runtime' | 'baseImages'> {
  return {
    runtime: gp.runtime,
    baseImages: { approved: engine.platform().approvedImages, today: now.toISOString().slice(0, 10) },
  };
}

/**
 * golden-path:check — the policy gate before publishing. First it re-plans the render the
 * workspace's .golden-path.yaml records and refuses, before any tool runs, a workspace that differs
 * from it (a file added, missing or changed, a link): the gate runs only what the engine rendered.
 * Then it runs every validator (workflows, shell, Dockerfile, Terraform and its misconfiguration
 * rules, the catalog entry, the service's own tests) on a copy, in the sandbox (no privileges, no
 * environment, no network), and fails the task with the list of violations. Read-only, so it also
 * runs on dry-run. A verdict (passing or failing) is stored by the render's files and the
 * validators' versions: the task that follows a dry run of the same values reuses it, found by the
 * workspace's own files (paths, modes and bytes read from disk) before anything is re-planned.
 */
export function createCheckAction(deps: CheckDeps) {
  return createTemplateAction({
    id: CHECK_ACTION_ID,
    description:
      'Runs the golden path validators on the rendered repository and fails with the list of violations, so nothing non-compliant is published.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'The folder inside the workspace to check, where golden-path:render wrote (its .golden-path.yaml names the golden path). Defaults to the workspace root.',
            })
            .optional(),
        skip: z =>
          z
            .array(z.string(), {
              description:
                'Validators not to run (by name); a skipped validator does not count against the gate. Empty by default.',
            })
            .optional(),
      },
      output: {
        validators: z => z.number({ description: 'How many validators ran.' }),
        warnings: z => z.number({ description: 'How many warnings they reported (warnings do not fail the gate).' }),
      },
    },
    async handler(ctx) {
      const root = resolveSafeChildPath(ctx.workspacePath, ctx.input.path ?? '.');
      const { gp, values } = await recorded(deps.engine, root);
      const options = { ...gateOptions(deps.engine, gp), skip: ctx.input.skip };
      // The workspace's own bytes first: the verdict of a render with exactly these files (a preview
      // of the same values) is reused without planning the render again. Otherwise the render is
      // re-planned, the workspace must be exactly it, and the gate runs (or its verdict is found).
      const files = deps.verdicts && (await workspaceFiles(root));
      const stored = files && (await storedVerdict(deps, files, options));
      let verdict: PlanVerdict;
      if (stored) {
        ctx.logger.info(
          `The repository holds exactly the files (paths, modes and contents) of a render of ${gp.id} ${gp.version} the gate has checked (${files.length} files)`,
        );
        verdict = { ...stored, reused: true };
      } else {
        const plan = replan(deps.engine, gp, values);
        const differences = await workspaceDifferences(root, plan.files);
        if (differences.length) throw new InputError(differencesMessage(plan, differences));
        ctx.logger.info(
          `The repository is exactly what ${plan.template.id} ${plan.template.version} renders (${plan.files.length} files)`,
        );
        verdict = await planVerdict(deps, plan, options, ctx.signal, ahead =>
          ctx.logger.info(`Waiting for the policy gate: ${ahead} gate${ahead === 1 ? '' : 's'} ahead on this backend`),
        );
      }
      const { result, checkedAt, reused } = verdict;
      if (reused) {
        ctx.logger.info(
          `Reusing the verdict reached at ${new Date(checkedAt).toISOString()} for this exact render (same files, modes and contents) with the same validators`,
        );
      }
      const { report, text } = result;
      ctx.logger.info(text);
      if (!report.ok) throw new Error(violationsMessage(report));
      ctx.output('validators', report.results.filter(r => !r.skipped).length);
      ctx.output(
        'warnings',
        report.results.reduce((n, r) => n + r.findings.filter(f => f.severity === 'warning').length, 0),
      );
    },
  });
}
