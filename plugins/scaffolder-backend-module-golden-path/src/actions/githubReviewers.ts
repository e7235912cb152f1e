import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseApprover } from '@golden-path/common';
import { changeControl, type EnvironmentSettings } from '@golden-path/node';
import { examples } from './githubReviewers.examples.js';

export const GITHUB_REVIEWERS_ACTION_ID = 'golden-path:github-reviewers';

/** A required reviewer of a GitHub environment, as GitHub's REST API takes it. */
export interface GithubReviewer {
  type: 'Team' | 'User';
  id: number;
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

/** GitHub takes at most six required reviewers per environment. */
export const MAX_GITHUB_REVIEWERS = 6;

/** An id GitHub answers, or null when it answers 404 (no such team or user); any other refusal throws. */
async function idOrNull(lookup: () => Promise<{ data: { id: number } }>): Promise<number | null> {
  try {
    return (await lookup()).data.id;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/**
 * Every environment's reviewers as GitHub ids, each looked up once: the owning Group's GitHub team
 * (of the same name, in the repository's organisation `org`), an approver's team (GET
 * /orgs/{org}/teams/{slug}: a team of `org` only, since only those can be given access to the
 * repository) or user (GET /users/{username}). Every approver GitHub does not know, of another
 * organisation, malformed, or beyond six for one environment is refused in one InputError naming
 * each; a lookup GitHub refuses otherwise (credentials, rate limit) fails as itself.
 */
export async function resolveReviewers(
  ctx: Checkpoints,
  client: ReviewersOctokit,
  org: string,
  environments: EnvironmentSettings[],
): Promise<Map<string, GithubReviewer>> {
  const resolved = new Map<string, GithubReviewer>();
  const problems: string[] = [];
  for (const env of environments) {
    if (env.reviewers.length > MAX_GITHUB_REVIEWERS)
      problems.push(
        `environment ${env.name}: ${env.reviewers.length} approvers, GitHub takes at most ${MAX_GITHUB_REVIEWERS} (name a team instead of its members)`,
      );
    for (const reviewer of env.reviewers) {
      if (resolved.has(reviewer)) continue;
      if (reviewer.startsWith('group:')) {
        const slug = parseEntityRef(reviewer).name;
        const id = await ctx.checkpoint({
          key: `github.team.${org}.${slug}`,
          fn: () => idOrNull(() => client.rest.teams.getByName({ org, team_slug: slug })),
        });
        if (id === null)
          throw new Error(`${env.name} needs ${reviewer}'s review, but ${org} has no GitHub team "${slug}"`);
        resolved.set(reviewer, { type: 'Team', id });
        continue;
      }
      const found = await approver(ctx, client, org, reviewer);
      if (typeof found === 'string') problems.push(`environment ${env.name}: approver "${reviewer}" ${found}`);
      else resolved.set(reviewer, found);
    }
  }
  if (problems.length)
    throw new InputError(
      `infra/environments.yaml: ${problems.join('; ')}. Approvers are GitHub users or teams of ${org} (${org}/<team-slug>) with access to the repository.`,
    );
  return resolved;
}

/** An approver's GitHub id, or why it cannot review this organisation's environments. */
async function approver(
  ctx: Checkpoints,
  client: ReviewersOctokit,
  org: string,
  name: string,
): Promise<GithubReviewer | string> {
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
  return { type: slug === undefined ? 'User' : 'Team', id };
}

/**
 * golden-path:github-reviewers — before publish:github creates the repository: every environment's
 * reviewers (its entry's approvers, else the owning team for production, the tenant environments'
 * owning team) must exist on GitHub, so that a mistyped approver stops the task before anything
 * exists rather than leave a repository whose environments are half set (GitHub would run their
 * deploys unreviewed). golden-path:github-change-control looks them up the same way.
 */
export function createGithubReviewersAction(deps: GithubReviewersDeps) {
  return createTemplateAction({
    id: GITHUB_REVIEWERS_ACTION_ID,
    description:
      "Checks, before the repository is created on GitHub, that every environment's reviewers (the entries' approvers, the owning team) are GitHub teams of the organisation or users.",
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
      const reviewers = await resolveReviewers(ctx, client, owner, settings.environments);
      ctx.logger.info(`${owner}: every reviewer is on GitHub (${[...reviewers.keys()].join(', ') || 'none'})`);
    },
  });
}
