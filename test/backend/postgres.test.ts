import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { filesOn, remoteEntries } from '../testing/git.ts';
import { startPostgres, type Postgres } from '../testing/postgres.ts';
import {
  completion,
  createTask,
  serviceValues,
  taskEvents,
  uniqueName,
  waitForTask,
  type TaskEvent,
} from '../testing/scaffolder.ts';
import { scaffolderSuite } from './scaffolderSuite.ts';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

scaffolderSuite('PostgreSQL', async () => ({ database: pg.database('gp_single_') }), { dryRun: false });

describe('the production configuration', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await TestBackend.start({
      configFiles: ['app-config.production.yaml'],
      database: pg.database('gp_production_'),
      // Its environment; the token is never used: a dry-run does not call GitHub.
      env: {
        PORTAL_BASE_URL: 'http://localhost:7007',
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        GITHUB_TOKEN: 'ghp_test_unused',
        AUTH_GITHUB_CLIENT_ID: 'Iv1.test-client-id',
        AUTH_GITHUB_CLIENT_SECRET: 'test-client-secret',
        TECHDOCS_BUCKET: 'acme-fintech-techdocs',
        TECHDOCS_REGION: 'eu-west-1',
        // TechDocs checks its bucket at startup: no instance metadata service to ask for credentials.
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      // Production refuses the guest sign-in; the test signs in as the guest all the same, as Lin of
      // the platform group (a dry-run is the platform's).
      config: {
        auth: {
          providers: { guest: { dangerouslyAllowOutsideDevelopment: true, userEntityRef: 'user:default/lin' } },
        },
        // The production docs publisher (TestBackend gives every backend a local one): the docs
        // bucket of the environment, reached only at a closed port on loopback, never AWS.
        techdocs: {
          publisher: { type: 'awsS3', awsS3: { endpoint: 'http://127.0.0.1:9', s3ForcePathStyle: true } },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('signs people in with GitHub: the OAuth app from the environment', async () => {
    const start = await fetch(`${backend.url}/api/auth/github/start?env=production&scope=read:user`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(to.searchParams.get('client_id')).toBe('Iv1.test-client-id');
  });

  it("reads TechDocs from the services' docs bucket: the awsS3 publisher", () => {
    const log = backend.logTail(100_000);
    expect(log).toContain('Creating AWS S3 Bucket publisher for TechDocs');
    expect(log).not.toContain('Creating Local publisher for TechDocs');
    // Its start-up check of the bucket failed (no S3 here) and was only logged: the backend serves.
    expect(log).toContain('Could not retrieve metadata about the AWS S3 bucket acme-fintech-techdocs');
  });

  it('publishes with publish:github instead of the local remote', async () => {
    const template = await backend.entity('template:default/python-django-service');
    const result = await backend.json<{ log: TaskEvent[] }>('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      json: { template, values: serviceValues(uniqueName('prod')), directoryContents: [] },
    });
    const statuses = (step: string) => result.log.filter(e => e.body.stepId === step).map(e => e.body.status);
    expect(statuses('publish')).toContain('skipped');
    expect(statuses('publish')).not.toContain('completed');
    expect(
      result.log.some(e => e.body.stepId === 'publish-github' && /publish:github/.test(e.body.message ?? '')),
    ).toBe(true);
    expect(statuses('render')).toContain('completed');
    expect(statuses('check')).toContain('completed');
  });
});

describe('two backends sharing one PostgreSQL database', () => {
  let shared: string;
  let a: TestBackend;
  let b: TestBackend;

  beforeAll(async () => {
    shared = mkdtempSync(join(tmpdir(), 'gp-replicas-'));
    // Replicas share the database, the git remote and the public URL (as behind a load balancer);
    // each has its own port and workspaces.
    // Signed in as Ada, a member of payments, the owner serviceValues gives.
    const options = {
      database: pg.database('gp_replicas_'),
      reposRoot: join(shared, 'repos'),
      config: { auth: { providers: { guest: { userEntityRef: 'user:default/ada' } } } },
    };
    a = await TestBackend.start(options);
    b = await TestBackend.start({ ...options, publicUrl: a.baseUrl });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(shared, { recursive: true, force: true });
  });

  it('both accept tasks, and every task runs to completion exactly once', async () => {
    // One task submitted to each replica, at once: each whole task runs the policy gate (about 20 s
    // of CPU), so two prove the claim on 2 cores where four took over three minutes of CI.
    const submitted = await Promise.all(
      [a, b].map(async (backend, i) => {
        const name = uniqueName(`replica${i}`);
        return { backend, name, id: await createTask(backend, serviceValues(name)) };
      }),
    );
    for (const { backend, name, id } of submitted) {
      // Either replica answers for any task: they read the same database.
      const other = backend === a ? b : a;
      const task = await waitForTask(other, id, 240_000);
      expect(task.status, `${name}: ${JSON.stringify((await taskEvents(a, id)).at(-1)?.body)}`).toBe('completed');
      const events = await taskEvents(backend, id);
      expect(events.filter(e => e.body.message?.startsWith('Starting up task'))).toHaveLength(1);
      expect(events.filter(e => e.type === 'completion')).toHaveLength(1);
      expect(filesOn(join(shared, 'repos', 'acme-fintech', `${name}.git`))).toContain('catalog-info.yaml');
    }
    // Both replicas' catalogs see every new component (one catalog, two readers).
    for (const { name } of submitted) {
      await a.waitForEntity(`component:default/${name}`);
      await b.waitForEntity(`component:default/${name}`);
    }
  });

  // PostgreSQL's text cannot hold U+0000: a NUL that got past the engine would publish a repository
  // whose entity the catalog then fails to store (an orphan). It is refused before anything is written.
  it('refuses a NUL in the description, naming the field: no repository, no entity', async () => {
    const name = uniqueName('nul');
    const id = await createTask(a, serviceValues(name, { description: 'Ledger \u0000 entries.' }));
    const task = await waitForTask(b, id);
    expect(task.status).toBe('failed');
    const message = (await completion(a, id)).body.error?.message ?? '';
    expect(message).toContain('description: must be plain text: U+0000 (NUL) is not allowed');
    expect(remoteEntries(join(shared, 'repos'), 'acme-fintech').filter(e => e.includes(name))).toEqual([]);
    expect(await a.entity(`component:default/${name}`)).toBeUndefined();
  });
});
