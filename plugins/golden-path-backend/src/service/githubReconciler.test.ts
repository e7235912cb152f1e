/**
 * The reconciler's GitHub pass against a fake GitHub REST API served over HTTP (it renames, archives and
 * redirects old names as GitHub does), with the scaffolder and the catalog answering as a backend would:
 * which tasks failed, how far each got, which repositories are registered.
 */
import { ConflictError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import type { LogEvent, ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GithubRemote } from '../remote/GithubRemote.js';
import { startGithubApi } from '../testing/githubApi.js';
import { asideName, asideTime, reconcileGithub, repositoryOf, type GithubReconcilerDeps } from './githubReconciler.js';

const ORG = 'acme-fintech';
const NOW = new Date('2026-11-30T22:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const STEPS = [
  { id: 'check', name: 'Gate', action: 'golden-path:check' },
  { id: 'github-reviewers', name: 'Reviewers', action: 'golden-path:github-reviewers' },
  {
    id: 'publish-github',
    name: 'Publish',
    action: 'publish:github',
    input: { repoUrl: 'github.com?owner=${{ parameters.githubOrg }}&repo=${{ parameters.name }}' },
  },
  { id: 'change-control', name: 'Change control', action: 'golden-path:github-change-control' },
  { id: 'register', name: 'Register', action: 'golden-path:register' },
];

/** A task that ran from `start` to `end` minutes ago, each step logging its statuses in order. */
function run(
  id: string,
  name: string,
  start: number,
  end: number,
  steps: Record<string, string[]>,
  status: ScaffolderTask['status'] = 'failed',
) {
  const task = {
    id,
    status,
    createdAt: minutesAgo(start).toISOString(),
    lastHeartbeatAt: minutesAgo(end + 1).toISOString(),
    spec: {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      parameters: { name, githubOrg: ORG, owner: 'payments' },
      output: {},
      steps: STEPS,
    },
  } as unknown as ScaffolderTask;
  const events = Object.entries(steps).flatMap(([stepId, statuses]) =>
    statuses.map(s => ({ type: 'log', createdAt: minutesAgo(start - 1).toISOString(), body: { stepId, status: s } })),
  );
  events.push({ type: 'completion', createdAt: minutesAgo(end).toISOString(), body: {} as never });
  return { task, events: events.map((e, i) => ({ ...e, id: i, taskId: id }) as unknown as LogEvent) };
}

/** Steps up to publish:github done, change control begun and failed (GitHub refused a grant). */
const FAILED_AT_CHANGE_CONTROL = {
  check: ['processing', 'completed'],
  'github-reviewers': ['processing', 'completed'],
  'publish-github': ['processing', 'completed'],
  'change-control': ['processing', 'failed'],
  register: ['skipped'],
};

function scaffolder(runs: ReturnType<typeof run>[]): GithubReconcilerDeps['scaffolder'] & { listed: number[] } {
  const listed: number[] = [];
  const byId = new Map(runs.map(r => [r.task.id, r]));
  return {
    listed,
    // As the scaffolder's GET /v2/tasks: filtered by status, newest created first, paged.
    listTasks: async ({ status, limit = 10, offset = 0 }) => {
      listed.push(offset);
      const statuses = [status ?? []].flat();
      const items = runs
        .map(r => r.task)
        .filter(t => !statuses.length || statuses.includes(t.status))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return { items: items.slice(offset, offset + limit), totalItems: items.length };
    },
    getTask: async ({ taskId }) => byId.get(taskId)!.task,
    getLogs: async ({ taskId }) => byId.get(taskId)!.events,
  };
}

/** The catalog's locations, and its dry run reading each file's owner (`owners`, else payments). */
function catalog(locations: string[], owners: Record<string, string> = {}) {
  const added: string[] = [];
  return {
    added,
    service: {
      getLocations: async () => ({ items: locations.map((target, i) => ({ id: String(i), type: 'url', target })) }),
      addLocation: async ({ target, dryRun }: { target: string; dryRun?: boolean }) => {
        if (locations.includes(target) || added.includes(target)) throw new ConflictError(`${target} exists`);
        const name = new URL(target).pathname.split('/')[2]!;
        const entity = {
          kind: 'Component',
          metadata: { name },
          spec: { owner: owners[name] ?? 'group:default/payments' },
        };
        if (!dryRun) added.push(target);
        return { location: { id: 'x', type: 'url', target }, entities: [entity] };
      },
    } as unknown as GithubReconcilerDeps['catalog'],
  };
}

describe('reconcileGithub', () => {
  let api: Awaited<ReturnType<typeof startGithubApi>>;
  let github: GithubRemote;
  beforeEach(async () => {
    api = await startGithubApi();
    github = new GithubRemote({
      apiBaseUrl: api.apiBaseUrl,
      headers: async () => ({ Authorization: `Bearer ${api.token}` }),
    });
  });
  afterEach(() => api.close());

  const deps = (s: GithubReconcilerDeps['scaffolder'], c: GithubReconcilerDeps['catalog']): GithubReconcilerDeps => ({
    github,
    catalog: c,
    scaffolder: s,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    lookBackMs: 7 * 24 * 3600_000,
    graceMs: 60 * 60_000,
    now: () => NOW,
  });
  const patches = () => api.calls.filter(c => c.method === 'PATCH');

  it('sets aside what a task left half set up: renamed, archived, the reason and the task in its description; the name is free', async () => {
    api.create(ORG, 'ledger', minutesAgo(175));
    const s = scaffolder([run('t-half', 'ledger', 180, 170, FAILED_AT_CHANGE_CONTROL)]);
    const c = catalog([]);
    const report = await reconcileGithub(deps(s, c.service));

    const aside = asideName('ledger', NOW);
    expect(aside).toBe('ledger-set-aside-202611302200');
    expect(report.quarantined).toEqual([
      {
        repository: `${ORG}/ledger`,
        taskId: 't-half',
        reason: 'its task t-half ended (failed) before change-control completed',
        to: `${ORG}/${aside}`,
      },
    ]);
    expect(c.added).toEqual([]);
    const kept = api.get(ORG, aside)!;
    expect(kept.archived).toBe(true);
    expect(kept.description).toContain('t-half');
    expect(kept.description).toContain('before change-control completed');
    expect(kept.description).toContain(`was ${ORG}/ledger`);
    // GitHub redirects the old name to the renamed repository: the name check must call it free.
    expect(await github.exists(ORG, 'ledger')).toBe(false);
    expect(api.calls.some(c => c.path.startsWith('/repositories/'))).toBe(true);

    // A second pass (another replica's: nothing remembered) finds nothing under the old name: no change.
    const before = patches().length;
    const again = await reconcileGithub(deps(s, c.service));
    expect(again.quarantined).toEqual([]);
    expect(patches()).toHaveLength(before);
  });

  it('archives, in a later pass, a repository an earlier pass renamed but GitHub refused to archive; never renames it again', async () => {
    api.create(ORG, 'ledger', minutesAgo(175));
    api.failArchive(1, 502);
    const s = scaffolder([run('t-half', 'ledger', 180, 170, FAILED_AT_CHANGE_CONTROL)]);
    const c = catalog([]);
    const settled = new Map<string, number>();
    const logger = mockServices.logger.mock();
    const aside = asideName('ledger', NOW);

    const first = await reconcileGithub({ ...deps(s, c.service), logger, settled });
    expect(first.quarantined).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      `reconciler: could not set ${ORG}/ledger aside (next pass retries): GitHub answered 502 archiving ${ORG}/${aside}`,
    );
    expect(api.names(ORG)).toEqual([aside]);
    expect(api.get(ORG, aside)!.archived).toBe(false);
    // The name check still calls the old name free: the redirect does not hold it.
    expect(await github.exists(ORG, 'ledger')).toBe(false);

    // Ten minutes on, the same replica (the failure was not remembered as settled): archived, not renamed.
    const later = () => new Date(NOW.getTime() + 10 * 60_000);
    const before = patches().length;
    const second = await reconcileGithub({ ...deps(s, c.service), settled, now: later });
    expect(second.quarantined).toEqual([
      {
        repository: `${ORG}/ledger`,
        taskId: 't-half',
        reason: 'an earlier pass renamed it and could not archive it',
        to: `${ORG}/${aside}`,
      },
    ]);
    expect(patches().slice(before)).toEqual([
      { method: 'PATCH', path: `/repos/${ORG}/${aside}`, body: { archived: true } },
    ]);
    expect(api.get(ORG, aside)).toMatchObject({ archived: true, description: expect.stringContaining('t-half') });
    expect(api.names(ORG)).toEqual([aside]);

    // Another replica's pass (nothing remembered) follows the redirect to an archived set-aside: no change.
    const third = await reconcileGithub({ ...deps(s, c.service), now: later });
    expect(third).toEqual({ registered: [], quarantined: [], waiting: [], leftAlone: [] });
    expect(patches()).toHaveLength(before + 1);
  });

  it('retries an archive GitHub refuses again at the next pass', async () => {
    api.create(ORG, 'ledger', minutesAgo(175));
    api.failArchive(2, 503);
    const s = scaffolder([run('t-half', 'ledger', 180, 170, FAILED_AT_CHANGE_CONTROL)]);
    const logger = mockServices.logger.mock();
    const pass = () => reconcileGithub({ ...deps(s, catalog([]).service), logger });
    const aside = `${ORG}/${asideName('ledger', NOW)}`;
    expect((await pass()).quarantined).toEqual([]);
    expect((await pass()).quarantined).toEqual([]);
    expect(logger.warn).toHaveBeenLastCalledWith(
      `reconciler: could not archive ${aside}, set aside from ${ORG}/ledger (next pass retries): GitHub answered 503 archiving ${aside}`,
    );
    expect((await pass()).quarantined.map(q => q.to)).toEqual([aside]);
    expect(api.get(ORG, asideName('ledger', NOW))!.archived).toBe(true);
    expect(patches().filter(p => p.body?.name)).toHaveLength(1);
  });

  it('leaves alone a task repository renamed by someone else, even to a set-aside name, and touches nothing', async () => {
    const names = ['ledger', 'books', 'vault', 'wallet', 'cash'];
    for (const name of names) api.create(ORG, name, minutesAgo(name === 'cash' ? 300 : 175));
    api.move(ORG, 'ledger', ORG, 'ledger-old');
    api.move(ORG, 'books', ORG, asideName('books-v2', NOW)); // Another name's set-aside pattern.
    api.move(ORG, 'vault', 'elsewhere', asideName('vault', NOW)); // Transferred to another owner.
    api.move(ORG, 'wallet', ORG, asideName('wallet', minutesAgo(300))); // Stamped before its task ended.
    api.move(ORG, 'cash', ORG, asideName('cash', minutesAgo(100))); // Ours by name, but created before its task.
    const s = scaffolder(names.map(name => run(`t-${name}`, name, 180, 170, FAILED_AT_CHANGE_CONTROL)));
    const report = await reconcileGithub(deps(s, catalog([]).service));

    const redirect = /^GitHub redirects it to .*: not a set-aside name this reconciler gives it after its task/;
    expect(Object.fromEntries(report.leftAlone.map(l => [l.repository, l.reason]))).toEqual({
      [`${ORG}/ledger`]: expect.stringMatching(redirect),
      [`${ORG}/books`]: expect.stringMatching(redirect),
      [`${ORG}/vault`]: expect.stringMatching(redirect),
      [`${ORG}/wallet`]: expect.stringMatching(redirect),
      [`${ORG}/cash`]: expect.stringMatching(/^GitHub created it at .*, outside its task's run/),
    });
    expect(report.leftAlone.find(l => l.repository === `${ORG}/ledger`)!.reason).toContain(`${ORG}/ledger-old`);
    expect(report.quarantined).toEqual([]);
    expect(patches()).toEqual([]);
  });

  it("remembers settled tasks across one replica's passes, and looks at a retried task again", async () => {
    api.create(ORG, 'ledger', minutesAgo(175));
    const half = run('t-half', 'ledger', 180, 170, FAILED_AT_CHANGE_CONTROL);
    const s = scaffolder([half]);
    let logsRead = 0;
    const getLogs = s.getLogs;
    s.getLogs = async request => (logsRead++, getLogs(request));
    const settled = new Map<string, number>();
    const pass = () => reconcileGithub({ ...deps(s, catalog([]).service), settled });
    expect((await pass()).quarantined).toHaveLength(1);
    const calls = api.calls.length;
    expect(logsRead).toBe(1);

    await pass();
    expect(api.calls).toHaveLength(calls);
    expect(logsRead).toBe(1);

    // Retried from the portal (its last heartbeat moves) and failed again: read again, the name is free.
    half.task.lastHeartbeatAt = minutesAgo(100).toISOString();
    expect((await pass()).quarantined).toEqual([]);
    expect(logsRead).toBe(2);
    expect(api.calls.length).toBeGreaterThan(calls);
  });

  it('registers a repository whose change control completed but whose registration failed, and only once', async () => {
    api.create(ORG, 'wallet', minutesAgo(175));
    api.create(ORG, 'foreign', minutesAgo(175));
    const setUp = { ...FAILED_AT_CHANGE_CONTROL, 'change-control': ['processing', 'completed'] };
    const s = scaffolder([
      run('t-wallet', 'wallet', 180, 170, { ...setUp, register: ['processing', 'failed'] }),
      run('t-foreign', 'foreign', 180, 170, { ...setUp, register: ['processing', 'failed'] }),
    ]);
    const c = catalog([], { foreign: 'group:default/platform' });
    const report = await reconcileGithub(deps(s, c.service));
    expect(report.registered).toEqual([
      { repository: `${ORG}/wallet`, entityRef: 'component:default/wallet', taskId: 't-wallet' },
    ]);
    expect(c.added).toEqual([`https://github.com/${ORG}/wallet/blob/main/catalog-info.yaml`]);
    expect(api.get(ORG, 'wallet')!.archived).toBe(false);
    // Set up, but its file names another team: the catalog's refusal sets it aside, as on the embedded remote.
    expect(report.quarantined.map(q => [q.repository, q.reason])).toEqual([
      [`${ORG}/foreign`, expect.stringMatching(/^registration refused: .*not owned by group:default\/payments/)],
    ]);
    expect(api.get(ORG, 'foreign')).toBeUndefined();

    const again = await reconcileGithub(deps(s, catalog(c.added).service));
    expect(again.registered).toEqual([]);
    expect(again.leftAlone.map(l => l.repository)).toEqual([`${ORG}/wallet`]);
  });

  it('leaves alone a repository within the grace period, created after its task, registered, or never published', async () => {
    api.create(ORG, 'recent', minutesAgo(30));
    api.create(ORG, 'reused', minutesAgo(100)); // A later task or a person created this one.
    api.create(ORG, 'listed', minutesAgo(175));
    api.create(ORG, 'unpublished', minutesAgo(175)); // Someone else's, under the name of a task that never published.
    api.create(ORG, 'old', minutesAgo(8 * 24 * 60 + 5));
    const s = scaffolder([
      run('t-recent', 'recent', 35, 25, FAILED_AT_CHANGE_CONTROL),
      run('t-reused', 'reused', 180, 170, FAILED_AT_CHANGE_CONTROL),
      run('t-listed', 'listed', 180, 170, FAILED_AT_CHANGE_CONTROL, 'cancelled'),
      run('t-unpublished', 'unpublished', 180, 170, {
        'github-reviewers': ['processing', 'failed'],
        'publish-github': ['skipped'],
        'change-control': ['skipped'],
        register: ['skipped'],
      }),
      run('t-old', 'old', 8 * 24 * 60 + 10, 8 * 24 * 60, FAILED_AT_CHANGE_CONTROL),
    ]);
    const c = catalog([`https://github.com/${ORG}/Listed/blob/main/catalog-info.yaml`]);
    const report = await reconcileGithub(deps(s, c.service));

    expect(report.waiting).toEqual([`${ORG}/recent`]);
    expect(report.leftAlone.map(l => [l.repository, l.reason])).toEqual([
      [`${ORG}/reused`, expect.stringMatching(/^GitHub created it at .*, outside its task's run/)],
      [`${ORG}/listed`, 'a catalog location names it (a later task, or by hand)'],
    ]);
    expect(report.quarantined).toEqual([]);
    expect(report.registered).toEqual([]);
    expect(patches()).toEqual([]);
    // Only the one candidate past its grace and not registered was looked up on GitHub.
    expect(api.calls.map(c => c.path)).toEqual([`/repos/${ORG}/reused`]);
    expect(api.names(ORG).sort()).toEqual(['listed', 'old', 'recent', 'reused', 'unpublished']);
  });

  it('waits for a task retried since it was listed, and reads every page of tasks within the look-back', async () => {
    api.create(ORG, 'retried', minutesAgo(175));
    const retried = run('t-retried', 'retried', 180, 170, FAILED_AT_CHANGE_CONTROL);
    const fillers = Array.from({ length: 120 }, (_, i) => run(`t-${i}`, `svc-${i}`, 20, 10, { register: ['skipped'] }));
    const s = scaffolder([...fillers, retried]);
    s.getTask = async () => ({ ...retried.task, status: 'processing' });
    const report = await reconcileGithub(deps(s, catalog([]).service));
    expect(s.listed).toEqual([0, 100]);
    expect(report.waiting).toEqual([`${ORG}/retried`]);
    expect(patches()).toEqual([]);
  });
});

describe('repositoryOf, asideName and asideTime', () => {
  it("reads the repository from publish:github's repoUrl and the task's parameters, on the integration's host only", () => {
    const { task } = run('t', 'ledger', 10, 5, {});
    expect(repositoryOf(task, 'github.com')).toEqual({ owner: ORG, name: 'ledger' });
    expect(repositoryOf(task, 'ghe.example.com')).toBeUndefined();
    const hostile = { ...task, spec: { ...task.spec, parameters: { name: '../x', githubOrg: ORG } } } as ScaffolderTask;
    expect(repositoryOf(hostile, 'github.com')).toBeUndefined();
  });

  it("keeps a quarantine name within GitHub's 100 characters", () => {
    const name = asideName('x'.repeat(100), NOW);
    expect(name).toHaveLength(100);
    expect(name.endsWith('-set-aside-202611302200')).toBe(true);
    expect(asideTime(name, 'x'.repeat(100))).toEqual(NOW);
  });

  it('reads the time back only from exactly what asideName makes of that name', () => {
    expect(asideTime('Ledger-Set-Aside-202611302200', 'ledger')).toEqual(NOW);
    for (const candidate of [
      'ledger-set-aside-20261130220',
      'ledger-set-aside-202613302200', // No 13th month.
      'ledger-v2-set-aside-202611302200',
      'xledger-set-aside-202611302200',
      'ledger-set-aside-202611302200-old',
      'ledger',
    ])
      expect(asideTime(candidate, 'ledger'), candidate).toBeUndefined();
  });
});
