import { InputError } from '@backstage/errors';
import { GoldenPathEngine } from '@golden-path/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionContext, checkpointStore, tempDir } from '../testing/context.js';
import { EXAMPLE_PARAMETERS, exampleInput, TEMPLATES_ROOT } from '../testing/examples.js';
import { changeControlGithub } from '../testing/changeControlGithub.js';
import { examples } from './githubReviewers.examples.js';
import { createGithubReviewersAction, GITHUB_REVIEWERS_ACTION_ID, resolveReviewers } from './githubReviewers.js';

const OWNER = 'group:default/payments-team';
const input = { repoUrl: 'github.com?owner=acme-fintech&repo=payments-api', owner: OWNER };
const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES_ROOT });

/** python-django-service rendered with these environments (the example's values otherwise). */
function rendered(environments: unknown[]): string {
  const dir = tempDir('gp-reviewers-');
  const values = { ...EXAMPLE_PARAMETERS, environments };
  engine.write(engine.plan(engine.prepare(engine.load('python-django-service'), values)), dir);
  return dir;
}

const run = async (workspacePath: string, gh: ReturnType<typeof changeControlGithub>) =>
  createGithubReviewersAction(gh)
    .handler(actionContext(input, { workspacePath, ...checkpointStore() }).ctx)
    .then(() => undefined)
    .catch((e: Error) => e);

describe('golden-path:github-reviewers', () => {
  let approved: string;
  beforeAll(() => {
    approved = rendered([
      { name: 'staging', kind: 'staging', approvers: ['octocat'] },
      { name: 'production', kind: 'production', approvers: ['acme-fintech/payments-leads', 'hubot'] },
      { name: 'pr', kind: 'preview', approvers: ['ACME-fintech/payments-leads'] },
    ]);
  });

  it('finds every reviewer on GitHub, users and teams of the organisation, each once, and changes nothing', async () => {
    const gh = changeControlGithub({ 'payments-team': 42, 'payments-leads': 7 }, { octocat: 1, hubot: 2 });
    expect(await run(approved, gh)).toBeUndefined();
    expect(gh.of('users.getByUsername')).toEqual([{ username: 'hubot' }, { username: 'octocat' }]);
    expect(gh.of('teams.getByName')).toEqual([
      { org: 'acme-fintech', team_slug: 'payments-leads' },
      { org: 'acme-fintech', team_slug: 'payments-team' },
    ]);
    // Users must be members: anyone else would be invited, and could not review before accepting.
    expect(gh.of('orgs.checkMembershipForUser')).toEqual([
      { org: 'acme-fintech', username: 'hubot' },
      { org: 'acme-fintech', username: 'octocat' },
    ]);
    expect(gh.calls.map(c => c.method).filter(m => !/getBy|checkMembership/.test(m))).toEqual([]);
  });

  it('refuses a user outside the organisation (GitHub would only invite them) before the repository exists', async () => {
    const gh = changeControlGithub({ 'payments-team': 42, 'payments-leads': 7 }, { octocat: 1, hubot: 2 }, ['hubot']);
    const error = await run(approved, gh);
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toContain('environment production: approver "hubot" is not a member of acme-fintech');
    expect(error?.message).not.toContain('octocat');
  });

  it('refuses unknown users and teams in one InputError naming each environment and approver', async () => {
    const gh = changeControlGithub({ 'payments-team': 42 }, { octocat: 1 });
    const error = await run(approved, gh);
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toContain(
      'environment production: approver "acme-fintech/payments-leads" is not a team of acme-fintech on GitHub',
    );
    expect(error?.message).toContain('environment production: approver "hubot" is not a GitHub user');
    expect(error?.message).toContain('environment preview: approver "ACME-fintech/payments-leads"');
    expect(error?.message).not.toContain('octocat');
  });

  it("refuses another organisation's team without asking GitHub", async () => {
    const dir = rendered([
      { name: 'staging', kind: 'staging' },
      { name: 'production', kind: 'production', approvers: ['mallory/payments-leads'] },
    ]);
    const gh = changeControlGithub({ 'payments-team': 42, 'payments-leads': 7 });
    const error = await run(dir, gh);
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toContain(
      'environment production: approver "mallory/payments-leads" is a team of mallory, not of acme-fintech',
    );
    expect(gh.of('teams.getByName').map(p => p.org)).not.toContain('mallory');
  });

  it('refuses more than six reviewers for one environment (GitHub takes six) and a malformed approver', async () => {
    // The form takes six at most; the file's parser more: a repository's own file can name them.
    const many = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    const environments = [
      { name: 'staging', deploymentBranches: ['main'], reviewers: many, preventSelfReview: true },
      { name: 'production', deploymentBranches: ['main'], reviewers: ['a/b/c'], preventSelfReview: true },
    ];
    const gh = changeControlGithub({}, Object.fromEntries(many.map((a, i) => [a, i + 1])));
    const error = await resolveReviewers(checkpointStore(), gh.client, 'acme-fintech', {
      environments,
      access: [],
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('environment staging: 7 approvers, GitHub takes at most 6');
    expect(error.message).toContain('approver "a/b/c" is neither a GitHub user nor <org>/<team-slug>');
    expect(gh.of('teams.getByName')).toEqual([]);
  });

  it('looks up the owning team when approvers review every environment: it is the code owner, given write', async () => {
    const environments = [
      { name: 'production', deploymentBranches: ['main'], reviewers: ['octocat'], preventSelfReview: true },
    ];
    const access = [
      { reviewer: OWNER, permission: 'push' as const },
      { reviewer: 'octocat', permission: 'pull' as const },
    ];
    const resolve = (gh: ReturnType<typeof changeControlGithub>) =>
      resolveReviewers(checkpointStore(), gh.client, 'acme-fintech', { environments, access });
    const found = await resolve(changeControlGithub({ 'payments-team': 42 }, { octocat: 1 }));
    expect(Object.fromEntries(found)).toEqual({
      octocat: { type: 'User', id: 1, name: 'octocat' },
      [OWNER]: { type: 'Team', id: 42, name: 'payments-team' },
    });
    await expect(resolve(changeControlGithub({}, { octocat: 1 }))).rejects.toThrow(
      'group:default/payments-team owns the code (CODEOWNERS), but acme-fintech has no GitHub team "payments-team"',
    );
  });

  it('fails as GitHub does when a lookup is refused for another reason than 404', async () => {
    const gh = changeControlGithub();
    gh.client.rest.users.getByUsername = async () => {
      throw Object.assign(new Error('Bad credentials'), { status: 401 });
    };
    const error = await run(approved, gh);
    expect(error).not.toBeInstanceOf(InputError);
    expect(error?.message).toBe('Bad credentials');
  });
});

describe('golden-path:github-reviewers examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const workspacePath = tempDir('gp-rendered-');
    engine.write(engine.plan(engine.prepare(engine.load('python-django-service'), EXAMPLE_PARAMETERS)), workspacePath);
    const gh = changeControlGithub();
    await createGithubReviewersAction(gh).handler(
      actionContext(exampleInput(example, GITHUB_REVIEWERS_ACTION_ID), { workspacePath, ...checkpointStore() }).ctx,
    );
    // The owning team reviews production and the tenant environments.
    expect(gh.of('teams.getByName')).toEqual([{ org: 'acme-fintech', team_slug: 'payments-team' }]);
  });
});
