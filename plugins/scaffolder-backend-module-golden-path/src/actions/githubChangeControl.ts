import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { BASE_BRANCH, type ChangeControl, changeControl } from '@golden-path/node';
import { examples } from './githubChangeControl.examples.js';
import { type GithubReviewer, resolveReviewers, type ReviewersOctokit } from './githubReviewers.js';

export const GITHUB_CHANGE_CONTROL_ACTION_ID = 'golden-path:github-change-control';

/** The part of Octokit this action uses (a fake in tests). */
export interface ChangeControlOctokit {
  rest: Omit<ReviewersOctokit['rest'], 'teams'> & {
    teams: ReviewersOctokit['rest']['teams'] & {
      addOrUpdateRepoPermissionsInOrg(p: {
        org: string;
        team_slug: string;
        owner: string;
        repo: string;
        permission: RepositoryPermission;
      }): Promise<unknown>;
    };
    git: {
      createRef(p: { owner: string; repo: string; ref: string; sha: string }): Promise<unknown>;
      getRef(p: { owner: string; repo: string; ref: string }): Promise<{ data: { object: { sha: string } } }>;
    };
    actions: {
      setCustomOidcSubClaimForRepo(p: {
        owner: string;
        repo: string;
        use_default: boolean;
        include_claim_keys: string[];
      }): Promise<unknown>;
    };
    repos: {
      /** 204: the member can use the repository; 201: GitHub invited them instead (no access until accepted). */
      addCollaborator(p: {
        owner: string;
        repo: string;
        username: string;
        permission: RepositoryPermission;
      }): Promise<{ status: number }>;
      updateStatusCheckProtection(p: {
        owner: string;
        repo: string;
        branch: string;
        strict: boolean;
        contexts: string[];
      }): Promise<unknown>;
      createOrUpdateEnvironment(p: {
        owner: string;
        repo: string;
        environment_name: string;
        prevent_self_review: boolean;
        reviewers: GithubReviewer[] | undefined;
        deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean };
      }): Promise<unknown>;
      createDeploymentBranchPolicy(p: {
        owner: string;
        repo: string;
        environment_name: string;
        name: string;
        type: 'branch';
      }): Promise<unknown>;
    };
  };
}

type RepositoryPermission = ChangeControl['access'][number]['permission'];

export interface GithubChangeControlDeps {
  /** An authenticated client for the repository a repoUrl (github.com?owner=o&repo=r) names. */
  github(repoUrl: string): Promise<{ client: ChangeControlOctokit; owner: string; repo: string }>;
}

/** GitHub answers 422 when a ref or a deployment branch policy exists already. */
const exists = (error: unknown) => (error as { status?: number }).status === 422;

/**
 * golden-path:github-change-control — after publish:github: pushes golden-path/base at the creation
 * commit (the base of later upgrades; publish:github pushes only the default branch), requires the
 * pipeline's checks on the default branch (its protection made by publish:github), and creates the
 * environments the pipeline deploys to, deployable from the default branch only, each reviewed by
 * its entry's approvers (production without approvers: the owning team), and sets the OIDC
 * subject's claims the AWS roles trust (repo, context, job_workflow_ref). First it gives the owning
 * team write access (the code owner) and every other reviewer read access, the least GitHub takes
 * of a required reviewer (publish:github's own collaborators would only log a failed grant, and
 * the environments would then be refused). The settings come from
 * @golden-path/node's changeControl, which the embedded remote records too. Every reviewer is
 * looked up first (as golden-path:github-reviewers did before the repository was created): an
 * unknown one changes nothing. Each change is a checkpoint; a re-run changes nothing.
 */
export function createGithubChangeControlAction(deps: GithubChangeControlDeps) {
  return createTemplateAction({
    id: GITHUB_CHANGE_CONTROL_ACTION_ID,
    description:
      "Sets a new GitHub repository's change control from its pipeline: golden-path/base at the creation commit, required status checks, and its environments with their reviewers (the entries' approvers, the owning team).",
    examples,
    schema: {
      input: {
        repoUrl: z =>
          z.string({ description: 'The repository, as publish:github took it: github.com?owner=<org>&repo=<name>.' }),
        commitHash: z =>
          z.string({ description: 'The creation commit publish:github pushed (its commitHash output).' }),
        owner: z =>
          z.string({
            description:
              'The owning Group (e.g. group:default/payments-team): its GitHub team reviews production when its entry names no approvers, and the tenant environments.',
          }),
        sourcePath: z =>
          z
            .string({ description: 'The folder of the workspace that was published. Defaults to the workspace root.' })
            .optional(),
        defaultBranch: z => z.string({ description: 'The protected branch. Defaults to main.' }).optional(),
      },
    },
    async handler(ctx) {
      const { repoUrl, commitHash } = ctx.input;
      if (!/^[0-9a-f]{40}$/.test(commitHash)) throw new InputError(`commitHash "${commitHash}" is not a commit id`);
      const branch = ctx.input.defaultBranch ?? 'main';
      const settings = changeControl(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath ?? '.'),
        ctx.input.owner,
        branch,
      );
      const { client, owner, repo } = await deps.github(repoUrl);
      const ids = await resolveReviewers(ctx, client, owner, settings);

      // Before the environments: GitHub takes as required reviewers only those who can read the repository.
      for (const { reviewer, permission } of settings.access) {
        const { type, name } = ids.get(reviewer)!;
        await ctx.checkpoint({
          key: `github.access.${owner}.${repo}.${reviewer}`,
          fn: async () => {
            if (type === 'Team') {
              await client.rest.teams.addOrUpdateRepoPermissionsInOrg({
                org: owner,
                team_slug: name,
                owner,
                repo,
                permission,
              });
              return;
            }
            const { status } = await client.rest.repos.addCollaborator({ owner, repo, username: name, permission });
            if (status !== 204)
              throw new Error(
                `${reviewer} is no longer a member of ${owner}: GitHub invited them to ${owner}/${repo} instead`,
              );
          },
        });
      }
      ctx.logger.info(`${owner}/${repo}: ${settings.access.map(g => `${g.reviewer} ${g.permission}`).join(', ')}`);

      await ctx.checkpoint({
        key: `github.base.${owner}.${repo}`,
        fn: async () => {
          try {
            await client.rest.git.createRef({ owner, repo, ref: `refs/heads/${BASE_BRANCH}`, sha: commitHash });
          } catch (error) {
            if (!exists(error)) throw error;
            const { data } = await client.rest.git.getRef({ owner, repo, ref: `heads/${BASE_BRANCH}` });
            if (data.object.sha !== commitHash)
              throw new Error(`${owner}/${repo} has a ${BASE_BRANCH} at ${data.object.sha}, not the creation commit`);
          }
        },
      });

      await ctx.checkpoint({
        key: `github.oidc.${owner}.${repo}`,
        fn: async () => {
          await client.rest.actions.setCustomOidcSubClaimForRepo({
            owner,
            repo,
            use_default: false,
            include_claim_keys: settings.oidcSubjectClaims,
          });
        },
      });

      const { requiredStatusChecks, strict } = settings.branchProtection;
      await ctx.checkpoint({
        key: `github.checks.${owner}.${repo}`,
        fn: async () => {
          await client.rest.repos.updateStatusCheckProtection({
            owner,
            repo,
            branch,
            strict,
            contexts: requiredStatusChecks,
          });
        },
      });
      ctx.logger.info(`${owner}/${repo}: ${branch} requires ${requiredStatusChecks.join(', ') || 'no checks'}`);

      for (const env of settings.environments) {
        const reviewers = env.reviewers.map(r => ({ type: ids.get(r)!.type, id: ids.get(r)!.id }));
        await ctx.checkpoint({
          key: `github.environment.${owner}.${repo}.${env.name}`,
          fn: async () => {
            await client.rest.repos.createOrUpdateEnvironment({
              owner,
              repo,
              environment_name: env.name,
              prevent_self_review: env.preventSelfReview,
              reviewers: reviewers.length ? reviewers : undefined,
              deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
            });
            for (const name of env.deploymentBranches) {
              await client.rest.repos
                .createDeploymentBranchPolicy({ owner, repo, environment_name: env.name, name, type: 'branch' })
                .catch(error => {
                  if (!exists(error)) throw error;
                });
            }
          },
        });
        ctx.logger.info(
          `${owner}/${repo}: environment ${env.name} (from ${env.deploymentBranches.join(', ')}${env.reviewers.length ? `; reviewed by ${env.reviewers.join(', ')}` : ''})`,
        );
      }
    },
  });
}
