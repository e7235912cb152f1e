// The API refuses what the CLI refuses (test/golden-paths/refused-text.test.ts): text no format can
// carry fails the task before anything is published, naming the field, never a server path; and a
// string is not a number, as on the command line's values file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TestBackend } from '../testing/backend.ts';
import { runTask, serviceValues, TEMPLATE_REF, uniqueName } from '../testing/scaffolder.ts';

const USER = 'user:default/ada'; // a payments member (permissions.test.ts)

describe('the API and free text', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await TestBackend.start({ testSignIn: true });
  }, 300_000);
  afterAll(() => backend?.stop());

  it.each([
    ['a NUL \u0000 byte', 'U+0000 (NUL)'],
    ['a lone \ud800 surrogate', 'lone UTF-16 surrogate (U+D800)'],
    ['reads \u202egnp.exe backwards', 'U+202E'],
  ])(
    'a description with %j fails the task naming the field, and publishes nothing',
    async (description, named) => {
      const name = uniqueName('text');
      const { task, done } = await runTask(backend.as(USER), serviceValues(name, { description }));
      expect(task.status).toBe('failed');
      const message = done.body.error?.message ?? '';
      expect(message).toContain('description: must');
      expect(message).toContain(named);
      expect(message).not.toContain(REPO_ROOT);
      expect(message).not.toContain(backend.dataDir);
      expect(existsSync(join(backend.reposRoot, 'acme-fintech', `${name}.git`))).toBe(false);
      expect(await backend.as(USER).entity(`component:default/${name}`)).toBeUndefined();
    },
    300_000,
  );

  it('refuses "2" for a whole number, as the CLI does', async () => {
    const r = await backend.as(USER).fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      json: { templateRef: TEMPLATE_REF, values: serviceValues(uniqueName('type'), { desiredCount: '2' }) },
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/desiredCount/);
  }, 120_000);
});
