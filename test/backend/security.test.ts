// The policy gate on the project's compiled backend (issue 8, item 1): what a portal user submits is
// never run, and what the gate runs (a registered golden path's own tests) runs with nothing of the
// backend's: not its environment (a GITHUB_TOKEN sentinel), its data folder, the network or the
// files outside its copy.
import { GoldenPathEngine } from '@golden-path/engine';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROBE_TEST,
  probeConftest,
  probeReport,
  probeSite,
  type ProbeSite,
} from '../../plugins/scaffolder-backend-module-golden-path/src/testing/probe.ts';
import { REPO_ROOT, TestBackend } from '../testing/backend.ts';
import { serviceValues } from '../testing/scaffolder.ts';

const SENTINEL = `sentinel-github-token-${process.pid}-${Date.now()}`;
const SECRET = `sentinel-data-secret-${process.pid}-${Date.now()}`;

/** A golden path whose skeleton's tests are the probe: registered in the backend's templates root. */
function probeGoldenPath(root: string, conftest: string): void {
  const dir = join(root, 'probe-service');
  mkdirSync(join(dir, 'skeleton'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: probe-service
  annotations:
    golden-path.dev/version: 1.0.0
spec:
  parameters:
    - required: [name]
      properties:
        name: { type: string, pattern: '^[a-z][a-z0-9-]{2,31}$', description: 'The service name.' }
  steps: []
`,
  );
  writeFileSync(
    join(dir, 'runtime.yaml'),
    `serviceTest:
  command: [/usr/bin/python3, -m, pytest, -q, -s, --tb=no, -p, no:cacheprovider]
files:
  seeded: ['**']
`,
  );
  writeFileSync(join(dir, 'skeleton', 'conftest.py'), conftest);
  writeFileSync(join(dir, 'skeleton', 'test_probe.py'), PROBE_TEST);
}

/** A Template entity for the dry-run API: the steps given, no parameters. */
function inlineTemplate(steps: Record<string, unknown>[]) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'attack', namespace: 'default' },
    spec: { type: 'service', parameters: [], steps },
  };
}

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe("the policy gate's sandbox on the backend", () => {
  let backend: TestBackend;
  let platform: TestBackend;
  let root: string;
  let site: ProbeSite;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gp-security-'));
    site = await probeSite(root, 'backend-data', SECRET);

    // The real golden paths, and the probe golden path beside them.
    const templatesRoot = join(root, 'templates');
    cpSync(join(REPO_ROOT, 'templates'), templatesRoot, { recursive: true });
    probeGoldenPath(templatesRoot, probeConftest({ ...site, marker: join(site.outsideDir, 'marker') }));

    backend = await TestBackend.start({
      dataDir: site.dataDir,
      testSignIn: true,
      env: { GITHUB_TOKEN: SENTINEL },
      config: { goldenPath: { localRemote: { root: join(site.dataDir, 'repos') }, templatesRoot } },
    });
    // Only the platform group may dry-run.
    platform = backend.as('user:default/lin');
  });

  afterAll(async () => {
    await backend?.stop();
    await site?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const dryRun = (steps: Record<string, unknown>[], files: { path: string; content: string | Buffer }[]) =>
    platform.fetch('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      json: {
        template: inlineTemplate(steps),
        values: {},
        directoryContents: files.map(f => ({ path: f.path, base64Content: base64(f.content) })),
      },
    });

  it("refuses a user's conftest.py before any code runs: fetch:plain then golden-path:check", async () => {
    const marker = join(site.outsideDir, 'attack-ran');
    const attack = `open(${JSON.stringify(marker)}, 'w').write('ran')\n`;
    const steps = [
      { id: 'fetch', action: 'fetch:plain', input: { url: './content' } },
      { id: 'check', action: 'golden-path:check' },
    ];

    // The conftest.py alone: there is no render to check.
    const bare = await dryRun(steps, [{ path: 'content/conftest.py', content: attack }]);
    const bareBody = await bare.text();
    expect(bare.status, bareBody).toBe(400);
    expect(bareBody).toContain('.golden-path.yaml is missing');

    // A genuine render of python-django-service (manifest included) with the conftest.py added.
    const engine = new GoldenPathEngine({ templatesRoot: join(REPO_ROOT, 'templates') });
    const plan = engine.plan(engine.prepare(engine.load('python-django-service'), serviceValues('ledger-attack')));
    const forged = await dryRun(steps, [
      ...plan.files.map(f => ({ path: `content/${f.path}`, content: f.content })),
      { path: 'content/conftest.py', content: attack },
      { path: 'content/tests/conftest.py', content: attack },
    ]);
    const forgedBody = await forged.text();
    expect(forged.status, forgedBody).toBe(400);
    const error = (JSON.parse(forgedBody) as { error: { name: string; message: string } }).error;
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /^The repository is not what golden path python-django-service \S+ renders for the values in \.golden-path\.yaml/,
    );
    expect(error.message).toContain('  - conftest.py: not rendered by the golden path');
    expect(error.message).toContain('  - tests/conftest.py: not rendered by the golden path');
    // Nothing ran: the conftest.py would have written the marker (the backend runs as this test's user).
    expect(existsSync(marker)).toBe(false);
  });

  it("runs a registered golden path's own tests with nothing of the backend's: environment, data, network, other files", async () => {
    const response = await dryRun(
      [
        {
          id: 'render',
          action: 'golden-path:render',
          input: { template: 'probe-service', values: { name: 'probe-svc' } },
        },
        { id: 'check', action: 'golden-path:check' },
      ],
      [],
    );
    const body = await response.text();
    // The probe's test fails on purpose, so that the gate's report carries what it saw.
    expect(response.status, body).toBe(500);
    const message = (JSON.parse(body) as { error: { message: string } }).error.message;
    expect(message).toMatch(/^The repository does not pass the policy check \(1 violation\)/);
    const seen = probeReport(message.replace(/\\n/g, '\n'));

    expect(seen.uid).toBe(65534);
    // No /proc in the tests' sandbox (it sits inside the validator runner's): no process to read.
    expect(seen.procEnviron).toEqual({});
    expect(seen.dataDir).toBe('denied: FileNotFoundError');
    expect(seen.secret).toBe('denied: FileNotFoundError');
    expect(seen.writeOutside).toMatch(/^denied: /);
    expect(seen.writeSystem).toMatch(/^denied: (OSError|PermissionError)/);
    expect(seen.shadow).toBe('denied: FileNotFoundError');
    expect(seen.marker).toMatch(/^denied: /);
    expect(existsSync(join(site.outsideDir, 'written-by-the-probe'))).toBe(false);
    expect(existsSync(join(site.outsideDir, 'marker'))).toBe(false);
    expect(seen.socket).toMatch(/^denied: /);
    expect(site.connections).toEqual([]);
    expect(seen.env.GITHUB_TOKEN).toBeUndefined();
    expect(Object.keys(seen.env).sort()).not.toContain('GITHUB_TOKEN');
    expect(Object.values(seen.env).join('\n')).not.toContain(SENTINEL);

    // The secrets appear nowhere: not in the answer, not in the backend's log.
    const log = readFileSync(backend.logFile, 'utf8');
    expect(log).toContain('PROBE');
    for (const text of [body, log]) {
      expect(text).not.toContain(SENTINEL);
      expect(text).not.toContain(SECRET);
    }
  });
});
