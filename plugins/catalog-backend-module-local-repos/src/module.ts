import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { LocalGitRemote, readGoldenPathConfig } from '@golden-path/node';
import { LocalGitUrlReader } from './LocalGitUrlReader.js';
import { LocalSourceLocationProcessor } from './LocalSourceLocationProcessor.js';

/**
 * Adds the local git remote's reader to every plugin's UrlReader (backend-defaults loads extra reader
 * factories before its own), so the catalog reads `catalog-info.yaml` straight from the bare
 * repositories, and TechDocs a repository's docs. With publishTarget github it adds nothing: GitHub's
 * own reader serves.
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

/** The source of an entity registered from the embedded remote is its repository there (publishTarget local). */
export const catalogModuleLocalSourceLocation = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-repos-source-location',
  register(env) {
    env.registerInit({
      deps: { processing: catalogProcessingExtensionPoint, config: coreServices.rootConfig },
      async init({ processing, config }) {
        const goldenPath = readGoldenPathConfig(config);
        if (goldenPath.publishTarget !== 'local') return;
        processing.addProcessor(new LocalSourceLocationProcessor(new LocalGitRemote(goldenPath.localRemote)));
      },
    });
  },
});

/** Both: the reader and the catalog's source locations. */
export const localRepos = createBackendFeatureLoader({
  *loader() {
    yield localReposUrlReader;
    yield catalogModuleLocalSourceLocation;
  },
});
