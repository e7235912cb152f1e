import type { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import type { ChangeControlOctokit, GithubChangeControlDeps } from '../actions/githubChangeControl.js';

/**
 * Octokit for a repoUrl, authenticated as publish:github is (the GitHub integration's app or token).
 * The GitHub module is imported on first use only: a laptop publishing to the embedded remote never
 * loads Octokit (see packages/backend/src/githubPublishing.ts).
 */
export function githubClients(config: RootConfigService, logger: LoggerService): GithubChangeControlDeps['github'] {
  const integrations = ScmIntegrations.fromConfig(config);
  return async repoUrl => {
    const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
    if (!owner) throw new Error(`${repoUrl} names no owner`);
    const { getOctokitClient, getOctokitOptions } = await import('@backstage/plugin-scaffolder-backend-module-github');
    const options = await getOctokitOptions({ integrations, host, owner, repo });
    return { client: getOctokitClient(options, logger) as unknown as ChangeControlOctokit, owner, repo };
  };
}
