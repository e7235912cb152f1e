import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GoldenPathEngine } from '@golden-path/engine';
import {
  endOrphanedSandboxes,
  seedGoBuildCache,
  unpackTrivy,
  validatorVersions,
} from '@golden-path/validators/process';
import { goldenPathGateServiceRef, LocalGitRemote, readGoldenPathConfig } from '@golden-path/node';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as ScaffolderNodeAlpha from '@backstage/plugin-scaffolder-node/alpha';
import { createCheckAction } from './actions/check.js';
import { admissionRefusal, openTasksIn, taskAdmission } from './admission/taskAdmission.js';
import { createGithubChangeControlAction } from './actions/githubChangeControl.js';
import { createGithubReviewersAction } from './actions/githubReviewers.js';
import { githubClients } from './github/octokit.js';
import { gateQueue } from './check/gateQueue.js';
import { validateInChildProcess } from './check/validateInChildProcess.js';
import { VerdictStore } from './check/verdicts.js';
import { createPreflightAction } from './actions/preflight.js';
import { createPublishAction } from './actions/publish.js';
import { createRegisterAction } from './actions/register.js';
import { createRenderAction } from './actions/render.js';
import { createUpgradeAction } from './actions/upgrade.js';
import { previewRoute } from './preview/previewRoute.js';
import { PreviewSlots } from './preview/previewSlots.js';
import { upgradeHost } from './upgrade/hosts.js';
import { LocalDiskWorkspaceProvider } from './workspace/LocalDiskWorkspaceProvider.js';

// The alpha entry point is CommonJS only.
const { scaffolderWorkspaceProviderExtensionPoint } = createRequire(import.meta.url)(
  '@backstage/plugin-scaffolder-node/alpha',
) as typeof ScaffolderNodeAlpha;

/** The workspace provider's name, for `scaffolder.taskRecovery.workspaceProvider`. */
export const WORKSPACE_PROVIDER = 'local-disk';
/** Saved workspaces of tasks that never completed are dropped after a week. */
const SAVED_WORKSPACE_MAX_AGE_MS = 7 * 24 * 3600_000;

/** Scaffolder module: the golden path's render, check and publish actions. */
export const scaffolderModuleGoldenPath = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        workspaces: scaffolderWorkspaceProviderExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        gate: goldenPathGateServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        database: coreServices.database,
      },
      async init({
        scaffolder,
        workspaces,
        config,
        auth,
        permissions,
        catalog,
        logger,
        gate,
        httpRouter,
        httpAuth,
        database,
      }) {
        // The scaffolder refuses to start on a missing working directory; modules initialise before
        // their plugin, so a fresh checkout's .data/work is made here.
        const workingDirectory = config.getOptionalString('backend.workingDirectory');
        if (workingDirectory) mkdirSync(workingDirectory, { recursive: true });
        // A retried or recovered task finds its workspace again (see LocalDiskWorkspaceProvider).
        workspaces.addProviders({
          [WORKSPACE_PROVIDER]: new LocalDiskWorkspaceProvider({
            root: `${resolve(workingDirectory ?? '.data/work')}.saved`,
            maxAgeMs: SAVED_WORKSPACE_MAX_AGE_MS,
          }),
        });

        // A backend killed while starting a tool can leave that tool's sandbox running (see
        // endOrphanedSandboxes): this one ends them before taking up the tasks.
        const orphans = endOrphanedSandboxes();
        if (orphans.length) logger.warn(`ended ${orphans.length} gate sandbox(es) left by a killed backend`);
        // trivy ships UPX-packed: unpacked once here, every scan after starts in a fraction of the
        // time and memory (a gate that starts meanwhile runs the packed one).
        void unpackTrivy().then(
          outcome => logger.info(outcome),
          error => logger.warn(`trivy stays packed: ${(error as Error).message}`),
        );

        const goldenPath = readGoldenPathConfig(config);
        const engine = new GoldenPathEngine({ templatesRoot: goldenPath.templatesRoot });
        // Go's build cache for the service tests, seeded once from the standard library alone: the
        // gates start from a copy of it instead of compiling that library cold (see goBuildCache.ts).
        for (const id of engine.ids()) {
          let serviceTest;
          try {
            serviceTest = engine.load(id).runtime?.serviceTest;
          } catch {
            continue; // a broken golden path is reported where it is used
          }
          if (serviceTest?.buildCache) void seedGoBuildCache(serviceTest).then(outcome => logger.info(outcome));
        }
        if (goldenPath.check.gates) gateQueue.setSlots(goldenPath.check.gates);
        // A module shares its plugin's router and initialises first: this runs ahead of the
        // scaffolder's own POST /v2/tasks, which would queue without bound.
        const waitingTasks = openTasksIn(database);
        httpRouter.use(
          taskAdmission(
            () =>
              admissionRefusal(goldenPath.taskQueue, {
                waitingTasks,
                availableMemory: () => process.availableMemory(),
              }),
            logger,
          ),
        );
        // golden-path:check and the form's preview share the verdicts: the task reuses the preview's.
        const check = {
          engine,
          validate: validateInChildProcess,
          concurrency: goldenPath.check.concurrency,
          memoryMiB: goldenPath.check.memoryMiB,
          queue: gateQueue,
          verdicts: { store: new VerdictStore(goldenPath.check.verdicts), versions: validatorVersions },
        };
        httpRouter.use(
          previewRoute({ check, httpAuth, permissions, catalog, slots: new PreviewSlots(goldenPath.preview) }),
        );
        scaffolder.addActions(
          createPreflightAction({ catalog, auth, permissions }),
          createRegisterAction({ catalog, auth, permissions }),
          createRenderAction({ engine }),
          createCheckAction(check),
          createPublishAction({
            remote: new LocalGitRemote(goldenPath.localRemote),
            defaultAuthor: goldenPath.defaultAuthor,
          }),
          createGithubReviewersAction({ github: githubClients(config, logger) }),
          createGithubChangeControlAction({ github: githubClients(config, logger) }),
          createUpgradeAction({ catalog, permissions, engine, gate, host: upgradeHost(config, logger) }),
        );
      },
    });
  },
});
