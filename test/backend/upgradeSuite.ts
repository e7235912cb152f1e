// Day 2 end to end, once per database (upgrade.test.ts, upgrade.postgres.test.ts): a service made by
// python-django-service 1.0.0 (the fixture bundle) on the embedded remote, edited by its owners, is
// upgraded by the golden-path-upgrade Template's task; the pull request is read and merged through
// the golden-path plugin's API, on the project's compiled backend.
import type { PullRequestList, PullRequestRecord } from '@golden-path/common';
import { GoldenPathEngine } from '@golden-path/engine';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_1_0_0, releaseCopy } from '../../plugins/golden-path-upgrade/src/testing/repos.ts';
import { REPO_ROOT, TestBackend, type BackendOptions } from '../testing/backend.ts';
import { bareGit } from '../testing/git.ts';
import { completion, waitForTask, type TaskEvent } from '../testing/scaffolder.ts';

const ORG = 'acme-fintech';
const UPGRADE_TEMPLATE = 'template:default/golden-path-upgrade';
const PLATFORM = 'user:default/lin'; // platform group: may upgrade and merge any service
const OUTSIDER = 'user:default/sam'; // risk group: may do neither for a payments service

/** The next minor release of the templates' python-django-service, whatever today's version is. */
function nextVersion(): string {
  const engine = new GoldenPathEngine({ templatesRoot: join(REPO_ROOT, 'templates') });
  const [major, minor] = engine.load('python-django-service').version.split('.').map(Number);
  return `${major}.${minor! + 1}.0`;
}

/** The file of a skeleton, rendered (.ejs) or copied. */
const skeletonFile = (path: string) => (existsSync(`${path}.ejs`) ? `${path}.ejs` : path);
const append = (file: string, text: string) => writeFileSync(file, readFileSync(file, 'utf8') + text);
const prepend = (file: string, text: string) => writeFileSync(file, text + readFileSync(file, 'utf8'));

const RELEASE = {
  docsEnd: '\n<!-- Kept up to date by the golden path (release test). -->\n',
  mkdocsEnd: '# Built by TechDocs (release test).\n',
  serviceTop: '# The service logic (release test).\n',
};
const OWNERS = {
  docsTop: 'Owned by the payments team: ask in #payments.\n\n',
  mkdocsEnd: '# Owners: payments.\n',
  service: '\n# Reviewed by the payments team.\n',
  ci: '# Tweaked by the team.\n',
};

/**
 * The release under test: today's templates plus changes at places the owners' edits either avoid
 * (docs/index.md: the release appends, the owners insert after the title) or share (mkdocs.yml:
 * both append), and a change to a seeded file (never applied to an existing service).
 */
function release(gp: string) {
  const catalogPart = join(gp, '..', 'parts', 'catalog', 'skeleton');
  append(skeletonFile(join(catalogPart, 'docs', 'index.md')), RELEASE.docsEnd);
  append(skeletonFile(join(catalogPart, 'mkdocs.yml')), RELEASE.mkdocsEnd);
  prepend(skeletonFile(join(gp, 'skeleton', '<%= names.snake %>', 'service.py')), RELEASE.serviceTop);
}

interface Service {
  name: string;
  gitDir: string;
  mainBefore: string;
}

/**
 * `signIn`: 'any-user' signs in as Lin (platform) and Sam (risk) with test tokens (SQLite only);
 * 'guest' signs in as Lin through the guest provider, and the outsider's refusals are not run.
 */
export function upgradeSuite(
  label: string,
  backendOptions: () => Promise<BackendOptions>,
  signIn: 'any-user' | 'guest' = 'any-user',
): void {
  describe(`day 2 on the backend on ${label}`, () => {
    const anyUser = signIn === 'any-user';
    let backend: TestBackend;
    let work: string;
    let version: string;
    let service: Service;
    let pr: PullRequestRecord;

    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Owner', '-c', 'user.email=owner@example.com', ...args], {
        cwd,
        encoding: 'utf8',
      }).trim();
    /** The backend as `user`: a test token for any user, or the guest (Lin) when that is all there is. */
    const as = (user: string) => (anyUser ? backend.as(user) : backend);
    const refs = (gitDir: string) => bareGit(gitDir, 'for-each-ref', '--format=%(refname) %(objectname)');

    /**
     * The fixture pushed to the remote as `name` (its catalog entry renamed to match), `edit` applied
     * by its owners on main, then registered in the catalog.
     */
    async function seedService(name: string, edit: (dir: string) => void = () => {}): Promise<Service> {
      const gitDir = join(backend.reposRoot, ORG, `${name}.git`);
      const clone = join(work, name);
      git(work, 'clone', '-q', '-b', 'main', FIXTURE_1_0_0, clone);
      const info = join(clone, 'catalog-info.yaml');
      writeFileSync(info, readFileSync(info, 'utf8').replaceAll('payments-api', name));
      edit(clone);
      git(clone, 'add', '--all');
      git(clone, 'commit', '-q', '-m', "The owners' changes");
      git(work, 'init', '-q', '--bare', gitDir);
      git(clone, 'push', '-q', gitDir, 'main', 'refs/remotes/origin/golden-path/base:refs/heads/golden-path/base');
      const target = `${backend.baseUrl}/api/golden-path/git/${ORG}/${name}/blob/main/catalog-info.yaml`;
      await as(PLATFORM).json('/api/catalog/locations', { method: 'POST', json: { type: 'url', target } });
      await backend.waitForEntity(`component:default/${name}`).catch((error: Error) => {
        throw new Error(`${error.message}\n--- backend log ---\n${backend.logTail(60)}`);
      });
      return { name, gitDir, mainBefore: bareGit(gitDir, 'rev-parse', 'main').trim() };
    }

    /** Runs the upgrade Template for a service as a user: the task's end and its last event. */
    async function upgradeTask(user: string, entityRef: string) {
      const { id } = await as(user).json<{ id: string }>('/api/scaffolder/v2/tasks', {
        method: 'POST',
        json: { templateRef: UPGRADE_TEMPLATE, values: { entityRef } },
      });
      const task = await waitForTask(as(user), id, 600_000);
      const done: TaskEvent = await completion(as(user), id);
      return { task, done };
    }

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'gp-day2-'));
      version = nextVersion();
      const templatesRoot = releaseCopy(join(work, 'templates'), version, release);
      const reposRoot = join(work, 'repos');
      const options = await backendOptions();
      backend = await TestBackend.start({
        ...options,
        testSignIn: anyUser,
        // A start sat at 'Loading config' for minutes on this 2-core machine under load.
        readinessTimeoutMs: 300_000,
        reposRoot,
        // goldenPath replaces TestBackend's whole goldenPath key: the remote's root is given again.
        config: {
          ...options.config,
          goldenPath: { templatesRoot, localRemote: { root: reposRoot } },
          auth: { providers: { guest: { userEntityRef: PLATFORM } } },
        },
        waitForEntities: [UPGRADE_TEMPLATE, 'group:default/payments', 'user:default/lin'],
      });
      service = await seedService('payments-api', dir => {
        prepend(join(dir, 'docs', 'index.md'), OWNERS.docsTop); // merged, apart from the release
        append(join(dir, 'mkdocs.yml'), OWNERS.mkdocsEnd); // merged, where the release changes it too
        append(join(dir, 'payments_api', 'service.py'), OWNERS.service); // seeded
        append(join(dir, '.github', 'workflows', 'ci.yml'), OWNERS.ci); // managed
      });
    }, 600_000); // a start has taken minutes on this loaded 2-core machine

    afterAll(async () => {
      await backend?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it.runIf(anyUser)('refuses someone outside the owner group and the platform group, pushing nothing', async () => {
      const before = refs(service.gitDir);
      const { task, done } = await upgradeTask(OUTSIDER, `component:default/${service.name}`);
      expect(task.status).toBe('failed');
      expect(done.body.error?.message).toMatch(/you may not upgrade component:default\/payments-api/);
      expect(refs(service.gitDir)).toBe(before);
    });

    it('upgrades on a branch and opens a pull request: files by class, conflicts listed, gate verdict; main unchanged', async () => {
      const { task, done } = await upgradeTask(PLATFORM, `component:default/${service.name}`);
      expect(task.status, JSON.stringify(done.body)).toBe('completed');
      const branch = `golden-path/upgrade-${version}`;
      const show = (ref: string, path: string) => bareGit(service.gitDir, 'show', `${ref}:${path}`);

      // main is what the owners left; the branch is one commit on top of it.
      expect(bareGit(service.gitDir, 'rev-parse', 'main').trim()).toBe(service.mainBefore);
      expect(bareGit(service.gitDir, 'rev-parse', `${branch}^`).trim()).toBe(service.mainBefore);

      // Seeded: the owners' file as they left it; the release's change is not applied.
      expect(show(branch, 'payments_api/service.py')).toBe(show('main', 'payments_api/service.py'));
      expect(show(branch, 'payments_api/service.py')).not.toContain(RELEASE.serviceTop.trim());
      // Merged apart: both changes, no markers.
      const docs = show(branch, 'docs/index.md');
      expect(docs).toContain(OWNERS.docsTop.trim());
      expect(docs).toContain(RELEASE.docsEnd.trim());
      expect(docs).not.toMatch(/^<{7}/m);
      // Merged in the same place: committed with standard markers around both.
      const mkdocs = show(branch, 'mkdocs.yml');
      expect(mkdocs).toMatch(/^<{7} main$/m);
      expect(mkdocs).toMatch(/^>{7} python-django-service /m);
      expect(mkdocs).toContain(OWNERS.mkdocsEnd.trim());
      expect(mkdocs).toContain(RELEASE.mkdocsEnd.trim());
      // Managed: the owners' tweak replaced (reported below).
      expect(show(branch, '.github/workflows/ci.yml')).not.toContain(OWNERS.ci.trim());

      const list = await as(PLATFORM).json<PullRequestList>(
        `/api/golden-path/v1/pulls?entityRef=component:default/${service.name}&state=open`,
      );
      expect(list.items).toHaveLength(1);
      pr = list.items[0]!;
      expect(pr).toMatchObject({
        number: 1,
        repository: { slug: `${ORG}/${service.name}`, entityRef: `component:default/${service.name}` },
        branch,
        base: 'main',
        fromVersion: '1.0.0',
        toVersion: version,
        state: 'open',
        baseCommit: service.mainBefore,
        head: bareGit(service.gitDir, 'rev-parse', branch).trim(),
        author: PLATFORM,
        provider: 'embedded',
      });
      const outcome = (path: string) => pr.files.find(f => f.path === path);
      expect(outcome('docs/index.md')).toEqual({ path: 'docs/index.md', class: 'merged', outcome: 'merged' });
      expect(outcome('mkdocs.yml')).toEqual({ path: 'mkdocs.yml', class: 'merged', outcome: 'conflict' });
      expect(outcome('.github/workflows/ci.yml')).toMatchObject({ class: 'managed', outcome: 'overwritten' });
      expect(outcome('payments_api/service.py')).toBeUndefined(); // seeded: nothing to report
      expect(pr.conflicts).toContainEqual(expect.objectContaining({ path: 'mkdocs.yml', reason: 'both-changed' }));
      expect(pr.conflicts.map(c => c.path)).not.toContain('docs/index.md');
      expect(pr.changelog.map(e => e.version)).toContain(version);
      // The gate ran on the merged result (the branch's commit) and its verdict is in the record.
      expect(pr.gate?.commit).toBe(pr.head);
      expect(pr.gate?.validators.length).toBeGreaterThan(3);
      expect(typeof pr.gate?.passed).toBe('boolean');
      // The task links to the pull request.
      const links = done.body.output?.links ?? [];
      expect(links).toContainEqual(expect.objectContaining({ title: 'Pull request', url: pr.url }));
      expect(await as(PLATFORM).json<PullRequestRecord>(`/api/golden-path/v1/pulls/${ORG}/${service.name}/1`)).toEqual(
        pr,
      );
    });

    it('merges only for the owners or the platform, only once the markers are resolved, and the merged repository passes the gate', async () => {
      expect(pr, 'needs the pull request of the upgrade test').toBeDefined();
      const merge = (user: string) =>
        as(user).fetch(`/api/golden-path/v1/pulls/${ORG}/${service.name}/${pr.number}/merge`, { method: 'POST' });

      if (anyUser) expect((await merge(OUTSIDER)).status).toBe(403);
      const marked = await merge(PLATFORM);
      expect(marked.status).toBe(409);
      expect(await marked.text()).toMatch(/mkdocs.yml still holds conflict markers/);
      expect(bareGit(service.gitDir, 'rev-parse', 'main').trim()).toBe(service.mainBefore);

      // The owners resolve on the branch: both lines kept.
      const clone = join(work, 'resolve');
      git(work, 'clone', '-q', '-b', pr.branch, service.gitDir, clone);
      const file = join(clone, 'mkdocs.yml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .split('\n')
          .filter(l => !/^(<{7}|={7}|>{7})( |$)/.test(l))
          .join('\n'),
      );
      git(clone, 'commit', '-q', '-am', 'Resolve mkdocs.yml');
      git(clone, 'push', '-q', 'origin', pr.branch);
      const resolved = git(clone, 'rev-parse', 'HEAD');

      const merged = await merge(PLATFORM);
      const body = (await merged.json()) as PullRequestRecord;
      expect(merged.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ state: 'merged', mergeCommit: resolved, mergedBy: PLATFORM });
      expect(body.gate).toMatchObject({ commit: resolved, passed: true });
      expect(bareGit(service.gitDir, 'rev-parse', 'main').trim()).toBe(resolved);
      const manifest = bareGit(service.gitDir, 'show', 'main:.golden-path.yaml');
      expect(manifest).toContain(`version: ${version}`);
      expect((await merge(PLATFORM)).status).toBe(409); // merged already
    });

    it('refuses a repository without golden-path/base with a clear error, pushing nothing', async () => {
      const bare = await seedService('payments-nobase');
      bareGit(bare.gitDir, 'update-ref', '-d', 'refs/heads/golden-path/base');
      const before = refs(bare.gitDir);
      const { task, done } = await upgradeTask(PLATFORM, `component:default/${bare.name}`);
      expect(task.status).toBe('failed');
      expect(done.body.error?.message).toMatch(/no golden-path\/base branch/);
      expect(done.body.error?.message).not.toContain(tmpdir());
      expect(refs(bare.gitDir)).toBe(before);
      expect(
        (
          await as(PLATFORM).json<PullRequestList>(
            '/api/golden-path/v1/pulls?entityRef=component:default/payments-nobase',
          )
        ).items,
      ).toEqual([]);
    });
  });
}
