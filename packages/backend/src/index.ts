import { createBackend } from '@backstage/backend-defaults';
import { goldenPathGateServiceFactory } from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { commonjs } from './commonjs.js';
import { githubPublishing } from './githubPublishing.js';
import { productionReadiness } from './productionReadiness.js';
import { rootLoggerServiceFactory } from './rootLogger.js';
import { startOrExit } from './startOrExit.js';

const backend = createBackend();

// Backstage's root logger, with the config schema (which values are secrets to redact) compiled in a
// child process: compiled in the backend, it kept TypeScript loaded twice (docs/backend.md).
backend.add(rootLoggerServiceFactory);

// The production configuration refuses to start without its sign-in provider, database and token.
backend.add(productionReadiness);

// The portal's frontend (packages/app), served on the backend's own port.
backend.add(commonjs(import('@backstage/plugin-app-backend')));

// Sign-in: guest on a laptop install, GitHub in production (each only where configured: docs/backend.md).
backend.add(commonjs(import('@backstage/plugin-auth-backend')));
backend.add(commonjs(import('@backstage/plugin-auth-backend-module-guest-provider')));
backend.add(commonjs(import('@backstage/plugin-auth-backend-module-github-provider')));
// Who may do what: the same policy on a laptop and in production (docs/backend.md, "Security model").
backend.add(commonjs(import('@backstage/plugin-permission-backend')));
backend.add(import('@golden-path/plugin-permission-backend-module-golden-path-policy'));

// The catalog, which knows Templates, and reads catalog-info.yaml from the local git remote (where an
// entity's source is its repository there).
backend.add(commonjs(import('@backstage/plugin-catalog-backend')));
backend.add(commonjs(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model')));
backend.add(commonjs(import('@backstage/plugin-catalog-backend-module-logs')));
backend.add(import('@golden-path/plugin-catalog-backend-module-local-repos'));
// Golden path Templates compose the shared form steps (templates/parameters).
backend.add(import('@golden-path/plugin-catalog-backend-module-golden-path'));

// The scaffolder with the golden path's actions, and GitHub's when publishing to GitHub (production).
backend.add(commonjs(import('@backstage/plugin-scaffolder-backend')));
backend.add(import('@golden-path/plugin-scaffolder-backend-module-golden-path'));
// The policy gate on an upgrade's merged result, for golden-path:upgrade and the pull requests' merge.
backend.add(goldenPathGateServiceFactory);
backend.add(githubPublishing);

// Search over the catalog: in memory on SQLite, in the shared database on PostgreSQL (the pg module
// steps aside, with a warning, when the database is not PostgreSQL).
backend.add(commonjs(import('@backstage/plugin-search-backend')));
backend.add(commonjs(import('@backstage/plugin-search-backend-module-pg')));
backend.add(commonjs(import('@backstage/plugin-search-backend-module-catalog')));

// TechDocs: each service's docs (mkdocs.yml, docs/) built when first read and kept by the publisher
// (techdocs.* in app-config): on a laptop with Debian's MkDocs in the gate's sandbox (our module),
// in production built by the service's pipeline (builder external). Searchable with the catalog.
backend.add(commonjs(import('@backstage/plugin-techdocs-backend')));
backend.add(import('@golden-path/plugin-techdocs-backend-module-golden-path'));
backend.add(commonjs(import('@backstage/plugin-search-backend-module-techdocs')));

// The golden path's own API: service name checks and the local remote's file pages.
backend.add(import('@golden-path/plugin-golden-path-backend'));

// A backend that cannot start (its port is taken, a plugin fails) exits 1 with the reason.
void startOrExit(backend);
