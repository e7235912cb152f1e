/**
 * The reconciler on a real embedded remote (real git, real publish), with the catalog and the
 * scaffolder answering as a backend would after a crash: which repositories are registered, which
 * tasks exist, how far each got.
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import type { LogEvent } from '@backstage/plugin-scaffolder-common';
import { LocalGitRemote, gitText } from '@golden-path/node';
import { describe, expect, it } from 'vitest';
import { reconcile, type ReconcilerDeps } from './reconciler.js';

const BASE = 'http://localhost:7007/api/golden-path/git';
const AUTHOR = { name: 'Golden Path', email: 'gp@example.com' };

function catalogInfo(name: string, owner: string): string {
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: ${owner}\n`;
}

/** Publishes `<org>/<name>` as task `taskId` would, with a catalog-info.yaml owned by `owner`. */
async function publish(remote: LocalGitRemote, name: string, taskId: string, owner = 'group:default/payments') {
  const dir = mkdtempSync(join(tmpdir(), 'gp-reconcile-src-'));
  writeFileSync(join(dir, 'catalog-info.yaml'), catalogInfo(name, owner));
  await remote.publish({
    owner: 'acme',
    name,
    sourceDir: dir,
    branch: 'main',
    message: 'Create',
    author: AUTHOR,
    taskId,
  });
}

function task(id: string, status: ScaffolderTask['status']): ScaffolderTask {
  return {
    id,
    status,
    createdAt: new Date().toISOString(),
    spec: {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      parameters: { owner: 'payments' },
      output: {},
      steps: [
        { id: 'check', name: 'Gate', action: 'golden-path:check' },
        { id: 'publish', name: 'Publish', action: 'golden-path:publish' },
      ],
    },
  } as ScaffolderTask;
}

const stepEvent = (taskId: string, stepId: string, status: string, id: number): LogEvent =>
  ({ id, taskId, type: 'log', createdAt: '', body: { message: '', stepId, status } }) as unknown as LogEvent;

/** The catalog's locations and dry-run answers as the real catalog gives them, from the remote's files. */
function fakeCatalog(remote: LocalGitRemote, locations: string[]) {
  const added: string[] = [];
  return {
    added,
    catalog: {
      getLocations: async () => ({ items: locations.map((target, i) => ({ id: String(i), type: 'url', target })) }),
      addLocation: async ({ target, dryRun }: { target: string; dryRun?: boolean }) => {
        if (locations.includes(target)) throw new ConflictError(`Location ${target} already exists`);
        const file = remote.parseFileUrl(target)!;
        const read = await remote.readFile(file);
        const text = read!.content.toString();
        const owner = /owner: (.*)/.exec(text)![1];
        const entity = { kind: 'Component', metadata: { name: file.name }, spec: { owner } };
        if (!dryRun) added.push(target);
        return { location: { id: 'x', type: 'url', target }, entities: [entity] };
      },
    },
  };
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'gp-reconcile-'));
  mkdirSync(root, { recursive: true });
  return new LocalGitRemote({ root, browseBaseUrl: BASE });
}

function deps(
  remote: LocalGitRemote,
  catalog: unknown,
  tasks: Record<string, ScaffolderTask>,
  logs: Record<string, LogEvent[]>,
): ReconcilerDeps {
  return {
    remote,
    catalog: catalog as ReconcilerDeps['catalog'],
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    scaffolder: {
      getTask: async ({ taskId }) => {
        // The scaffolder's HTTP client answers an unknown task with a ResponseError of status 404.
        if (!tasks[taskId])
          throw Object.assign(new Error('Request failed with 404 Not Found'), {
            name: 'ResponseError',
            statusCode: 404,
          });
        return tasks[taskId];
      },
      getLogs: async ({ taskId }) => logs[taskId] ?? [],
    },
  };
}

describe('reconcile', () => {
  it('registers what an ended task published after its gate passed, and nothing already registered', async () => {
    const remote = setup();
    await publish(remote, 'ledger', 't-crashed');
    await publish(remote, 'wallet', 't-done');
    const { catalog, added } = fakeCatalog(remote, [remote.fileUrl('acme', 'wallet', 'catalog-info.yaml')]);
    const report = await reconcile(
      deps(
        remote,
        catalog,
        { 't-crashed': task('t-crashed', 'failed'), 't-done': task('t-done', 'completed') },
        { 't-crashed': [stepEvent('t-crashed', 'check', 'completed', 1)] },
      ),
    );
    expect(report.registered).toEqual([
      { repository: 'acme/ledger', entityRef: 'component:default/ledger', taskId: 't-crashed' },
    ]);
    expect(added).toEqual([remote.fileUrl('acme', 'ledger', 'catalog-info.yaml')]);
    expect(report.quarantined).toEqual([]);
    expect(remote.exists('acme', 'ledger')).toBe(true);
  });

  it('sets aside, with the reason, what was published without a passed gate or by an unknown task: the names are free', async () => {
    const remote = setup();
    await publish(remote, 'ungated', 't-failed');
    await publish(remote, 'stray', 't-gone');
    const { catalog, added } = fakeCatalog(remote, []);
    const report = await reconcile(
      deps(
        remote,
        catalog,
        { 't-failed': task('t-failed', 'failed') },
        { 't-failed': [stepEvent('t-failed', 'check', 'failed', 1)] },
      ),
    );
    expect(added).toEqual([]);
    expect(report.quarantined.map(q => [q.repository, q.reason])).toEqual([
      ['acme/stray', 'its task t-gone is unknown to the scaffolder'],
      ['acme/ungated', 'its task t-failed ended (failed) before the policy gate passed'],
    ]);
    expect(remote.exists('acme', 'ungated')).toBe(false);
    expect(remote.exists('acme', 'stray')).toBe(false);
    const kept = readdirSync(join(remote.root, '.quarantine', 'acme'));
    expect(kept.filter(f => f.startsWith('ungated-'))).toHaveLength(1);
    const why = await gitText([
      '--git-dir',
      join(
        remote.root,
        '.quarantine',
        'acme',
        kept.find(f => f.startsWith('ungated-'))!,
      ),
      'config',
      '--get',
      'golden-path.quarantined',
    ]);
    expect(why).toContain('before the policy gate passed');
    // The name is free: a new task publishes under it.
    await publish(remote, 'ungated', 't-new');
    expect(remote.exists('acme', 'ungated')).toBe(true);
  });

  it("sets aside a repository whose catalog-info names another team, and leaves running tasks' repositories alone", async () => {
    const remote = setup();
    await publish(remote, 'foreign', 't-foreign', 'group:default/platform');
    await publish(remote, 'busy', 't-busy');
    const { catalog, added } = fakeCatalog(remote, []);
    const report = await reconcile(
      deps(
        remote,
        catalog,
        { 't-foreign': task('t-foreign', 'completed'), 't-busy': task('t-busy', 'processing') },
        { 't-foreign': [stepEvent('t-foreign', 'check', 'completed', 1)] },
      ),
    );
    expect(added).toEqual([]);
    expect(report.waiting).toEqual(['acme/busy']);
    expect(report.quarantined).toHaveLength(1);
    expect(report.quarantined[0]!.reason).toMatch(/registration refused: .*not owned by group:default\/payments/);
    expect(remote.exists('acme', 'busy')).toBe(true);
  });

  it("removes the pushes of ended tasks, keeps running tasks' pushes, and reports locations whose repository is gone", async () => {
    const remote = setup();
    await publish(remote, 'ledger', 't-1');
    const incoming = (taskId: string) => {
      const dir = join(remote.root, 'acme', `.incoming-x-${taskId}`);
      mkdirSync(dir, { recursive: true });
      return gitText(['init', '-q', '--bare', dir]).then(() =>
        gitText(['--git-dir', dir, 'config', 'golden-path.task', taskId]).then(() => dir),
      );
    };
    const dead = await incoming('t-dead');
    const live = await incoming('t-live');
    const gone = remote.fileUrl('acme', 'deleted', 'catalog-info.yaml');
    const { catalog } = fakeCatalog(remote, [remote.fileUrl('acme', 'ledger', 'catalog-info.yaml'), gone]);
    const report = await reconcile(
      deps(remote, catalog, { 't-dead': task('t-dead', 'failed'), 't-live': task('t-live', 'processing') }, {}),
    );
    expect(report.removedIncoming).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(report.missingRepositories).toEqual([{ target: gone, repository: 'acme/deleted' }]);
  });
});
