import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach } from 'vitest';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'packages/cli/bin/golden-path.js');
export const FIXTURES = join(import.meta.dirname, 'fixtures/templates');
export const DEMO_EXAMPLE = join(FIXTURES, 'demo-service/examples/minimal.yaml');

if (!existsSync(join(REPO, 'packages/cli/dist/main.js'))) {
  throw new Error('the CLI is not built: run `npx tsc -b packages/cli` before these tests');
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process (stdin is not a TTY, so it never prompts). */
export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string } = {}): CliRun {
  const r = spawnSync(options.node ?? process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', GOLDEN_PATH_TEMPLATES: '', ...options.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'gp-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Every file under `dir`, relative, sorted ('/'-separated). */
export function filesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

export const isExecutable = (file: string) => (statSync(file).mode & 0o111) !== 0;

/** The flags that point the CLI at the fixture golden paths with the demo's example values. */
export const demoArgs = (...more: string[]) => [
  'create',
  'demo-service',
  '--templates',
  FIXTURES,
  '--values',
  DEMO_EXAMPLE,
  ...more,
];
