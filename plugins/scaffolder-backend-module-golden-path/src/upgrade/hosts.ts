import type { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { pullRequestStoreFromConfig, readGoldenPathConfig } from '@golden-path/node';
import type { UpgradeHost } from '../actions/upgrade.js';
import { githubClients } from '../github/octokit.js';
import { embeddedUpgradeHost } from './embeddedHost.js';
import { githubUpgradeHost, type UpgradeOctokit } from './githubHost.js';

/** The host golden-path:upgrade opens pull requests on: the publish target's (goldenPath.publish.target). */
export function upgradeHost(config: RootConfigService, logger: LoggerService): UpgradeHost {
  if (readGoldenPathConfig(config).publishTarget === 'github') {
    const clients = githubClients(config, logger);
    return githubUpgradeHost(
      async (owner, repo) =>
        (await clients(`github.com?owner=${owner}&repo=${repo}`)).client as unknown as UpgradeOctokit,
    );
  }
  return embeddedUpgradeHost(pullRequestStoreFromConfig(config));
}
