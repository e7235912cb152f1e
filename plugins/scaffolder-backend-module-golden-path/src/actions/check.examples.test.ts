import { GoldenPathEngine } from '@golden-path/engine';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The compiled module: it starts dist/check/runner.js beside it (`npx tsc -b` first).
import { validateInChildProcess } from '../../dist/check/validateInChildProcess.js';
import { actionContext } from '../testing/context.js';
import { EXAMPLE_PARAMETERS, exampleInput, TEMPLATES_ROOT } from '../testing/examples.js';
import { examples } from './check.examples.js';
import { CHECK_ACTION_ID, createCheckAction } from './check.js';

const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });
const action = createCheckAction({ engine, validate: validateInChildProcess });

describe('golden-path:check examples', () => {
  // The real validators in their sandbox on python-django-service's payments-api example: the
  // service's own tests among them, so minutes on a loaded machine.
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const input = exampleInput(example, CHECK_ACTION_ID);
      const { ctx, outputs, workspacePath, lines } = actionContext(input);
      const target = join(workspacePath, String(input.path ?? '.'));
      rmSync(target, { recursive: true, force: true });
      engine.render(engine.prepare(engine.load('python-django-service'), EXAMPLE_PARAMETERS), target);
      const before = readdirSync(target).sort();

      await action.handler(ctx);
      const log = lines.join('\n');
      expect(log).toContain('exactly what python-django-service');
      const skipped = (input.skip as string[] | undefined) ?? [];
      expect(log).toMatch(skipped.includes('service-tests') ? /\[SKIP\] service-tests/ : /\[ok\] service-tests/);
      expect(outputs.validators).toBeGreaterThanOrEqual(8);
      expect(readdirSync(target).sort()).toEqual(before);
    },
    600_000,
  );
});
