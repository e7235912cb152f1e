import { InputError } from '@backstage/errors';
import { changeControl, LocalGitRemote } from '@golden-path/node';
import { GoldenPathEngine } from '@golden-path/engine';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionContext, checkpointStore, tempDir } from '../testing/context.js';
import { changeControlGithub } from '../testing/changeControlGithub.js';
import { EXAMPLE_PARAMETERS, exampleInput, TEMPLATES_ROOT } from '../testing/examples.js';
import { examples } from './githubChangeControl.examples.js';
import { createGithubChangeControlAction, GITHUB_CHANGE_CONTROL_ACTION_ID } from './githubChangeControl.js';
import { resolveReviewers } from './githubReviewers.js';
import { createPublishAction } from './publish.js';

/** The checks a pull request of a python-django-service repository must pass (docs/pipeline.md). */
const PIPELINE_CHECKS = [
  'Lint and test',
  'Static analysis',
  'Dependency audit',
  'Secret scan',
  'Dockerfile lint',
  'Terraform checks and IaC scan',
  'Harden the image / Build, scan, minify, compare',
];
const COMMIT = 'c0ffee'.padEnd(40, '0');
const OWNER = 'group:default/payments-team';

let workspace: string;

beforeAll(() => {
  const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });
  workspace = tempDir('gp-rendered-');
  engine.write(engine.plan(engine.prepare(engine.load('python-django-service'), EXAMPLE_PARAMETERS)), workspace);
});

const input = { repoUrl: 'github.com?owner=acme-fintech&repo=payments-api', commitHash: COMMIT, owner: OWNER };

describe('golden-path:github-change-control', () => {
  it('pushes golden-path/base at the creation commit, requires the pipeline checks, creates the environments', async () => {
    const gh = changeControlGithub();
    const { ctx } = actionContext(input, { workspacePath: workspace, ...checkpointStore() });
    await createGithubChangeControlAction(gh).handler(ctx);

    expect(gh.refs.get('refs/heads/golden-path/base')).toBe(COMMIT);
    expect(gh.of('actions.setCustomOidcSubClaimForRepo')).toEqual([
      {
        owner: 'acme-fintech',
        repo: 'payments-api',
        use_default: false,
        include_claim_keys: ['repo', 'context', 'job_workflow_ref'],
      },
    ]);
    expect(gh.of('repos.updateStatusCheckProtection')).toEqual([
      { owner: 'acme-fintech', repo: 'payments-api', branch: 'main', strict: true, contexts: PIPELINE_CHECKS },
    ]);
    // The owning team (the code owner, production's reviewer) writes; granted before any environment,
    // since GitHub refuses a required reviewer who cannot read the repository.
    expect(gh.of('teams.addOrUpdateRepoPermissionsInOrg')).toEqual([
      {
        org: 'acme-fintech',
        team_slug: 'payments-team',
        owner: 'acme-fintech',
        repo: 'payments-api',
        permission: 'push',
      },
    ]);
    expect(gh.of('repos.addCollaborator')).toEqual([]);
    const methods = gh.calls.map(c => c.method);
    expect(methods.indexOf('teams.addOrUpdateRepoPermissionsInOrg')).toBeLessThan(methods.indexOf('git.createRef'));
    const environments = gh.of('repos.createOrUpdateEnvironment');
    expect(environments.map(e => [e.environment_name, e.reviewers, e.prevent_self_review])).toEqual([
      ['production', [{ type: 'Team', id: 42 }], true],
      ['staging', undefined, false],
      ['tenant', [{ type: 'Team', id: 42 }], true],
      ['tenant-destroy', [{ type: 'Team', id: 42 }], true],
    ]);
    for (const env of environments)
      expect(env.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(gh.of('repos.createDeploymentBranchPolicy').map(p => [p.environment_name, p.name, p.type])).toEqual([
      ['production', 'main', 'branch'],
      ['staging', 'main', 'branch'],
      ['tenant', 'tenants/*', 'branch'],
      ['tenant-destroy', 'main', 'branch'],
    ]);
  });

  it('a retried step changes nothing again; a base branch already at the commit is accepted', async () => {
    const gh = changeControlGithub();
    const store = checkpointStore();
    const action = createGithubChangeControlAction(gh);
    await action.handler(actionContext(input, { workspacePath: workspace, ...store }).ctx);
    const first = gh.calls.length;
    await action.handler(actionContext(input, { workspacePath: workspace, ...store }).ctx);
    expect(gh.calls.length).toBe(first);
    // Without the checkpoints (another backend): the existing ref at the same commit is fine.
    await action.handler(actionContext(input, { workspacePath: workspace, ...checkpointStore() }).ctx);
    expect(gh.refs.get('refs/heads/golden-path/base')).toBe(COMMIT);
  });

  it('refuses a golden-path/base that points elsewhere', async () => {
    const gh = changeControlGithub();
    gh.refs.set('refs/heads/golden-path/base', 'f'.repeat(40));
    const { ctx } = actionContext(input, { workspacePath: workspace, ...checkpointStore() });
    await expect(createGithubChangeControlAction(gh).handler(ctx)).rejects.toThrow(/not the creation commit/);
    expect(gh.of('repos.createOrUpdateEnvironment')).toEqual([]);
  });

  it('fails, naming the team, when the owner has no GitHub team (production is never left unreviewed)', async () => {
    const gh = changeControlGithub({});
    const { ctx } = actionContext(input, { workspacePath: workspace, ...checkpointStore() });
    await expect(createGithubChangeControlAction(gh).handler(ctx)).rejects.toThrow(
      /production needs group:default\/payments-team's review, but acme-fintech has no GitHub team "payments-team"/,
    );
    expect(gh.of('repos.createOrUpdateEnvironment').map(e => e.environment_name)).not.toContain('production');
  });

  describe('access: the owning team writes, every other reviewer reads', () => {
    let approved: string;
    beforeAll(() => {
      const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });
      const environments = [
        { name: 'staging', kind: 'staging', approvers: ['octocat'] },
        {
          name: 'production',
          kind: 'production',
          approvers: ['acme-fintech/payments-leads', 'acme-fintech/payments-team'],
        },
      ];
      approved = tempDir('gp-access-');
      const values = { ...EXAMPLE_PARAMETERS, environments };
      engine.write(engine.plan(engine.prepare(engine.load('python-django-service'), values)), approved);
    });
    const teams = { 'payments-team': 42, 'payments-leads': 7 };

    it('grants each GitHub team or user once, read for approvers, never taking the owner’s write away', async () => {
      const gh = changeControlGithub(teams, { octocat: 1 });
      await createGithubChangeControlAction(gh).handler(
        actionContext(input, { workspacePath: approved, ...checkpointStore() }).ctx,
      );
      expect(gh.of('teams.addOrUpdateRepoPermissionsInOrg').map(p => [p.team_slug, p.permission])).toEqual([
        ['payments-team', 'push'],
        ['payments-leads', 'pull'],
      ]);
      expect(gh.of('repos.addCollaborator')).toEqual([
        { owner: 'acme-fintech', repo: 'payments-api', username: 'octocat', permission: 'pull' },
      ]);
      expect(Object.fromEntries(gh.access)).toEqual({
        'team payments-team': 'push',
        'team payments-leads': 'pull',
        'user octocat': 'pull',
      });
      expect(
        gh
          .of('repos.createOrUpdateEnvironment')
          .map(e => [e.environment_name, e.reviewers])
          .slice(0, 2),
      ).toEqual([
        [
          'production',
          [
            { type: 'Team', id: 7 },
            { type: 'Team', id: 42 },
          ],
        ],
        ['staging', [{ type: 'User', id: 1 }]],
      ]);
    });

    it('a grant GitHub refuses stops the step before any environment; the retried step finishes the rest', async () => {
      const gh = changeControlGithub(teams, { octocat: 1 });
      const grant = gh.client.rest.teams.addOrUpdateRepoPermissionsInOrg;
      gh.client.rest.teams.addOrUpdateRepoPermissionsInOrg = async p => {
        if (p.team_slug === 'payments-leads') throw Object.assign(new Error('Server Error'), { status: 502 });
        return grant(p);
      };
      const store = checkpointStore();
      const action = createGithubChangeControlAction(gh);
      const run = () => action.handler(actionContext(input, { workspacePath: approved, ...store }).ctx);
      await expect(run()).rejects.toThrow('Server Error');
      expect(gh.of('repos.createOrUpdateEnvironment')).toEqual([]);
      expect(gh.refs.size).toBe(0);

      gh.client.rest.teams.addOrUpdateRepoPermissionsInOrg = grant;
      await run();
      // The owner's grant is a checkpoint: not made again.
      expect(gh.of('teams.addOrUpdateRepoPermissionsInOrg').map(p => p.team_slug)).toEqual([
        'payments-team',
        'payments-leads',
      ]);
      expect(gh.of('repos.createOrUpdateEnvironment')).toHaveLength(4);
    });

    it('fails before any environment when GitHub invites a user instead of granting (they left the organisation)', async () => {
      const gh = changeControlGithub(teams, { octocat: 1 });
      const store = checkpointStore();
      // The reviewers step (and this one's lookup) saw a member; by the grant, octocat has left.
      await resolveReviewers(store, gh.client, 'acme-fintech', changeControl(approved, OWNER));
      const outside = changeControlGithub(teams, { octocat: 1 }, ['octocat']);
      const error = await createGithubChangeControlAction(outside)
        .handler(actionContext(input, { workspacePath: approved, ...store }).ctx)
        .catch((e: Error) => e);
      expect(error?.message).toBe(
        'octocat is no longer a member of acme-fintech: GitHub invited them to acme-fintech/payments-api instead',
      );
      expect(outside.of('repos.createOrUpdateEnvironment')).toEqual([]);
    });
  });

  describe("an entry's approvers review its environment (go-service inventory-api: production and previews)", () => {
    let approved: string;
    beforeAll(() => {
      const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });
      const gp = engine.load('go-service');
      const values = parse(readFileSync(join(gp.examplesDir, 'inventory-api.yaml'), 'utf8')) as Record<string, unknown>;
      approved = tempDir('gp-approved-');
      engine.write(engine.plan(engine.prepare(gp, values)), approved);
    });
    const goInput = { ...input, repoUrl: 'github.com?owner=acme-fintech&repo=inventory-api' };

    it('maps them to GitHub team and user ids; the sweep environment stays unreviewed, main only', async () => {
      const gh = changeControlGithub({ 'payments-team': 42, 'payments-leads': 7 });
      const { ctx } = actionContext(goInput, { workspacePath: approved, ...checkpointStore() });
      await createGithubChangeControlAction(gh).handler(ctx);
      expect(
        gh.of('repos.createOrUpdateEnvironment').map(e => [e.environment_name, e.reviewers, e.prevent_self_review]),
      ).toEqual([
        ['production', [{ type: 'Team', id: 7 }], true],
        ['staging', undefined, false],
        ['preview', [{ type: 'Team', id: 7 }], true],
        ['preview-sweep', undefined, false],
        ['tenant', [{ type: 'Team', id: 42 }], true],
        ['tenant-destroy', [{ type: 'Team', id: 42 }], true],
      ]);
      const branches = gh.of('repos.createDeploymentBranchPolicy').map(p => [p.environment_name, p.name]);
      expect(branches).toContainEqual(['preview', '**/*']);
      expect(branches).toContainEqual(['preview-sweep', 'main']);
      expect(branches.filter(([env]) => env === 'preview-sweep')).toHaveLength(1);
      expect(gh.of('teams.addOrUpdateRepoPermissionsInOrg').map(p => [p.team_slug, p.permission])).toEqual([
        ['payments-team', 'push'],
        ['payments-leads', 'pull'],
      ]);
      // Each team looked up once, in the repository's organisation.
      expect(gh.of('teams.getByName')).toEqual([
        { org: 'acme-fintech', team_slug: 'payments-leads' },
        { org: 'acme-fintech', team_slug: 'payments-team' },
      ]);
    });

    it('refuses an approver GitHub does not know before it changes anything, naming it', async () => {
      const gh = changeControlGithub({ 'payments-team': 42 });
      const { ctx } = actionContext(goInput, { workspacePath: approved, ...checkpointStore() });
      const error = await createGithubChangeControlAction(gh)
        .handler(ctx)
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(String(error)).toMatch(
        /environment production: approver "acme-fintech\/payments-leads" is not a team of acme-fintech on GitHub; environment preview: approver "acme-fintech\/payments-leads" is not a team/,
      );
      for (const method of [
        'git.createRef',
        'actions.setCustomOidcSubClaimForRepo',
        'repos.updateStatusCheckProtection',
        'repos.createOrUpdateEnvironment',
        'repos.createDeploymentBranchPolicy',
      ])
        expect(gh.of(method), method).toEqual([]);
    });
  });

  it('the embedded remote records the same settings GitHub gets', async () => {
    const gh = changeControlGithub();
    await createGithubChangeControlAction(gh).handler(
      actionContext(input, { workspacePath: workspace, ...checkpointStore() }).ctx,
    );
    const remote = new LocalGitRemote({ root: tempDir('gp-remote-'), browseBaseUrl: 'http://localhost/git' });
    const publish = createPublishAction({ remote, defaultAuthor: { name: 'Golden Path', email: 'gp@localhost' } });
    const { ctx } = actionContext(
      { repoOwner: 'acme-fintech', name: 'payments-api', owner: OWNER },
      { workspacePath: workspace, ...checkpointStore() },
    );
    await publish.handler(ctx);

    const recorded = await remote.changeControl('acme-fintech', 'payments-api');
    expect(recorded).toEqual(changeControl(workspace, OWNER));
    expect(recorded?.oidcSubjectClaims).toEqual(gh.of('actions.setCustomOidcSubClaimForRepo')[0]!.include_claim_keys);
    expect(recorded?.branchProtection.requiredStatusChecks).toEqual(
      gh.of('repos.updateStatusCheckProtection')[0]!.contexts,
    );
    expect(recorded?.environments).toEqual([
      { name: 'production', deploymentBranches: ['main'], reviewers: [OWNER], preventSelfReview: true },
      { name: 'staging', deploymentBranches: ['main'], reviewers: [], preventSelfReview: false },
      { name: 'tenant', deploymentBranches: ['tenants/*'], reviewers: [OWNER], preventSelfReview: true },
      { name: 'tenant-destroy', deploymentBranches: ['main'], reviewers: [OWNER], preventSelfReview: true },
    ]);
    const gitDir = join(remote.root, 'acme-fintech', 'payments-api.git');
    expect(
      execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'main', 'golden-path/base'], { encoding: 'utf8' }),
    ).toMatch(/^([0-9a-f]{40})\n\1\n$/);
  });
});

describe('golden-path:github-change-control examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const text = example.example.replace("${{ steps['publish-github'].output.commitHash }}", COMMIT);
    const exampleIn = exampleInput({ ...example, example: text }, GITHUB_CHANGE_CONTROL_ACTION_ID);
    const gh = changeControlGithub();
    await createGithubChangeControlAction(gh).handler(
      actionContext(exampleIn, { workspacePath: workspace, ...checkpointStore() }).ctx,
    );
    expect(gh.refs.get('refs/heads/golden-path/base')).toBe(COMMIT);
    expect(gh.of('repos.createOrUpdateEnvironment')).toHaveLength(4);
  });
});
