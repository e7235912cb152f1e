// The end-to-end behaviour of the portal's engine room, run once per database (sqlite.test.ts,
// postgres.test.ts) against the project's compiled backend started as a child process.
import { GoldenPathEngine } from '@golden-path/engine';
import { LocalGitRemote } from '@golden-path/node';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TestBackend, type BackendOptions } from '../testing/backend.ts';
import { failingPushSetup } from '../testing/failingPush.ts';
import { bareGit, filesOn, remoteEntries } from '../testing/git.ts';
import {
  completion,
  createTask,
  runTask,
  serviceValues,
  TEMPLATE_REF,
  uniqueName,
  waitForTask,
} from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';
const engine = new GoldenPathEngine({ templatesRoot: join(REPO_ROOT, 'templates') });

export interface SuiteOptions {
  /**
   * Runs the dry-run test (default true). A dry run never touches the task store (Backstage runs it
   * in memory), so one database proves it: postgres.test.ts leaves it to sqlite.test.ts and spares
   * CI a whole policy gate.
   */
  dryRun?: boolean;
}

export function scaffolderSuite(
  label: string,
  backendOptions: () => Promise<BackendOptions>,
  suite: SuiteOptions = {},
): void {
  describe(`the backend on ${label}`, () => {
    let backend: TestBackend;
    let hookDir: string;
    let inject: ReturnType<typeof failingPushSetup>;
    /** The service the first test creates; the duplicate test reuses it (a task costs ~15 s). */
    let created: string | undefined;
    const repo = (name: string) => join(backend.reposRoot, ORG, `${name}.git`);
    /** Everything of the remote's organisation folder that concerns one service name. */
    const traces = (name: string) => remoteEntries(backend.reposRoot, ORG).filter(e => e.includes(name));

    beforeAll(async () => {
      hookDir = mkdtempSync(join(tmpdir(), 'gp-hooks-'));
      inject = failingPushSetup(hookDir);
      const options = await backendOptions();
      // Signed in as Lin, of the platform group: creates for payments and dry-runs (permissions.test.ts
      // covers members and non-members).
      const guest = { auth: { providers: { guest: { userEntityRef: 'user:default/lin' } } } };
      backend = await TestBackend.start({
        ...options,
        env: { ...options.env, ...inject.env },
        config: { ...options.config, ...guest },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      rmSync(hookDir, { recursive: true, force: true });
    });

    it("serves every golden path's Template with its shared form steps and steps composed, as the engine reads it", async () => {
      for (const id of engine.ids()) {
        const entity = await backend.waitForEntity(`template:default/${id}`);
        const { parameters, steps } = engine.load(id).entity.spec as { parameters: unknown; steps: unknown };
        expect(entity.spec?.parameters, id).toEqual(parameters);
        expect(entity.spec?.steps, id).toEqual(steps);
      }
    });

    it('creates a service: the repository holds the rendered files on main, the catalog knows its owner', async () => {
      const name = uniqueName('ledger');
      const values = serviceValues(name);
      const { task, done } = await runTask(backend, values);
      expect(task.status, JSON.stringify(done.body.error ?? done.body)).toBe('completed');

      // Exactly what the engine renders for these values, in one commit on main.
      const expected = engine
        .plan(engine.prepare(engine.load('python-django-service'), values))
        .files.map(f => f.path)
        .sort();
      expect(filesOn(repo(name))).toEqual(expected);
      expect(bareGit(repo(name), 'rev-list', '--count', 'main').trim()).toBe('1');
      expect(traces(name)).toEqual([`${name}.git`]);
      // The change control GitHub would get, recorded: ci.yml's checks, production reviewed by the owner.
      const control = await new LocalGitRemote({
        root: backend.reposRoot,
        browseBaseUrl: backend.baseUrl,
      }).changeControl(ORG, name);
      expect(control?.branchProtection.requiredStatusChecks).toContain('Lint and test');
      expect(control?.environments.map(e => [e.name, e.deploymentBranches, e.reviewers])).toEqual([
        ['production', ['main'], ['group:default/payments']],
        ['staging', ['main'], []],
        // Tenants by branch (tenant.yml): applied from tenants/*, destroyed from main, both reviewed.
        ['tenant', ['tenants/*'], ['group:default/payments']],
        ['tenant-destroy', ['main'], ['group:default/payments']],
      ]);

      const componentRef = `component:default/${name}`;
      const component = await backend.waitForEntity(componentRef);
      expect(component.relations).toContainEqual(
        expect.objectContaining({ type: 'ownedBy', targetRef: 'group:default/payments' }),
      );
      await backend.waitForEntity('group:default/payments', g =>
        (g.relations ?? []).some(r => r.type === 'ownerOf' && r.targetRef === componentRef),
      );
      created = name;

      const links = done.body.output?.links ?? [];
      expect(links).toContainEqual(expect.objectContaining({ entityRef: componentRef }));
      const repoLink = links.find(l => l.title === 'Repository')?.url ?? '';
      expect(repoLink).toBe(`${backend.baseUrl}/api/golden-path/git/${ORG}/${name}/tree/main`);
      // People can read the published files through the golden-path plugin.
      const page = await fetch(repoLink.replace(backend.baseUrl, backend.url));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('catalog-info.yaml');
    });

    it('picks up a later push to catalog-info.yaml when the entity is refreshed', async () => {
      const name = created;
      expect(name, 'needs the service of the first test').toBeDefined();
      const work = mkdtempSync(join(tmpdir(), 'gp-clone-'));
      try {
        const git = (...args: string[]) =>
          execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: work, encoding: 'utf8' });
        git('clone', '-q', repo(name!), '.');
        const file = join(work, 'catalog-info.yaml');
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace(/^(\s*)description:.*$/m, '$1description: Changed after publishing.'),
        );
        git('commit', '-q', '-am', 'Describe it better');
        git('push', '-q', 'origin', 'main');
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      await backend.json('/api/catalog/refresh', { method: 'POST', json: { entityRef: `component:default/${name}` } });
      await backend.waitForEntity(
        `component:default/${name}`,
        e => e.metadata.description === 'Changed after publishing.',
      );
    });

    if (suite.dryRun ?? true) {
      it('dry-run returns the file list and creates nothing', async () => {
        const name = uniqueName('dry');
        const template = await backend.entity(TEMPLATE_REF);
        const result = await backend.json<{ directoryContents: { path: string }[]; steps: { id: string }[] }>(
          '/api/scaffolder/v2/dry-run',
          {
            method: 'POST',
            json: { template, values: serviceValues(name), directoryContents: [] },
          },
        );
        const paths = result.directoryContents.map(f => f.path).sort();
        expect(paths).toEqual(
          engine
            .plan(engine.prepare(engine.load('python-django-service'), serviceValues(name)))
            .files.map(f => f.path)
            .sort(),
        );
        expect(traces(name)).toEqual([]);
        expect(await backend.entity(`component:default/${name}`)).toBeUndefined();
      });
    }

    it('refuses bad values before anything is written, naming the field', async () => {
      // What JSON Schema can say, the scaffolder checks when the task is created.
      const badName = await backend.fetch('/api/scaffolder/v2/tasks', {
        method: 'POST',
        json: { templateRef: TEMPLATE_REF, values: serviceValues('Not_A_Name') },
      });
      expect(badName.status).toBe(400);
      expect(await badName.text()).toMatch(/name/);

      // What it cannot (maxCount >= desiredCount), the engine checks in the render step.
      const name = uniqueName('bad');
      const { task, done } = await runTask(backend, serviceValues(name, { desiredCount: 5, maxCount: 3 }));
      expect(task.status).toBe('failed');
      expect(done.body.error?.name).toBe('InputError');
      expect(done.body.error?.message).toMatch(/maxCount/);
      expect(traces(name)).toEqual([]);
      expect(await backend.entity(`component:default/${name}`)).toBeUndefined();
    });

    it('refuses a second service of the same name and leaves the first repository untouched', async () => {
      const name = created ?? uniqueName('dup');
      if (!created) expect((await runTask(backend, serviceValues(name))).task.status).toBe('completed');
      const head = bareGit(repo(name), 'rev-parse', 'main').trim();
      const files = filesOn(repo(name));

      // The portal's name field says so before the user even submits.
      await backend.waitForEntity(`component:default/${name}`);
      const check = await backend.json<{ problems: string[] }>(
        `/api/golden-path/v1/names/${name}?template=python-django-service&org=${ORG}`,
      );
      expect(check).toMatchObject({ name, valid: true, available: false });
      expect(check.problems).toHaveLength(2);

      const second = await runTask(backend, serviceValues(name, { description: 'Someone else, same name.' }));
      expect(second.task.status).toBe('failed');
      // Refused in preflight, before anything is rendered: the catalog already has the name.
      expect(second.done.body.error?.message).toBe(
        `name: component:default/${name} already exists in the catalog (maybe in another organisation); choose another name`,
      );
      expect(bareGit(repo(name), 'rev-parse', 'main').trim()).toBe(head);
      expect(filesOn(repo(name))).toEqual(files);
      expect(traces(name)).toEqual([`${name}.git`]);
    });

    it('a publish that fails half way leaves no repository, and a retry completes', async () => {
      const name = uniqueName('retry');
      inject.failNextPublish();
      const id = await createTask(backend, serviceValues(name));
      const failed = await waitForTask(backend, id);
      expect(failed.status).toBe('failed');
      expect(inject.armed(), 'the injected failure happened inside the publish').toBe(false);
      expect((await completion(backend, id)).body.error?.message).toMatch(/injected failure/);
      expect(traces(name)).toEqual([]);

      await backend.json(`/api/scaffolder/v2/tasks/${id}/retry`, { method: 'POST', json: {} });
      const retried = await waitForTask(backend, id);
      expect(retried.status, JSON.stringify((await completion(backend, id)).body)).toBe('completed');
      expect(filesOn(repo(name))).toContain('catalog-info.yaml');
      expect(bareGit(repo(name), 'rev-list', '--count', 'main').trim()).toBe('1');
      expect(traces(name)).toEqual([`${name}.git`]);
      await backend.waitForEntity(`component:default/${name}`);
    });

    it('checks names as the portal types them', async () => {
      const free = await backend.json(`/api/golden-path/v1/names/${uniqueName('free')}?template=python-django-service`);
      expect(free).toMatchObject({ valid: true, available: true, problems: [] });
      const invalid = await backend.json<{ problems: string[] }>(
        '/api/golden-path/v1/names/Bad_Name?template=python-django-service',
      );
      expect(invalid).toMatchObject({ valid: false, available: false });
      expect(invalid.problems[0]).toMatch(/must match/);
      const anonymous = await fetch(`${backend.url}/api/golden-path/v1/names/x?template=python-django-service`);
      expect(anonymous.status).toBe(401);
    });

    it('keeps nothing half made anywhere in the remote', () => {
      expect(remoteEntries(backend.reposRoot, ORG).filter(e => e.startsWith('.'))).toEqual([]);
      expect(existsSync(join(backend.reposRoot, ORG))).toBe(true);
    });
  });
}
