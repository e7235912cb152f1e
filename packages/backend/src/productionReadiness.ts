import { coreServices, createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readPublishTarget } from '@golden-path/node';

/** One thing production needs: the config key, and the environment variable app-config.production.yaml reads it from. */
interface Requirement {
  key: string;
  env: string;
}

const SIGN_IN: Requirement[] = [
  { key: 'auth.providers.github.production.clientId', env: 'AUTH_GITHUB_CLIENT_ID' },
  { key: 'auth.providers.github.production.clientSecret', env: 'AUTH_GITHUB_CLIENT_SECRET' },
];
const DATABASE: Requirement[] = [
  { key: 'backend.database.connection.host', env: 'POSTGRES_HOST' },
  { key: 'backend.database.connection.user', env: 'POSTGRES_USER' },
  { key: 'backend.database.connection.password', env: 'POSTGRES_PASSWORD' },
];
const PUBLISH_TOKEN: Requirement = { key: 'integrations.github[0].token', env: 'GITHUB_TOKEN' };
// TechDocs read from the docs bucket every service's pipeline publishes to.
const DOCS_BUCKET: Requirement = { key: 'techdocs.publisher.awsS3.bucketName', env: 'TECHDOCS_BUCKET' };

const has = (config: Config, key: string) => {
  const value = config.getOptional(key);
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined;
};

/**
 * What the production configuration (auth.environment: production) lacks, in words naming each
 * config key and its environment variable; empty on a laptop install or when nothing is missing.
 */
export function productionProblems(config: Config): string[] {
  if (config.getOptionalString('auth.environment') !== 'production') return [];
  const problems: string[] = [];
  const missing = (r: Requirement) => problems.push(`${r.key} is not set (environment variable ${r.env})`);

  SIGN_IN.filter(r => !has(config, r.key)).forEach(missing);
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    problems.push('backend.database.client must be "pg": replicas share one PostgreSQL');
  }
  DATABASE.filter(r => !has(config, r.key)).forEach(missing);
  const target = readPublishTarget(config);
  const github = config.getOptionalConfigArray('integrations.github') ?? [];
  if (target === 'github' && !github.some(g => has(g, 'token'))) missing(PUBLISH_TOKEN);
  if (config.getOptionalString('techdocs.publisher.type') === 'awsS3' && !has(config, DOCS_BUCKET.key))
    missing(DOCS_BUCKET);
  return problems;
}

/**
 * Refuses to start a production backend that lacks its sign-in provider, its database, its
 * publish token or its docs bucket, naming each. A feature loader that loads nothing: added first, it runs before the
 * other loaders, the services and the plugins, which would each stop at the first missing value.
 */
export const productionReadiness = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  loader({ config }) {
    const problems = productionProblems(config);
    if (problems.length) {
      throw new Error(`The production configuration is incomplete:\n  - ${problems.join('\n  - ')}`);
    }
    return [];
  },
});
