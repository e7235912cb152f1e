import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionContext } from '../testing/context.js';
import { createCheckAction, violationsMessage } from './check.js';

const failing: ValidationReport = {
  ok: false,
  results: [
    { validator: 'yaml', files: 3, findings: [], durationMs: 1 },
    {
      validator: 'trivy-config',
      files: 2,
      durationMs: 1,
      findings: [
        {
          validator: 'trivy-config',
          file: 'infra/alb.tf',
          line: 12,
          severity: 'error',
          message: 'AVD-AWS-0052: load balancer drops invalid headers',
        },
        { validator: 'trivy-config', file: 'infra/ecs.tf', severity: 'warning', message: 'a warning, not a violation' },
      ],
    },
    { validator: 'shellcheck', files: 1, findings: [], skipped: 'shellcheck is not installed', durationMs: 0 },
  ],
};

function setup(report: ValidationReport) {
  const seen: { dir: string; options: ValidateOptions }[] = [];
  const action = createCheckAction({
    engine: { load: () => ({ runtime: { serviceTest: { command: ['true'] } } }) as never },
    validate: async (dir, options) => {
      seen.push({ dir, options });
      writeFileSync(join(dir, '.coverage'), 'left behind by a tool');
      return { report, text: `formatted ${report.results.length} results` };
    },
  });
  return { action, seen };
}

describe('golden-path:check', () => {
  it('fails the task with one readable line per violation', async () => {
    const { action } = setup(failing);
    const { ctx, lines } = actionContext({ template: 'python-django-service' });
    const error = await action.handler(ctx).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toBe(
      'The repository does not pass the policy check (2 violations); nothing was published:\n' +
        '  - [trivy-config] infra/alb.tf:12: AVD-AWS-0052: load balancer drops invalid headers\n' +
        '  - [shellcheck] did not run: shellcheck is not installed',
    );
    expect(lines.join('\n')).toContain('formatted 3 results');
  });

  it("passes with counts, checks a copy with the runtime's service tests, and leaves the workspace as rendered", async () => {
    const { action, seen } = setup({ ok: true, results: failing.results.slice(0, 1) });
    const { ctx, outputs, workspacePath } = actionContext({
      template: 'python-django-service',
      skip: ['service-tests'],
    });
    writeFileSync(join(workspacePath, 'README.md'), '# x\n');
    await action.handler(ctx);
    expect(outputs).toEqual({ validators: 1, warnings: 0 });
    expect(seen[0]?.dir).not.toBe(workspacePath);
    expect(existsSync(join(seen[0]!.dir, 'README.md'))).toBe(true);
    expect(seen[0]?.options).toMatchObject({
      runtime: { serviceTest: { command: ['true'] } },
      skip: ['service-tests'],
    });
    expect(readdirSync(workspacePath)).toEqual(['README.md']);
  });

  it('lists at most 40 violations in the error', () => {
    const many: ValidationReport = {
      ok: false,
      results: [
        {
          validator: 'yaml',
          files: 50,
          durationMs: 1,
          findings: Array.from({ length: 45 }, (_, i) => ({
            validator: 'yaml',
            file: `f${i}.yaml`,
            severity: 'error' as const,
            message: 'bad',
          })),
        },
      ],
    };
    const message = violationsMessage(many);
    expect(message).toMatch(/^The repository does not pass the policy check \(45 violations\)/);
    expect(message.split('\n')).toHaveLength(42);
    expect(message).toMatch(/and 5 more/);
  });
});
