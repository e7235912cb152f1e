import { InputError } from '@backstage/errors';
import { GoldenPathEngine } from '@golden-path/engine';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionContext, fixtureTemplates, tempDir } from '../testing/context.js';
import { createRenderAction } from './render.js';

const engine = new GoldenPathEngine({ templatesRoot: fixtureTemplates() });
const action = createRenderAction({ engine });
const good = { name: 'ledger', replicas: 3, apiToken: 'tok-0123456789abcdef' };

describe('golden-path:render', () => {
  it('writes the golden path into the workspace and says what it wrote', async () => {
    const { ctx, outputs, workspacePath } = actionContext({ template: 'tiny-service', values: good });
    await action.handler(ctx);
    expect(readFileSync(join(workspacePath, 'README.md'), 'utf8')).toContain('Replicas: 3');
    expect(outputs).toEqual({
      templateVersion: '2.1.0',
      fileCount: 3,
      files: ['.golden-path.yaml', 'README.md', 'catalog-info.yaml'],
    });
  });

  it('refuses bad values with every field and what it allows, and writes nothing', async () => {
    const { ctx, workspacePath } = actionContext({
      template: 'tiny-service',
      values: { name: 'Bad_Name', replicas: 1 },
    });
    const error = await action.handler(ctx).then(
      () => undefined,
      e => e as Error,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toMatch(/name: .*\^\[a-z\]/);
    expect(error?.message).toMatch(/replicas: .*2/);
    expect(readdirSync(workspacePath)).toEqual([]);
  });

  it('never logs or reports the value of a secret field', async () => {
    const secret = 'tiny-pw';
    const bad = actionContext({ template: 'tiny-service', values: { name: 'ledger', replicas: 1, apiToken: secret } });
    const error = await action.handler(bad.ctx).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toMatch(/apiToken/);
    expect(error?.message).not.toContain(secret);

    const ok = actionContext({ template: 'tiny-service', values: good });
    await action.handler(ok.ctx);
    expect([...bad.lines, ...ok.lines].join('\n')).not.toMatch(new RegExp(`${secret}|${good.apiToken}`));
  });

  it("takes the version from the form's Template entity, and refuses one that is not available", async () => {
    const templateInfo = {
      entityRef: 'template:default/tiny-service',
      entity: { metadata: { name: 'tiny-service', annotations: { 'golden-path.dev/version': '1.0.0' } } },
    };
    const { ctx, workspacePath } = actionContext({ template: 'tiny-service', values: good }, { templateInfo });
    await expect(action.handler(ctx)).rejects.toThrow(/version 1\.0\.0 is not available/);
    expect(readdirSync(workspacePath)).toEqual([]);

    const pinned = actionContext({ template: 'tiny-service', version: '^2.0.0', values: good }, { templateInfo });
    await action.handler(pinned.ctx);
    expect(pinned.outputs.templateVersion).toBe('2.1.0');
  });

  it('accepts a workspace holding exactly its own earlier render (a resumed task), nothing else', async () => {
    const first = actionContext({ template: 'tiny-service', values: good });
    await action.handler(first.ctx);
    const again = actionContext({ template: 'tiny-service', values: good }, { workspacePath: first.workspacePath });
    await action.handler(again.ctx);
    expect(again.outputs).toEqual(first.outputs);
    expect(again.lines.join('\n')).toMatch(/already holds these 3 files/);

    // Other values render other files: the earlier render is in the way, as anything else is.
    const other = actionContext(
      { template: 'tiny-service', values: { ...good, replicas: 4 } },
      { workspacePath: first.workspacePath },
    );
    await expect(action.handler(other.ctx)).rejects.toThrow(/already exists and is not an empty folder/);
    writeFileSync(join(first.workspacePath, 'extra.txt'), 'left over');
    await expect(action.handler(again.ctx)).rejects.toThrow(/already exists and is not an empty folder/);
    expect(readFileSync(join(first.workspacePath, 'README.md'), 'utf8')).toContain('Replicas: 3');
  });

  it('renders into a folder of the workspace, never outside it', async () => {
    const inside = actionContext({ template: 'tiny-service', values: good, targetPath: 'service' });
    await action.handler(inside.ctx);
    expect(existsSync(join(inside.workspacePath, 'service', 'README.md'))).toBe(true);

    const outside = actionContext({ template: 'tiny-service', values: good, targetPath: '../escape' });
    await expect(action.handler(outside.ctx)).rejects.toThrow(/outside/);
    expect(existsSync(resolve(outside.workspacePath, '../escape'))).toBe(false);
  });

  it("blames the user only for the user's mistakes, never naming a path on the server", async () => {
    const rejection = async (input: Record<string, unknown>, workspacePath?: string) => {
      const { ctx } = actionContext(input as never, workspacePath ? { workspacePath } : {});
      return action.handler(ctx).then(
        () => undefined,
        e => e as Error,
      );
    };
    const unknown = await rejection({ template: 'no-such-path', values: good });
    expect(unknown).toBeInstanceOf(InputError);
    expect(unknown?.message).toMatch(/golden path "no-such-path" not found; available: tiny-service/);

    const full = tempDir('gp-ws-');
    writeFileSync(join(full, 'README.md'), 'mine');
    const occupied = await rejection({ template: 'tiny-service', values: good }, full);
    expect(occupied).toBeInstanceOf(InputError);
    expect(occupied?.message).toMatch(/already exists and is not an empty folder/);
    expect(occupied?.message).not.toContain(full);

    // A broken skeleton is the platform team's bug: an error, but not bad input.
    const root = fixtureTemplates();
    symlinkSync('/etc/passwd', join(root, 'tiny-service', 'skeleton', 'passwd'));
    const broken = createRenderAction({ engine: new GoldenPathEngine({ templatesRoot: root }) });
    const bug = actionContext({ template: 'tiny-service', values: good });
    const error = await broken.handler(bug.ctx).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.name).toBe('TemplateError');
    expect(error).not.toBeInstanceOf(InputError);
    expect(readdirSync(bug.workspacePath)).toEqual([]);
  });

  it('renders the real python-django-service golden path', async () => {
    const real = createRenderAction({
      engine: new GoldenPathEngine({ templatesRoot: resolve(import.meta.dirname, '../../../../templates') }),
    });
    const values = {
      name: 'payments-ledger',
      description: 'Keeps the ledger.',
      owner: 'group:default/payments',
      system: 'payments',
      alarmEmail: 'oncall@example.com',
    };
    const { ctx, outputs, workspacePath } = actionContext({ template: 'python-django-service', values });
    await real.handler(ctx);
    expect(outputs.files).toContain('catalog-info.yaml');
    expect(readFileSync(join(workspacePath, 'catalog-info.yaml'), 'utf8')).toContain('payments-ledger');
  });
});
