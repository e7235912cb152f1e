import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { GoldenPathEngine } from '@golden-path/engine';
import { LocalGitRemote, readGoldenPathConfig } from '@golden-path/node';
import { GoldenPathEnvironmentsProcessor } from './GoldenPathEnvironmentsProcessor.js';
import { GoldenPathStatusProcessor } from './GoldenPathStatusProcessor.js';
import { GithubEnvironments } from './githubEnvironments.js';
import { goldenPathPlaceholders } from './placeholders.js';

/**
 * The catalog's golden-path pieces: Templates compose the shared form steps
 * (`$golden-path-parameters: <name>`) and steps (`$golden-path-steps`), and every Component created from a golden path gets its
 * status (version, latest, behind, drift) as annotations and its environments and tenants as Resources.
 */
export const catalogModuleGoldenPath = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({ processing, config, logger, reader }) {
        const goldenPath = readGoldenPathConfig(config);
        for (const [key, resolver] of Object.entries(goldenPathPlaceholders(goldenPath.templatesRoot))) {
          processing.addPlaceholderResolver(key, resolver);
        }
        const remote = goldenPath.publishTarget === 'local' ? new LocalGitRemote(goldenPath.localRemote) : undefined;
        const engine = new GoldenPathEngine({ templatesRoot: goldenPath.templatesRoot });
        processing.addProcessor(new GoldenPathStatusProcessor({ remote, engine, logger }));
        processing.addProcessor(
          new GoldenPathEnvironmentsProcessor({
            remote,
            github: GithubEnvironments.fromConfig(config),
            reader,
            logger,
          }),
        );
      },
    });
  },
});
