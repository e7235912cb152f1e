import { ConfigReader } from '@backstage/config';
import { describe, expect, it } from 'vitest';
import { productionProblems } from './productionReadiness.js';

const production = {
  auth: { environment: 'production', providers: { github: { production: { clientId: 'id', clientSecret: 's' } } } },
  backend: { database: { client: 'pg', connection: { host: 'db', user: 'backstage', password: 'p' } } },
  goldenPath: { publish: { target: 'github' } },
  scaffolder: { defaultEnvironment: { parameters: { publishTarget: 'github' } } },
  integrations: { github: [{ host: 'github.com', token: 't' }] },
  techdocs: { builder: 'external', publisher: { type: 'awsS3', awsS3: { bucketName: 'acme-techdocs' } } },
};

describe('productionProblems', () => {
  it('finds nothing missing in a complete production configuration, nor on a laptop install', () => {
    expect(productionProblems(new ConfigReader(production))).toEqual([]);
    expect(productionProblems(new ConfigReader({ backend: { database: { client: 'better-sqlite3' } } }))).toEqual([]);
  });

  it('names SQLite, an empty secret, a missing token and docs bucket; no token is needed when publishing locally', () => {
    const config = {
      ...production,
      techdocs: { builder: 'external', publisher: { type: 'awsS3', awsS3: {} } },
      auth: { environment: 'production', providers: { github: { production: { clientId: 'id', clientSecret: ' ' } } } },
      backend: { database: { client: 'better-sqlite3', connection: { host: 'db', user: 'u', password: 'p' } } },
      integrations: { github: [{ host: 'github.com' }] },
    };
    expect(productionProblems(new ConfigReader(config))).toEqual([
      'auth.providers.github.production.clientSecret is not set (environment variable AUTH_GITHUB_CLIENT_SECRET)',
      'backend.database.client must be "pg": replicas share one PostgreSQL',
      'integrations.github[0].token is not set (environment variable GITHUB_TOKEN)',
      'techdocs.publisher.awsS3.bucketName is not set (environment variable TECHDOCS_BUCKET)',
    ]);
    const local = { ...config, goldenPath: { publish: { target: 'local' } }, scaffolder: {} };
    expect(productionProblems(new ConfigReader(local))).not.toContainEqual(expect.stringContaining('GITHUB_TOKEN'));
    // Docs built and kept by the portal itself (the embedded default) need no bucket.
    const localDocs = { ...config, techdocs: { builder: 'local', publisher: { type: 'local' } } };
    expect(productionProblems(new ConfigReader(localDocs))).not.toContainEqual(
      expect.stringContaining('TECHDOCS_BUCKET'),
    );
  });
});
