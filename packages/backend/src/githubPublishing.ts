import { coreServices, createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { readGoldenPathConfig } from '@golden-path/node';
import { commonjs } from './commonjs.js';

/**
 * The scaffolder's GitHub actions (publish:github), loaded only when the template publishes to
 * GitHub (production): Octokit and friends cost ~70 MB of a laptop's backend for nothing.
 */
export const githubPublishing = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (readGoldenPathConfig(config).publishTarget === 'github')
      yield commonjs(import('@backstage/plugin-scaffolder-backend-module-github'));
  },
});
