import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GoldenPathEngine } from '@golden-path/engine';
import { validatorVersions } from '@golden-path/validators';
import { LocalGitRemote, readGoldenPathConfig } from '@golden-path/node';
import { mkdirSync } from 'node:fs';
import { createCheckAction } from './actions/check.js';
import { validateInChildProcess } from './check/validateInChildProcess.js';
import { VerdictStore } from './check/verdicts.js';
import { createPreflightAction } from './actions/preflight.js';
import { createPublishAction } from './actions/publish.js';
import { createRegisterAction } from './actions/register.js';
import { createRenderAction } from './actions/render.js';

/** Scaffolder module: the golden path's render, check and publish actions. */
export const scaffolderModuleGoldenPath = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, auth, permissions, catalog }) {
        // The scaffolder refuses to start on a missing working directory; modules initialise before
        // their plugin, so a fresh checkout's .data/work is made here.
        const workingDirectory = config.getOptionalString('backend.workingDirectory');
        if (workingDirectory) mkdirSync(workingDirectory, { recursive: true });

        const goldenPath = readGoldenPathConfig(config);
        const engine = new GoldenPathEngine({ templatesRoot: goldenPath.templatesRoot });
        scaffolder.addActions(
          createPreflightAction({ catalog, auth, permissions }),
          createRegisterAction({ catalog, auth, permissions }),
          createRenderAction({ engine }),
          createCheckAction({
            engine,
            validate: validateInChildProcess,
            concurrency: goldenPath.check.concurrency,
            verdicts: { store: new VerdictStore(goldenPath.check.verdicts), versions: validatorVersions },
          }),
          createPublishAction({
            remote: new LocalGitRemote(goldenPath.localRemote),
            defaultAuthor: goldenPath.defaultAuthor,
          }),
        );
      },
    });
  },
});
