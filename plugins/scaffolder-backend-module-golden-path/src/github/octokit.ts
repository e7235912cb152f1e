import type { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import type { ChangeControlOctokit, GithubChangeControlDeps } from '../actions/githubChangeControl.js';

/**
 * Octokit for a repoUrl, authenticated as publish:github is: the GitHub integration's app or token,
 * through @backstage/integration's credentials provider (a module must not import another module,
 * so not the GitHub scaffolder module's helper). Octokit is imported on first use only: a laptop
 * publishing to the embedded remote never loads it.
 */
export function githubClients(config: RootConfigService, logger: LoggerService): GithubChangeControlDeps['github'] {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return async repoUrl => {
    const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
    if (!owner) throw new Error(`${repoUrl} names no owner`);
    const integration = integrations.github.byHost(host);
    if (!integration) throw new Error(`no GitHub integration is configured for ${host}`);
    const { token } = await credentials.getCredentials({ url: `https://${host}/${owner}/${repo}` });
    if (!token) throw new Error(`the GitHub integration for ${host} has no credentials for ${owner}/${repo}`);
    const { Octokit } = await import('@octokit/rest');
    const client = new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      log: { debug: () => {}, info: () => {}, warn: m => logger.warn(m), error: m => logger.error(m) },
    });
    return { client: client as unknown as ChangeControlOctokit, owner, repo };
  };
}
