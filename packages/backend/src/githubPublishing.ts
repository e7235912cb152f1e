import { coreServices, createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { publishTarget } from '@golden-path/plugin-golden-path-backend';
import { commonjs } from './commonjs.js';

/**
 * The scaffolder's GitHub actions (publish:github), loaded only when the template publishes to
 * GitHub (production): Octokit and friends cost ~70 MB of a laptop's backend for nothing.
 */
export const githubPublishing = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (publishTarget(config) === 'github')
      yield commonjs(import('@backstage/plugin-scaffolder-backend-module-github'));
  },
});
