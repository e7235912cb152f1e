import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from './ports.ts';
import { createTestSigner, type TestSigner } from './userTokens.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENTRY = join(REPO_ROOT, 'packages/backend/dist/index.js');
/**
 * Node flags of the start command, read from `npm start` (package.json) so tests run the backend as
 * it runs: small young-generation semi-spaces and a bounded heap (docs/backend.md).
 */
export const BACKEND_NODE_FLAGS = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter(word => word.startsWith('--'));

export interface BackendOptions {
  /** Folder for this backend's SQLite files, workspaces and log; a fresh temp folder by default. */
  dataDir?: string;
  /** The local git remote's root; `<dataDir>/repos` by default. Replicas share one. */
  reposRoot?: string;
  /** `backend.database`; SQLite files in `<dataDir>/sqlite` by default. */
  database?: Record<string, unknown>;
  /** Config files (relative to the repository root) read after app-config.yaml, before the test's own. */
  configFiles?: string[];
  /** More config, merged last, key by key (Backstage's deep merge of config files; arrays are replaced). */
  config?: Record<string, unknown>;
  /** Extra environment variables for the backend process. */
  env?: Record<string, string>;
  /**
   * backend.baseUrl, the URL users and the catalog's links use; this process's own URL by default.
   * Replicas behind one load balancer share one.
   */
  publicUrl?: string;
  /** Entity refs to wait for in the catalog before returning (the template and the org by default). */
  waitForEntities?: string[];
  /** backend.listen.port; a free port by default. */
  port?: number;
  /** How long to wait for readiness (150 s by default: on a loaded 2-core machine a start has taken over a minute). */
  readinessTimeoutMs?: number;
  /** Lets `as(userRef)` act as any catalog user (userTokens.ts: a signing key only tests configure). */
  testSignIn?: boolean;
  /** The backend's entry file; this tree's build by default (the memory bench compares another build). */
  entry?: string;
}

/** What the tests read of a catalog entity. */
export interface CatalogEntity {
  kind: string;
  metadata: { name: string; namespace?: string; description?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
}

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach(c => c.kill('SIGKILL')));

/**
 * The project's compiled backend (packages/backend/dist, built by `tsc -b`) started for real as a
 * child process on a free loopback port, with app-config.yaml plus an override file in its data dir.
 */
export class TestBackend {
  private tokenCache?: string;
  /** Whose token `fetch` sends: the guest's when unset (see `as`). */
  private user?: string;
  /** The groups `as` was given, instead of the user's groups in the catalog. */
  private groups?: string[];
  private signer?: TestSigner;
  /** Where this process listens (what the tests call). */
  readonly url: string;
  /** backend.baseUrl as configured: the same as url unless replicas share a public URL. */
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly reposRoot: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly ownsDataDir: boolean;

  // Plain fields, no parameter properties: the bench runs this file with node --experimental-strip-types.
  private constructor(
    url: string,
    baseUrl: string,
    dataDir: string,
    reposRoot: string,
    logFile: string,
    child: ChildProcess,
    ownsDataDir: boolean,
  ) {
    this.url = url;
    this.baseUrl = baseUrl;
    this.dataDir = dataDir;
    this.reposRoot = reposRoot;
    this.logFile = logFile;
    this.child = child;
    this.ownsDataDir = ownsDataDir;
  }

  static async start(options: BackendOptions = {}): Promise<TestBackend> {
    const entry = options.entry ?? ENTRY;
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npx tsc -b)`);
    const ownsDataDir = !options.dataDir;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gp-backend-'));
    mkdirSync(dataDir, { recursive: true });
    const reposRoot = options.reposRoot ?? join(dataDir, 'repos');
    const port = options.port ?? (await freePort());
    const url = `http://localhost:${port}`;
    const baseUrl = options.publicUrl ?? url;
    const override = {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        cors: { origin: baseUrl },
        database: options.database ?? { client: 'better-sqlite3', connection: { directory: join(dataDir, 'sqlite') } },
        workingDirectory: join(dataDir, 'work'),
      },
      goldenPath: { localRemote: { root: reposRoot } },
      // Built docs sites are this backend's own (app-config.yaml keeps them under .data/techdocs).
      techdocs: { publisher: { type: 'local', local: { publishDirectory: join(dataDir, 'techdocs') } } },
    };
    const configFile = join(dataDir, `app-config.test-${port}.yaml`);
    writeFileSync(configFile, JSON.stringify(override, null, 2)); // JSON is YAML
    // The test's own config in a file of its own, read last: Backstage merges it key by key (deeply).
    const testConfigFile = join(dataDir, `app-config.test-${port}.own.yaml`);
    writeFileSync(testConfigFile, JSON.stringify(options.config ?? {}, null, 2));
    const logFile = join(dataDir, `backend-${port}.log`);
    const log = createWriteStream(logFile);
    // As `npm start` runs it: vitest's NODE_ENV=test is not passed on. Where pyenv shims python3,
    // the generated service's tests need Debian's python3 (Django, pytest-cov): pyenv's "system".
    const env: NodeJS.ProcessEnv = { PYENV_VERSION: 'system', ...process.env, FORCE_COLOR: '0' };
    delete env.NODE_ENV;
    if (options.testSignIn && options.database) throw new Error('testSignIn works on the default SQLite database only');
    const signer = options.testSignIn
      ? createTestSigner(dataDir, `${baseUrl}/api/auth`, join(dataDir, 'sqlite'))
      : undefined;
    const configFiles = [
      ...(options.configFiles ?? []),
      ...(signer ? [signer.configFile] : []),
      configFile,
      testConfigFile,
    ];
    const configs = ['app-config.yaml', ...configFiles].flatMap(f => ['--config', resolve(REPO_ROOT, f)]);
    // A test's own heap bound (NODE_OPTIONS) wins: a flag on the command line would override it.
    const flags = /--max-old-space-size/.test(options.env?.NODE_OPTIONS ?? '')
      ? BACKEND_NODE_FLAGS.filter(flag => !flag.startsWith('--max-old-space-size'))
      : BACKEND_NODE_FLAGS;
    const child = spawn(process.execPath, [...flags, entry, ...configs], {
      cwd: REPO_ROOT,
      env: { ...env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const backend = new TestBackend(url, baseUrl, dataDir, reposRoot, logFile, child, ownsDataDir);
    backend.signer = signer;
    // Rejects when the process ends, so a backend that exits during start fails the start at once.
    let exited = false;
    const exit = new Promise<never>((_, reject) =>
      child.on('exit', code => {
        exited = true;
        live.delete(child);
        reject(new Error(`backend exited with ${code ?? -1}`));
      }),
    );
    exit.catch(() => undefined); // an exit after start is stop()'s business
    try {
      const ready = waitFor(
        'backend readiness',
        async () => {
          if (exited) return false; // ends the polling; `exit` has failed the start
          const r = await fetch(`${url}/.backstage/health/v1/readiness`).catch(() => undefined);
          return r?.ok ? true : undefined;
        },
        // A start has taken over two minutes on 2 cores with three test files running beside it.
        options.readinessTimeoutMs ?? 400_000,
      );
      await Promise.race([ready, exit]);
      // Readiness answers before the catalog has read its locations.
      for (const ref of options.waitForEntities ?? [
        'template:default/python-django-service',
        'group:default/payments',
      ]) {
        await backend.waitForEntity(ref);
      }
    } catch (error) {
      const tail = backend.logTail(60);
      await backend.stop();
      throw new Error(`${(error as Error).message}\n--- backend log (last lines) ---\n${tail}`);
    }
    return backend;
  }

  /** The last lines the backend logged, for failure messages. */
  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /**
   * This backend as another catalog user (needs `testSignIn`): the same methods, with a token for
   * that user whose ownership refs are the user and its groups, as the sign-in resolver issues them
   * (`groups`: these instead of the catalog's, e.g. none for a user the catalog does not have).
   */
  as(userEntityRef: string, options: { groups?: string[] } = {}): TestBackend {
    if (!this.signer) throw new Error('start the backend with testSignIn: true to act as another user');
    const view = Object.create(this) as TestBackend;
    view.user = userEntityRef;
    view.groups = options.groups;
    view.tokenCache = undefined;
    return view;
  }

  /**
   * The user's token (`as`), else a guest user's, from the guest provider's refresh endpoint. Either
   * waits until the catalog has stitched the user's groups: a sign-in before that gets none.
   */
  async token(): Promise<string> {
    this.tokenCache ??= await waitFor(
      `${this.user ?? 'guest'} signed in with its groups`,
      async () => {
        if (this.user && this.signer && this.groups)
          return this.signer.userToken(this.user, [this.user, ...this.groups]);
        if (this.user && this.signer) {
          const groups = await this.stitchedGroups(this.signer.userToken(this.user, [this.user]), this.user);
          return groups && this.signer.userToken(this.user, [this.user, ...groups]);
        }
        const r = await fetch(`${this.url}/api/auth/guest/refresh`, {
          method: 'POST',
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        if (!r.ok) throw new Error(`guest sign-in failed: ${r.status} ${await r.text()}`);
        const token = ((await r.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
        const groups = await this.stitchedGroups(token, claims.sub);
        const info = await fetch(`${this.url}/api/auth/v1/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
        const { claims: recorded } = (await info.json()) as { claims: { ent: string[] } };
        return groups?.every(g => recorded.ent.includes(g)) ? token : undefined;
      },
      60_000,
      250,
    );
    return this.tokenCache;
  }

  /** The groups of a catalog User (memberOf relations), once every `spec.memberOf` is one. */
  private async stitchedGroups(token: string, userRef: string): Promise<string[] | undefined> {
    const [kind, namespace, name] = userRef.split(/[:/]/) as [string, string, string];
    const r = await fetch(`${this.url}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!r.ok) return undefined;
    const user = (await r.json()) as CatalogEntity;
    const groups = (user.relations ?? []).filter(rel => rel.type === 'memberOf').map(rel => rel.targetRef);
    return groups.length >= ((user.spec?.memberOf as unknown[] | undefined)?.length ?? 0) ? groups : undefined;
  }

  /** fetch against the backend as the guest user. */
  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${await this.token()}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${this.url}${path}`, { ...init, headers, body });
  }

  /** fetch, then parse JSON; throws with the body on a non-2xx answer. */
  async json<T = Record<string, unknown>>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
    const r = await this.fetch(path, init);
    const text = await r.text();
    if (!r.ok)
      throw Object.assign(new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${text}`), {
        status: r.status,
        body: text,
      });
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** An entity from the catalog, or undefined. */
  async entity(ref: string): Promise<CatalogEntity | undefined> {
    const [kind, rest] = ref.split(':') as [string, string];
    const [namespace, name] = rest.split('/') as [string, string];
    const r = await this.fetch(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`);
    if (r.status === 404) return undefined;
    if (!r.ok) throw new Error(`catalog ${ref}: ${r.status} ${await r.text()}`);
    return (await r.json()) as CatalogEntity;
  }

  waitForEntity(
    ref: string,
    accept: (entity: CatalogEntity) => boolean = () => true,
    timeoutMs = 180_000,
  ): Promise<CatalogEntity> {
    return waitFor(
      `${ref} in the catalog`,
      async () => {
        const e = await this.entity(ref);
        return e && accept(e) ? e : undefined;
      },
      timeoutMs,
      250,
    );
  }

  /** The backend's process id (for /proc readings). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>(r => this.child.once('exit', () => r()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.ownsDataDir && !process.env.GP_KEEP_TEST_DATA) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
