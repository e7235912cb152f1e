import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { APPROVERS_MAX, parseApprover } from '@golden-path/common';
import { type ChangeControl, changeControl } from '@golden-path/node';
import { examples } from './githubReviewers.examples.js';

export const GITHUB_REVIEWERS_ACTION_ID = 'golden-path:github-reviewers';

/** A required reviewer of a GitHub environment, as GitHub's REST API takes it. */
export interface GithubReviewer {
  type: 'Team' | 'User';
  id: number;
}

/** A reviewer found on GitHub, with the name a grant takes (a team's slug, a user's login). */
export interface FoundReviewer extends GithubReviewer {
  name: string;
}

/** The part of Octokit that finds reviewers (a fake in tests). */
export interface ReviewersOctokit {
  rest: {
    teams: {
      getByName(p: { org: string; team_slug: string }): Promise<{ data: { id: number } }>;
    };
    users: {
      getByUsername(p: { username: string }): Promise<{ data: { id: number } }>;
    };
    orgs: {
      /** 204 for a member; 404 otherwise. */
      checkMembershipForUser(p: { org: string; username: string }): Promise<unknown>;
    };
  };
}

export interface GithubReviewersDeps {
  /** An authenticated client for the organisation a repoUrl (github.com?owner=o&repo=r) names. */
  github(repoUrl: string): Promise<{ client: ReviewersOctokit; owner: string; repo: string }>;
}

/** A step's checkpoints: a reviewer found once is not looked up again on a retry. */
interface Checkpoints {
  checkpoint<T extends number | null>(options: { key: string; fn: () => Promise<T> }): Promise<T>;
}

/** What GitHub answers, or null when it answers 404 (no such team or user); any other refusal throws. */
async function orNull<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

const idOrNull = async (lookup: () => Promise<{ data: { id: number } }>) => (await orNull(lookup))?.data.id ?? null;

/**
 * Every environment's reviewers and everyone the repository gives access to (the owning team) as
 * GitHub ids, each looked up once: the owning Group's GitHub team (of the same name, in the
 * repository's organisation `org`), an approver's team (GET /orgs/{org}/teams/{slug}: a team of
 * `org` only, since only those can be given access to the repository) or user (GET
 * /users/{username}), a member of `org` (GET /orgs/{org}/members/{username}: anyone else would get
 * an invitation, and no access until they accept it, so GitHub would refuse them as reviewers).
 * Every approver GitHub does not know, of another organisation, outside it, malformed, or beyond six
 * for one environment is refused in one InputError naming each; a lookup GitHub refuses otherwise
 * (credentials, rate limit) fails as itself.
 */
export async function resolveReviewers(
  ctx: Checkpoints,
  client: ReviewersOctokit,
  org: string,
  { environments, access }: Pick<ChangeControl, 'environments' | 'access'>,
): Promise<Map<string, FoundReviewer>> {
  const resolved = new Map<string, FoundReviewer>();
  const problems: string[] = [];
  const reviewing = new Set(environments.flatMap(env => env.reviewers));
  const needs = [
    ...environments.map(env => ({ env, reviewers: env.reviewers })),
    // Given access without reviewing anything: the owning team when approvers review everything.
    { env: undefined, reviewers: access.map(grant => grant.reviewer).filter(r => !reviewing.has(r)) },
  ];
  for (const { env, reviewers } of needs) {
    // GitHub's limit of required reviewers per environment, which the form and the catalog check too.
    if (env && env.reviewers.length > APPROVERS_MAX)
      problems.push(
        `environment ${env.name}: ${env.reviewers.length} approvers, GitHub takes at most ${APPROVERS_MAX} (name a team instead of its members)`,
      );
    for (const reviewer of reviewers) {
      if (resolved.has(reviewer)) continue;
      if (reviewer.startsWith('group:')) {
        const slug = parseEntityRef(reviewer).name;
        const id = await ctx.checkpoint({
          key: `github.team.${org}.${slug}`,
          fn: () => idOrNull(() => client.rest.teams.getByName({ org, team_slug: slug })),
        });
        if (id === null)
          throw new Error(
            `${env ? `${env.name} needs ${reviewer}'s review` : `${reviewer} owns the code (CODEOWNERS)`}, but ${org} has no GitHub team "${slug}"`,
          );
        resolved.set(reviewer, { type: 'Team', id, name: slug });
        continue;
      }
      const found = await approver(ctx, client, org, reviewer);
      if (typeof found === 'string')
        problems.push(`${env ? `environment ${env.name}` : 'repository access'}: approver "${reviewer}" ${found}`);
      else resolved.set(reviewer, found);
    }
  }
  if (problems.length)
    throw new InputError(
      `infra/environments.yaml: ${problems.join('; ')}. Approvers are members of ${org} (their GitHub login) or its teams (${org}/<team-slug>); the repository gives them read access.`,
    );
  return resolved;
}

/** An approver's GitHub id, or why it cannot review this organisation's environments. */
async function approver(
  ctx: Checkpoints,
  client: ReviewersOctokit,
  org: string,
  name: string,
): Promise<FoundReviewer | string> {
  const parts = parseApprover(name);
  if (!parts) return 'is neither a GitHub user nor <org>/<team-slug>';
  const { owner: login, team: slug } = parts;
  if (slug !== undefined && login.toLowerCase() !== org.toLowerCase())
    return `is a team of ${login}, not of ${org}: only ${org}'s teams can review its repositories`;
  const id = await ctx.checkpoint(
    slug === undefined
      ? { key: `github.user.${login}`, fn: () => idOrNull(() => client.rest.users.getByUsername({ username: login })) }
      : {
          key: `github.team.${org}.${slug}`,
          fn: () => idOrNull(() => client.rest.teams.getByName({ org, team_slug: slug })),
        },
  );
  if (id === null) return slug === undefined ? 'is not a GitHub user' : `is not a team of ${org} on GitHub`;
  if (slug !== undefined) return { type: 'Team', id, name: slug };
  const member = await ctx.checkpoint({
    key: `github.member.${org}.${login}`,
    fn: async () =>
      (await orNull(() => client.rest.orgs.checkMembershipForUser({ org, username: login }))) === null ? 0 : 1,
  });
  if (!member)
    return `is not a member of ${org}: GitHub would invite them, and they could not review before accepting (name a team of ${org} or one of its members)`;
  return { type: 'User', id, name: login };
}

/**
 * golden-path:github-reviewers — before publish:github creates the repository: every environment's
 * reviewers (its entry's approvers, else the owning team for production, the tenant environments'
 * owning team) and the owning team (the code owner) must exist on GitHub, users as members of the
 * organisation, so that a mistyped approver stops the task before anything exists rather than leave
 * a repository whose environments are half set (GitHub would run their deploys unreviewed).
 * golden-path:github-change-control looks them up the same way, then grants them their access.
 */
export function createGithubReviewersAction(deps: GithubReviewersDeps) {
  return createTemplateAction({
    id: GITHUB_REVIEWERS_ACTION_ID,
    description:
      "Checks, before the repository is created on GitHub, that every environment's reviewers (the entries' approvers, the owning team) are GitHub teams or members of the organisation.",
    examples,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'The repository to be created, as publish:github takes it: github.com?owner=<org>&repo=<name>.',
          }),
        owner: z =>
          z.string({
            description:
              'The owning Group (e.g. group:default/payments-team): its GitHub team reviews production by default.',
          }),
        sourcePath: z =>
          z
            .string({ description: 'The folder of the workspace to be published. Defaults to the workspace root.' })
            .optional(),
        defaultBranch: z => z.string({ description: 'The protected branch. Defaults to main.' }).optional(),
      },
    },
    async handler(ctx) {
      const settings = changeControl(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath ?? '.'),
        ctx.input.owner,
        ctx.input.defaultBranch ?? 'main',
      );
      const { client, owner } = await deps.github(ctx.input.repoUrl);
      const reviewers = await resolveReviewers(ctx, client, owner, settings);
      ctx.logger.info(`${owner}: every reviewer is on GitHub (${[...reviewers.keys()].join(', ') || 'none'})`);
    },
  });
}
