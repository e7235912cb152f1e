import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { GoldenPathEngine } from '@golden-path/engine';
import {
  goldenPathGateServiceRef,
  LocalGitRemote,
  pullRequestStoreFromConfig,
  readGoldenPathConfig,
} from '@golden-path/node';
import { GithubRemote } from './remote/GithubRemote.js';
import { cachedLookups } from './service/cachedLookups.js';
import { RateLimiter } from './service/rateLimit.js';
import { reconcileGithub } from './service/githubReconciler.js';
import { reconcile } from './service/reconciler.js';
import { createChangelogRouter } from './service/changelog.js';
import { createPullRequestRouter } from './service/pullRequests.js';
import { createRouter } from './service/router.js';

/**
 * Backend plugin `golden-path`: the name check the portal's form calls as the user types, and, with the
 * embedded local remote, a read-only view of the published repositories.
 */
export const goldenPathPlugin = createBackendPlugin({
  pluginId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        scheduler: coreServices.scheduler,
        scaffolder: scaffolderServiceRef,
        permissions: coreServices.permissions,
        gate: goldenPathGateServiceRef,
      },
      async init({ config, logger, auth, httpAuth, httpRouter, catalog, scheduler, scaffolder, permissions, gate }) {
        const goldenPath = readGoldenPathConfig(config);
        const engine = new GoldenPathEngine({ templatesRoot: goldenPath.templatesRoot });
        const localRemote =
          goldenPath.publishTarget === 'local' ? new LocalGitRemote(goldenPath.localRemote) : undefined;
        // GitHub as publish:github reaches it: the integration's API base and its app or token.
        const integrations = ScmIntegrations.fromConfig(config);
        const github = integrations.github.byHost('github.com')?.config;
        const githubCredentials = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        const githubRemote = new GithubRemote({
          apiBaseUrl: github?.apiBaseUrl ?? 'https://api.github.com',
          host: github?.host,
          headers: async url => (await githubCredentials.getCredentials({ url })).headers,
        });

        const { nameCheck } = goldenPath;
        httpRouter.use(
          createRouter({
            localRemote,
            httpAuth,
            logger,
            rateLimit: new RateLimiter({ ...nameCheck.rateLimit, maxCallers: 10_000 }),
            names: {
              loadTemplate: id => engine.load(id),
              fieldProblem: (gp, field, value) => engine.fieldProblem(gp, field, value),
              orgs: goldenPath.publishOrgs,
              ...cachedLookups(
                {
                  inCatalog: async name =>
                    (await catalog.getEntityByRef(
                      { kind: 'component', namespace: 'default', name },
                      { credentials: await auth.getOwnServiceCredentials() },
                    )) !== undefined,
                  inRemote: async (org, name) =>
                    localRemote ? localRemote.exists(org, name) : githubRemote.exists(org, name),
                },
                { ttlMs: nameCheck.cacheMs, maxEntries: nameCheck.cacheEntries },
              ),
            },
          }),
        );
        // The name check is for signed-in users (the guest too); the router refuses services. The embedded
        // remote's pages are opened as plain links from the portal, which send no token, and exist only
        // on a laptop install (publishTarget local, backend on 127.0.0.1); production has no such routes.
        if (localRemote) httpRouter.addAuthPolicy({ path: '/git', allow: 'unauthenticated' });
        // Each golden path's releases, for the portal's golden-path card.
        httpRouter.use(createChangelogRouter({ engine, httpAuth }));
        // The embedded remote's upgrade pull requests (on GitHub they are GitHub's).
        if (localRemote) {
          const store = pullRequestStoreFromConfig(config);
          httpRouter.use(createPullRequestRouter({ store, gate, httpAuth, auth, permissions, catalog }));
        }
        // Publish and register are one outcome even when a backend dies between them, or a task fails after
        // publishing (service/reconciler.ts, the embedded remote; service/githubReconciler.ts, GitHub); one
        // replica at a time (the scheduler's lock), from shortly after start-up.
        const { frequencyMs, initialDelayMs, github: githubPass } = goldenPath.reconciler;
        const settled = new Map<string, number>();
        await scheduler.scheduleTask({
          id: 'golden-path-reconciler',
          frequency: { milliseconds: frequencyMs },
          timeout: { milliseconds: Math.max(frequencyMs, 60_000) },
          initialDelay: { milliseconds: initialDelayMs },
          fn: async () => {
            if (localRemote) await reconcile({ remote: localRemote, catalog, scaffolder, auth, logger });
            else
              await reconcileGithub({
                github: githubRemote,
                catalog,
                scaffolder,
                auth,
                logger,
                settled,
                ...githubPass,
              });
          },
        });
        logger.info(`golden-path: publishing to ${localRemote ? `the local remote at ${localRemote.root}` : 'GitHub'}`);
      },
    });
  },
});
