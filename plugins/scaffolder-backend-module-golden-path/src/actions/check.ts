import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { cp } from 'node:fs/promises';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GoldenPathEngine } from '@golden-path/engine';
import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import type { CheckResult } from '../check/validateInChildProcess.js';
import { examples } from './check.examples.js';

export const CHECK_ACTION_ID = 'golden-path:check';

export interface CheckDeps {
  engine: Pick<GoldenPathEngine, 'load'>;
  /** Runs the validators on a folder: the report and its text for the log. */
  validate(dir: string, options: Omit<ValidateOptions, 'signal'>, signal?: AbortSignal): Promise<CheckResult>;
}

/** At most this many violations are listed in the task's error; the log has the full report. */
const MAX_LISTED = 40;

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
 * golden-path:check — the policy gate before publishing: runs every validator (workflows, shell,
 * Dockerfile, Terraform and its misconfiguration rules, the catalog entry, the service's own tests)
 * on a copy of the workspace and fails the task with the list of violations. Read-only, so it also runs on dry-run.
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
        template: z =>
          z.string({
            description:
              'The golden path the repository was rendered from; its runtime.yaml says how to run the service tests.',
          }),
        path: z =>
          z
            .string({ description: 'The folder inside the workspace to check. Defaults to the workspace root.' })
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
      const gp = deps.engine.load(ctx.input.template);
      // The validators run tools (the service's tests among them) that may leave files behind
      // (.coverage, __pycache__): they check a copy, so what is published is exactly what was rendered.
      const dir = await ctx.createTemporaryDirectory();
      await cp(resolveSafeChildPath(ctx.workspacePath, ctx.input.path ?? '.'), dir, {
        recursive: true,
        verbatimSymlinks: true,
      });
      const { report, text } = await deps.validate(
        dir,
        { runtime: gp.runtime as ValidateOptions['runtime'], skip: ctx.input.skip },
        ctx.signal,
      );
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
