import { GoldenPathEngine } from '@golden-path/engine';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionContext } from '../testing/context.js';
import { exampleInput, TEMPLATES_ROOT } from '../testing/examples.js';
import { examples } from './render.examples.js';
import { createRenderAction, RENDER_ACTION_ID } from './render.js';

const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });
const action = createRenderAction({ engine });

describe('golden-path:render examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const input = exampleInput(example, RENDER_ACTION_ID);
    const { ctx, outputs, workspacePath } = actionContext(input);
    await action.handler(ctx);

    const target = join(workspacePath, String(input.targetPath ?? '.'));
    const gp = engine.load(String(input.template));
    expect(outputs.templateVersion).toBe(gp.version);
    expect(outputs.files).toEqual(expect.arrayContaining(['.golden-path.yaml', 'catalog-info.yaml']));
    expect(outputs.fileCount).toBe((outputs.files as string[]).length);
    for (const file of outputs.files as string[]) expect(existsSync(join(target, file)), file).toBe(true);
    // The repository records the example's values (defaults applied) and names the service as given.
    const manifest = parse(readFileSync(join(target, '.golden-path.yaml'), 'utf8'));
    expect(manifest.template).toEqual({ id: gp.id, version: gp.version });
    expect(manifest.values).toMatchObject(input.values as object);
    expect(readFileSync(join(target, 'catalog-info.yaml'), 'utf8')).toContain(
      `name: ${String((input.values as { name: string }).name)}`,
    );
  });
});
