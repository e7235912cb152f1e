import { ConfigReader } from '@backstage/config';
import { describe, expect, it } from 'vitest';
import { productionProblems } from './productionReadiness.js';

const production = {
  auth: { environment: 'production', providers: { github: { production: { clientId: 'id', clientSecret: 's' } } } },
  backend: { database: { client: 'pg', connection: { host: 'db', user: 'backstage', password: 'p' } } },
  goldenPath: { publish: { target: 'github' } },
  scaffolder: { defaultEnvironment: { parameters: { publishTarget: 'github' } } },
  integrations: { github: [{ host: 'github.com', token: 't' }] },
};

describe('productionProblems', () => {
  it('finds nothing missing in a complete production configuration, nor on a laptop install', () => {
    expect(productionProblems(new ConfigReader(production))).toEqual([]);
    expect(productionProblems(new ConfigReader({ backend: { database: { client: 'better-sqlite3' } } }))).toEqual([]);
  });

  it('names SQLite, an empty secret and a missing token; no token is needed when publishing locally', () => {
    const config = {
      ...production,
      auth: { environment: 'production', providers: { github: { production: { clientId: 'id', clientSecret: ' ' } } } },
      backend: { database: { client: 'better-sqlite3', connection: { host: 'db', user: 'u', password: 'p' } } },
      integrations: { github: [{ host: 'github.com' }] },
    };
    expect(productionProblems(new ConfigReader(config))).toEqual([
      'auth.providers.github.production.clientSecret is not set (environment variable AUTH_GITHUB_CLIENT_SECRET)',
      'backend.database.client must be "pg": replicas share one PostgreSQL',
      'integrations.github[0].token is not set (environment variable GITHUB_TOKEN)',
    ]);
    const local = { ...config, goldenPath: { publish: { target: 'local' } }, scaffolder: {} };
    expect(productionProblems(new ConfigReader(local))).not.toContainEqual(expect.stringContaining('GITHUB_TOKEN'));
  });
});
