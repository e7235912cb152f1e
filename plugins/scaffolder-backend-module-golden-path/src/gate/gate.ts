import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import type { PullRequestGate, PullRequestValidatorSummary } from '@golden-path/common';
import { GoldenPathEngine, isUserError, readManifest, type GoldenPathEngine as Engine } from '@golden-path/engine';
import { goldenPathGateServiceRef, readGoldenPathConfig, type GoldenPathGate } from '@golden-path/node';
import type { ValidationReport } from '@golden-path/validators';
import { gateOptions, manifestText, type CheckDeps } from '../actions/check.js';
import { gateQueue } from '../check/gateQueue.js';
import { validateInChildProcess } from '../check/validateInChildProcess.js';

/** Findings kept per validator in a verdict (the task's log has them all). */
const MAX_FINDINGS = 5;

/** A report as the pull request shows it: per validator, passed or not, with its first errors. */
export function gateSummary(report: ValidationReport): PullRequestValidatorSummary[] {
  return report.results.map(r => {
    const errors = r.findings.filter(f => f.severity === 'error');
    return {
      validator: r.validator,
      passed: !r.skipped && errors.length === 0,
      errors: errors.length,
      warnings: r.findings.length - errors.length,
      ...(r.skipped ? { skipped: r.skipped } : {}),
      ...(errors.length
        ? { findings: errors.slice(0, MAX_FINDINGS).map(f => `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`) }
        : {}),
    };
  });
}

/**
 * The gate on a repository's files as they are (an upgrade's merged result, conflict markers and
 * all): the golden path and its runtime from the files' own manifest, then golden-path:check's
 * validators in their sandbox. Unlike the check before publishing, it does not require the files
 * to be a pure render: merged files hold the owners' edits, which is what must pass.
 */
export function createGate(deps: {
  engine: Pick<Engine, 'load' | 'platform'>;
  validate: CheckDeps['validate'];
  concurrency?: number;
}): GoldenPathGate {
  return {
    async check(dir, commit, signal, onWait) {
      const verdict = { commit, checkedAt: new Date().toISOString() };
      let options;
      try {
        const recorded = readManifest(await manifestText(dir), dir);
        options = gateOptions(deps.engine, deps.engine.load(recorded.template.id, recorded.template.version));
      } catch (error) {
        if (!isUserError(error) && !(error instanceof Error && error.name === 'InputError')) throw error;
        return { ...verdict, passed: false, validators: [], error: (error as Error).message.replaceAll(dir, '.') };
      }
      // The same bound as golden-path:check: gates beyond the slots wait their turn.
      const { report } = await gateQueue.run(
        () => deps.validate(dir, { ...options, concurrency: deps.concurrency }, signal),
        { signal, onWait },
      );
      return { ...verdict, passed: report.ok, validators: gateSummary(report) } satisfies PullRequestGate;
    },
  };
}

/** The gate as a service, for the golden-path plugin's merge route and the golden-path:upgrade action. */
export const goldenPathGateServiceFactory = createServiceFactory({
  service: goldenPathGateServiceRef,
  deps: { config: coreServices.rootConfig },
  factory({ config }) {
    const goldenPath = readGoldenPathConfig(config);
    return createGate({
      engine: new GoldenPathEngine({ templatesRoot: goldenPath.templatesRoot }),
      validate: validateInChildProcess,
      concurrency: goldenPath.check.concurrency,
    });
  },
});
