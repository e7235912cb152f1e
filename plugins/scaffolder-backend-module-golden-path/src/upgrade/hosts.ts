import type { Config } from '@backstage/config';
import { pullRequestStoreFromConfig } from '@golden-path/node';
import type { UpgradeHost } from '../actions/upgrade.js';
import { embeddedUpgradeHost } from './embeddedHost.js';

/** The host golden-path:upgrade opens pull requests on: the publish target's (goldenPath.publish.target). */
export function upgradeHost(config: Config): UpgradeHost {
  return embeddedUpgradeHost(pullRequestStoreFromConfig(config));
}
