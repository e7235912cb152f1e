// The gate's sandbox, for real: a hostile conftest.py in a repository copy, run by the validator
// runner (the compiled one: `npx tsc -b` first) as the gate runs it, tries to read the backend's
// environment, its data, to write outside its copy and to reach a listener on loopback.
import { runCommand, TOOL_LIMITS } from '@golden-path/validators/process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The compiled module: it starts dist/check/runner.js beside it.
import { validateInChildProcess } from '../../dist/check/validateInChildProcess.js';
import {
  PROBE_TEST,
  probeConftest,
  probeReport,
  probeSite,
  type ProbeReport,
  type ProbeSite,
} from '../testing/probe.js';

const SECRET = `sentinel-secret-${process.pid}-${Date.now()}`;
const TOKEN = `sentinel-token-${process.pid}-${Date.now()}`;
const PYTEST = ['/usr/bin/python3', '-m', 'pytest', '-q', '-s', '--tb=no', '-p', 'no:cacheprovider'];

describe("the gate's sandbox", () => {
  let root: string;
  let site: ProbeSite;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gp-sandbox-test-'));
    site = await probeSite(root, '.data', SECRET);
  });

  afterAll(async () => {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A repository copy holding the probe. */
  function repository(marker?: string): string {
    const repo = mkdtempSync(join(root, 'repo-'));
    writeFileSync(join(repo, 'conftest.py'), probeConftest({ ...site, marker }));
    writeFileSync(join(repo, 'test_probe.py'), PROBE_TEST);
    return repo;
  }

  function expectNothingObserved(seen: ProbeReport, output: string): void {
    expect(seen.uid).toBe(65534);
    expect(seen.dataDir).toBe('denied: FileNotFoundError');
    expect(seen.secret).toBe('denied: FileNotFoundError');
    expect(seen.writeOutside).toMatch(/^denied: /);
    expect(seen.writeSystem).toMatch(/^denied: (OSError|PermissionError)/);
    expect(seen.shadow).toBe('denied: FileNotFoundError');
    expect(existsSync(join(site.outsideDir, 'written-by-the-probe'))).toBe(false);
    expect(seen.socket).toMatch(/^denied: /);
    expect(site.connections).toEqual([]);
    // The allow-listed environment only: no token, nothing of the parent's.
    expect(Object.keys(seen.env).sort()).toEqual(
      expect.arrayContaining(['CI', 'HOME', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'TMPDIR']),
    );
    expect(Object.keys(seen.env).filter(k => !ALLOWED_ENV.has(k))).toEqual([]);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(TOKEN);
  }

  it('the validator runner and the tests it starts see none of the backend: environment, data, other files, network', async () => {
    const repo = repository();
    process.env.GITHUB_TOKEN = TOKEN;
    let text: string;
    try {
      ({ text } = await validateInChildProcess(repo, {
        runtime: { serviceTest: { command: PYTEST, env: { PYTHONDONTWRITEBYTECODE: '1' } } },
        only: ['service-tests'],
      }));
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
    const seen = probeReport(text);
    expectNothingObserved(seen, text);
    // Niced once: the runner at the tools' nice value, and the tests it starts no further.
    expect(seen.niceness).toBe(Math.max(TOOL_LIMITS.niceness, getPriority()));
    // The tests' sandbox sits inside the runner's, which has the /proc: the tests see no /proc at all.
    expect(seen.pids).toEqual([]);
    expect(seen.procEnviron).toEqual({});
  });

  it("terraform-validate installs the AWS provider from the machine's mirror inside the runner's sandbox", async () => {
    const repo = mkdtempSync(join(root, 'repo-'));
    writeFileSync(
      join(repo, 'main.tf'),
      'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.100, < 7"\n    }\n  }\n}\n\ndata "aws_partition" "current" {}\n',
    );
    const { report, text } = await validateInChildProcess(repo, { only: ['terraform-validate'] });
    expect(report.results, text).toEqual([expect.objectContaining({ validator: 'terraform-validate', findings: [] })]);
    expect(report.results[0]!.skipped).toBeUndefined();
    expect(report.ok).toBe(true);
  }, 120_000);

  it("a tool started directly sees its own PID namespace in /proc, and no secret in any process's environment", async () => {
    const repo = repository(join(site.outsideDir, 'marker'));
    process.env.GITHUB_TOKEN = TOKEN;
    let output: string;
    try {
      const result = await runCommand(PYTEST[0]!, PYTEST.slice(1), {
        cwd: repo,
        timeoutMs: 60_000,
        env: { PATH: '/usr/bin', CI: 'true', PYTHONDONTWRITEBYTECODE: '1', GITHUB_TOKEN_IS_NOT_ALLOWED: 'x' },
        mergeOutput: true,
        sandbox: { readOnly: [], writable: [repo] },
      });
      output = result.stdout;
      expect(result.code).toBe(1);
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
    const seen = probeReport(output);
    // bwrap's init as 1, the tests as 2: no process of the host.
    expect(seen.pids.length).toBeGreaterThan(0);
    expect(Math.max(...seen.pids)).toBeLessThan(10);
    expect(Object.keys(seen.procEnviron).length).toBeGreaterThan(0);
    for (const environ of Object.values(seen.procEnviron)) expect(environ).not.toContain(TOKEN);
    expect(seen.marker).toMatch(/^denied: /);
    expect(existsSync(join(site.outsideDir, 'marker'))).toBe(false);
    expect(seen.writeOutside).toMatch(/^denied: /);
    expect(seen.writeSystem).toMatch(/^denied: (OSError|PermissionError)/);
    expect(seen.shadow).toBe('denied: FileNotFoundError');
    expect(seen.socket).toMatch(/^denied: /);
    expect(site.connections).toEqual([]);
    expect(output).not.toContain(SECRET);
    // What the caller passed is what the tool gets (the test's variable aside), PATH the sandbox's.
    expect(seen.env.GITHUB_TOKEN_IS_NOT_ALLOWED).toBe('x');
    expect(seen.env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    expect(seen.env.GITHUB_TOKEN).toBeUndefined();
    // The copy is the tool's to write.
    expect(readFileSync(join(repo, 'test_probe.py'), 'utf8')).toBe(PROBE_TEST);
  });

  it("a cancelled task kills the runner's sandbox with the tests it started", async () => {
    const repo = mkdtempSync(join(root, 'cancel-'));
    const seconds = `${70 + (process.pid % 1000) / 1000}`;
    const controller = new AbortController();
    const started = Date.now();
    const running = validateInChildProcess(
      repo,
      { runtime: { serviceTest: { command: ['/bin/sh', '-c', `sleep ${seconds} & sleep ${seconds}`] } } },
      controller.signal,
    );
    await waitUntil(() => processesWith(seconds).length > 0);
    controller.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(30_000);
    await waitUntil(() => processesWith(seconds).length === 0);
  });

  it('kills the whole sandbox, children included, on a timeout', async () => {
    const repo = mkdtempSync(join(root, 'sleep-'));
    const seconds = `${60 + (process.pid % 1000) / 1000}`; // a sleep of our own, to find it in /proc
    const started = Date.now();
    const result = await runCommand('/bin/sh', ['-c', `sleep ${seconds} & sleep ${seconds} & wait`], {
      cwd: repo,
      timeoutMs: 1500,
    });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitUntil(() => processesWith(seconds).length === 0);
  });
});

/** Host processes whose command line contains `text`. */
function processesWith(text: string): string[] {
  return readdirSync('/proc')
    .filter(pid => /^\d+$/.test(pid))
    .filter(pid => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone meanwhile
      }
    });
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** What toolEnv passes, the sandbox's own variables and the runtime's: nothing else may appear. */
const ALLOWED_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'PWD', // bwrap's --chdir
  'CI',
  'PYTHONDONTWRITEBYTECODE',
  'GOLDEN_PATH_SANDBOX',
  'GOLDEN_PATH_SANDBOXED',
  // pytest's own
  'PYTEST_CURRENT_TEST',
  'PYTEST_VERSION',
]);
