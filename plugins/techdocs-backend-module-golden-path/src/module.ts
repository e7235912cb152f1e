import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { techdocsGeneratorExtensionPoint } from '@backstage/plugin-techdocs-node';
import { createGoldenPathTechdocsGenerator } from './generator.js';

/**
 * TechDocs on the embedded defaults: a service's docs are built, when first read, with Debian's
 * MkDocs and Material theme in the gate's sandbox (docs/portal.md, "TechDocs").
 */
export const techdocsModuleGoldenPath = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        generator: techdocsGeneratorExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ generator, config, logger }) {
        generator.setTechdocsGenerator(createGoldenPathTechdocsGenerator({ config, logger }));
      },
    });
  },
});
