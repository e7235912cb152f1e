import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toolEnv } from './env.js';
import { runCommand } from './exec.js';
import type { ServiceTestOptions } from './types.js';

/**
 * Go's build cache for the generated service's tests (runtime.yaml `serviceTest.buildCache: go`).
 * In the gate's sandbox every run starts with an empty cache and compiles and vets the parts of
 * Go's standard library the service imports: ~75 s of CPU, minutes of wall time on a loaded host,
 * for output that is the same every time. So the platform builds a seed once, from the toolchain
 * alone: a module of its own that imports every public package of the standard library, vetted
 * and tested as the service's scripts/test.sh does (go vet, go test -covermode=atomic), in the
 * sandbox. It lives beside the packages (node_modules/.cache/golden-path, like trivy's unpacked
 * copy: whoever can write there can already replace the tools), named by the Go binary and the
 * test's environment, readable by all and written by no run: each run gets a private, writable copy
 * (`goBuildCacheCopy`), so nothing a task builds reaches the seed, another task or the backend.
 */

/** What the seed is named by: a new Go, another environment or another recipe is another seed. */
const RECIPE = 'std-vet-test-v1';
const SEED_TIMEOUT_MS = 20 * 60_000;
/**
 * The builder touches its lock this often; a lock untouched for LOCK_ALIVE_MS was left by a killed
 * process (a backend killed while seeding): waiters stop waiting and the next start takes it over.
 */
const LOCK_HEARTBEAT_MS = 10_000;
const LOCK_ALIVE_MS = 120_000;
/**
 * How long a run waits for a seed being built before it compiles cold: bounded so that waiting and
 * then a cold build (4 minutes on a loaded host) stay within the callers' 10-minute test timeouts.
 */
const WAIT_FOR_SEED_MS = 3 * 60_000;

/** The Go command of a service test: `$GOROOT/bin/go` when the runtime names its Go, else `go` on PATH. */
function goCommand(test: ServiceTestOptions): string {
  return test.env?.GOROOT ? path.join(test.env.GOROOT, 'bin', 'go') : 'go';
}

/** `node_modules/.cache/golden-path` of the node_modules folder this package is installed under. */
function cacheRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (path.basename(dir) === 'node_modules') break;
    if (existsSync(path.join(dir, 'node_modules'))) {
      dir = path.join(dir, 'node_modules');
      break;
    }
  }
  return path.join(dir, '.cache', 'golden-path');
}

/** Where the seed for `test` is (whether or not it has been built), or undefined for a test without one. */
export function goBuildCacheSeedPath(test: ServiceTestOptions): string | undefined {
  if (test.buildCache !== 'go') return undefined;
  const go = goCommand(test);
  let identity = go;
  try {
    const real = realpathSync(go);
    const s = statSync(real);
    identity = `${real} ${s.size} ${Math.round(s.mtimeMs)}`;
  } catch {
    // `go` on PATH: named as such (a seed for another Go than the runs' merely misses)
  }
  const env = Object.entries(test.env ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const key = createHash('sha256')
    .update(JSON.stringify([RECIPE, identity, env]))
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheRoot(), `go-build-${key}`);
}

const building = new Map<string, Promise<string>>();

/**
 * Builds the seed for `test` unless it exists (once per process; a second process waits for the
 * first one's): what was done, for the log.
 */
export function seedGoBuildCache(test: ServiceTestOptions): Promise<string> {
  const seed = goBuildCacheSeedPath(test);
  if (!seed) return Promise.resolve('no Go build cache for this runtime');
  let pending = building.get(seed);
  if (!pending) {
    pending = buildSeed(test, seed).catch(error => `Go's build cache stays cold: ${(error as Error).message}`);
    building.set(seed, pending);
  }
  return pending;
}

async function buildSeed(test: ServiceTestOptions, seed: string): Promise<string> {
  if (existsSync(seed)) return `Go build cache seed present: ${seed}`;
  const first = mkdirSync(path.dirname(seed), { recursive: true });
  if (first) {
    for (let dir = path.dirname(seed); dir.startsWith(first); dir = path.dirname(dir)) chmodSync(dir, 0o755);
  }
  const lock = `${seed}.lock`;
  while (!takeLock(lock)) {
    if (await waitForGoBuildCacheSeed(test, SEED_TIMEOUT_MS))
      return `Go build cache seed built by another process: ${seed}`;
    // The other builder died (its lock went stale): this one takes over.
    if (lockAlive(lock)) return `Go's build cache stays cold: another process is still building it (${lock})`;
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(lock, now, now);
    } catch {
      // removed meanwhile: the build is ending
    }
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  const work = await mkdtemp(path.join(tmpdir(), 'gp-go-seed-'));
  const staged = `${seed}.${process.pid}.tmp`;
  try {
    const cache = path.join(work, 'cache');
    const module = path.join(work, 'module');
    const go = goCommand(test);
    const run = async (args: string[]) => {
      const result = await runCommand(go, args, {
        cwd: module,
        timeoutMs: SEED_TIMEOUT_MS,
        env: toolEnv({ ...test.env, GOCACHE: cache }),
        sandbox: { readOnly: [], writable: [work] },
        maxOutput: 1024 * 1024,
        mergeOutput: true,
      });
      if (result.code !== 0)
        throw new Error(`go ${args.join(' ')}: exit ${result.code}: ${result.stdout.slice(-2000)}`);
      return result.stdout;
    };
    await mkdir(module);
    await writeFile(path.join(module, 'go.mod'), 'module golden-path.invalid/seed\n\ngo 1.21\n');
    const listed = await run(['list', '-e', '-f', '{{if not .Incomplete}}{{.ImportPath}}{{end}}', 'std']);
    const std = listed
      .split('\n')
      .filter(p => p && !/(^|\/)(internal|vendor)(\/|$)/.test(p) && !['builtin', 'unsafe'].includes(p));
    await writeFile(
      path.join(module, 'seed.go'),
      `// Package seed imports the standard library so that building it fills Go's build cache.\npackage seed\n\nimport (\n${std.map(p => `\t_ ${JSON.stringify(p)}\n`).join('')})\n`,
    );
    await writeFile(
      path.join(module, 'seed_test.go'),
      'package seed\n\nimport "testing"\n\nfunc TestSeed(t *testing.T) {}\n',
    );
    await run(['vet', './...']);
    await run(['test', '-count=1', '-covermode=atomic', `-coverprofile=${path.join(work, 'cover.out')}`, './...']);
    // Copied, not moved: the copy is the caller's (not the sandbox user's), read-only to everyone else.
    await cp(cache, staged, { recursive: true });
    await promisify(execFile)('chmod', ['-R', 'u+rwX,go+rX,go-w', staged]);
    await rename(staged, seed);
    return `Go build cache seeded (${std.length} standard packages): ${seed}`;
  } finally {
    rmSync(staged, { recursive: true, force: true });
    clearInterval(heartbeat);
    rmSync(lock, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** Whether `lock` is held by a live builder (touched within LOCK_ALIVE_MS). */
function lockAlive(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs < LOCK_ALIVE_MS;
  } catch {
    return false;
  }
}

/** Creates `lock` exclusively; a dead builder's lock (see LOCK_ALIVE_MS) is taken over. */
function takeLock(lock: string): boolean {
  if (existsSync(lock) && !lockAlive(lock)) rmSync(lock, { force: true });
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch {
    return false;
  }
}

/** The seed once it exists: at once, or after waiting (up to `waitMs`) while another process builds it. */
export async function waitForGoBuildCacheSeed(
  test: ServiceTestOptions,
  waitMs = WAIT_FOR_SEED_MS,
): Promise<string | undefined> {
  const seed = goBuildCacheSeedPath(test);
  if (!seed) return undefined;
  const until = Date.now() + waitMs;
  while (!existsSync(seed) && lockAlive(`${seed}.lock`) && Date.now() < until) await sleep(1000);
  return existsSync(seed) ? seed : undefined;
}

/**
 * A private, writable copy of the seed for one run of `test`, under the temporary folder, or
 * undefined (no seed: Go starts cold in the sandbox's own /tmp, as before). The caller removes it.
 */
export async function goBuildCacheCopy(test: ServiceTestOptions): Promise<string | undefined> {
  const seed = await waitForGoBuildCacheSeed(test);
  if (!seed) return undefined;
  const copy = await mkdtemp(path.join(tmpdir(), 'gp-go-cache-'));
  await cp(seed, copy, { recursive: true });
  return copy;
}
