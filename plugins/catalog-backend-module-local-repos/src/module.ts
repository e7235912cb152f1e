import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { LocalGitRemote, readGoldenPathConfig } from '@golden-path/node';
import { LocalGitUrlReader } from './LocalGitUrlReader.js';

/**
 * Adds the local git remote's reader to every plugin's UrlReader (backend-defaults loads extra reader
 * factories before its own), so the catalog reads `catalog-info.yaml` straight from the bare
 * repositories. With publishTarget github it adds nothing: GitHub's own reader serves.
 */
export const localReposUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ({ config, treeResponseFactory }) => {
      const goldenPath = readGoldenPathConfig(config);
      if (goldenPath.publishTarget !== 'local') return [];
      const remote = new LocalGitRemote(goldenPath.localRemote);
      return [
        { predicate: (url: URL) => remote.owns(url), reader: new LocalGitUrlReader(remote, treeResponseFactory) },
      ];
    };
  },
});
