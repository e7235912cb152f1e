import type { Config } from '@backstage/config';
import { pullRequestPagePath } from '@golden-path/common';
import { readGoldenPathConfig } from '../goldenPathConfig.js';
import { LocalGitRemote } from '../LocalGitRemote.js';
import { PullRequestStore } from './PullRequestStore.js';

/** The embedded remote's pull requests, their pages on the portal (app.baseUrl): one store for every reader. */
export function pullRequestStoreFromConfig(config: Config): PullRequestStore {
  const appBaseUrl = config.getString('app.baseUrl').replace(/\/+$/, '');
  return new PullRequestStore({
    remote: new LocalGitRemote(readGoldenPathConfig(config).localRemote),
    pageUrl: (slug, n) => `${appBaseUrl}${pullRequestPagePath(slug, n)}`,
  });
}
