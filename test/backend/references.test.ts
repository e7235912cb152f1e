// References are real, and one name is one service: tasks against the real backend (SQLite, the
// embedded git remote) that name an owner or a system the catalog does not have, or a name another
// organisation already uses, fail in the preflight step, naming the field, before anything is
// rendered or pushed.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, filesIn, tempDir } from '../cli/helpers.ts';
import { TestBackend } from '../testing/backend.ts';
import { remoteEntries } from '../testing/git.ts';
import { runTask, serviceValues, taskEvents, uniqueName } from '../testing/scaffolder.ts';

/** Every repository of the local remote named `name`, in any organisation: `<org>/<name>.git`. */
function repositoriesNamed(reposRoot: string, name: string): string[] {
  if (!existsSync(reposRoot)) return [];
  return readdirSync(reposRoot)
    .flatMap(org => remoteEntries(reposRoot, org).map(entry => `${org}/${entry}`))
    .filter(path => path.includes(name));
}

describe('references are real, and one name is one service', () => {
  let backend: TestBackend;
  /** A Group the signed-in user (the guest) belongs to, read from the catalog. */
  let ownGroup: string;
  /** The service the cross-organisation test created (a task through the whole gate costs ~30 s). */
  let created: string | undefined;

  beforeAll(async () => {
    backend = await TestBackend.start();
    const guest = await backend.waitForEntity('user:default/guest');
    ownGroup = guest.relations?.find(r => r.type === 'memberOf')?.targetRef ?? '';
    expect(ownGroup).toMatch(/^group:default\//);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  /** The ids of the steps that started, in order. */
  async function stepsRun(id: string): Promise<string[]> {
    const started = (await taskEvents(backend, id))
      .filter(e => e.type === 'log' && e.body.stepId && e.body.status === 'processing')
      .map(e => e.body.stepId!);
    return [...new Set(started)];
  }

  it.each([
    [
      'an owner Group that does not exist',
      { owner: 'group:default/no-such-team' },
      'owner: group:default/no-such-team does not exist in the catalog; choose a Group you belong to',
    ],
    [
      'a User as the owner',
      { owner: 'user:default/ada' },
      'owner: user:default/ada is not a Group; choose a Group you belong to',
    ],
    [
      'a Template as the owner',
      { owner: 'template:default/python-django-service' },
      'owner: template:default/python-django-service is not a Group; choose a Group you belong to',
    ],
    [
      'a System that does not exist',
      { system: 'no-such-system' },
      'system: system:default/no-such-system does not exist in the catalog; choose a System from the catalog',
    ],
  ])('fails a task with %s before publishing, naming the field', async (_what, bad, message) => {
    const name = uniqueName('ref');
    const { id, task, done } = await runTask(backend, serviceValues(name, { owner: ownGroup, ...bad }));
    expect(task.status).toBe('failed');
    expect(done.body.error?.name).toBe('InputError');
    expect(done.body.error?.message).toBe(message);
    expect(await stepsRun(id)).toEqual(['preflight']);
    expect(repositoriesNamed(backend.reposRoot, name)).toEqual([]);
    expect(await backend.entity(`component:default/${name}`)).toBeUndefined();
  });

  it('refuses the same name in another organisation, leaving one repository', async () => {
    const name = uniqueName('dup');
    const first = await runTask(backend, serviceValues(name, { owner: ownGroup, githubOrg: 'acme-fintech' }));
    expect(first.task.status, JSON.stringify(first.done.body.error ?? first.done.body)).toBe('completed');
    await backend.waitForEntity(`component:default/${name}`);

    const second = await runTask(backend, serviceValues(name, { owner: ownGroup, githubOrg: 'acme-risk' }));
    expect(second.task.status).toBe('failed');
    expect(second.done.body.error?.message).toBe(
      `name: component:default/${name} already exists in the catalog (maybe in another organisation); choose another name`,
    );
    expect(await stepsRun(second.id)).toEqual(['preflight']);
    expect(repositoriesNamed(backend.reposRoot, name)).toEqual([`acme-fintech/${name}.git`]);
    created = name;
  });

  describe('the CLI', () => {
    /** `golden-path create --dry-run` of these values, with the catalog given by `env`. */
    async function create(values: Record<string, unknown>, env: Record<string, string>) {
      const dir = tempDir();
      writeFileSync(join(dir, 'values.json'), JSON.stringify(values));
      const run = cli(
        ['create', 'python-django-service', '--values', 'values.json', '--output', 'out', '--yes', '--dry-run'],
        { cwd: dir, env: { GOLDEN_PATH_CATALOG_URL: '', GOLDEN_PATH_CATALOG_TOKEN: '', ...env } },
      );
      return { ...run, written: filesIn(join(dir, 'out')) };
    }
    const catalog = async () => ({
      GOLDEN_PATH_CATALOG_URL: backend.url,
      GOLDEN_PATH_CATALOG_TOKEN: await backend.token(),
    });

    // (A User as the owner is refused earlier, by the engine's own validation: refused-names.test.ts.)
    it('refuses an owner and a system the catalog does not have, naming each field, and writes nothing', async () => {
      const name = uniqueName('cli');
      const run = await create(
        serviceValues(name, { owner: 'group:default/no-such-team', system: 'no-such-system' }),
        await catalog(),
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        '  - owner: group:default/no-such-team does not exist in the catalog; choose a Group you belong to\n',
      );
      expect(run.stderr).toContain(
        '  - system: system:default/no-such-system does not exist in the catalog; choose a System from the catalog\n',
      );
      expect(run.written).toEqual([]);
    });

    it('refuses a name the catalog already has, and passes real references and a free name', async () => {
      expect(created, 'needs the service the cross-organisation test created').toBeDefined();
      const taken = await create(serviceValues(created!, { owner: ownGroup, githubOrg: 'acme-risk' }), await catalog());
      expect(taken.code, taken.stderr).toBe(2);
      expect(taken.stderr).toContain(
        `  - name: component:default/${created} already exists in the catalog (maybe in another organisation); choose another name\n`,
      );
      const free = await create(serviceValues(uniqueName('cli'), { owner: ownGroup }), await catalog());
      expect(free.code, free.stderr).toBe(0);
      expect(free.stderr).toMatch(
        /Check owner, system and name in the catalog at http:\/\/localhost:\d+ \(all real, name free/,
      );
    });

    it('skips the check with a note when no catalog is configured', async () => {
      const run = await create(serviceValues(uniqueName('cli'), { owner: 'group:default/no-such-team' }), {});
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('note: owner, system and name not checked against a catalog');
    });
  });
});
