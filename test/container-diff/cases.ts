// Cases for the container-hardening part's diff script: the inputs of one run (files written into
// an empty folder, the command line run there) and what the run left (exit code, output, files).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const SCRIPT = join(
  import.meta.dirname,
  '../../templates/parts/container-hardening/skeleton/scripts/container-diff.sh',
);

/** A file's content: text, a Trivy fixture of fixtures/ by name, or bytes (base64). */
export type Content = string | { fixture: string } | { base64: string };

export interface DiffCase {
  name: string;
  /** Files written before the run, by path relative to the run's folder. */
  files: Record<string, Content>;
  /** The command line after the script, run in that folder. */
  args: string[];
}

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Files the run created or changed, by relative path. */
  written: Record<string, string>;
}

function bytes(content: Content): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if ('fixture' in content) return readFileSync(join(FIXTURES, `${content.fixture}.json`));
  return Buffer.from(content.base64, 'base64');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(d => d.isFile())
    .map(d => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/** Runs `command` (the script and its interpreter) on the case in a fresh folder. */
export function runCase(command: string[], diffCase: DiffCase, env: Record<string, string> = {}): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'container-diff-case-'));
  try {
    const inputs = new Map<string, Buffer>();
    for (const [path, content] of Object.entries(diffCase.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      inputs.set(path, bytes(content));
      writeFileSync(join(dir, path), bytes(content));
    }
    const [program, ...programArgs] = command;
    const run = spawnSync(program!, [...programArgs, ...diffCase.args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    if (run.error) throw run.error;
    const written: Record<string, string> = {};
    for (const path of filesUnder(dir)) {
      const content = readFileSync(join(dir, path));
      if (!inputs.get(path)?.equals(content)) written[path] = content.toString('utf8');
    }
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What two implementations must agree on, word for word: everything but the reader's own words for
 * why a file could not be read (an OS or JSON parser message in parentheses) and the usage text
 * above an argument error (its program name and line wrapping).
 */
export function comparable(outcome: Outcome): Outcome {
  let stderr = outcome.stderr.replace(
    /(not a readable (?:CycloneDX )?JSON file|: not readable) \([^]*\)\n$/,
    '$1 (…)\n',
  );
  if (stderr.startsWith('usage: ')) {
    stderr = stderr
      .trimEnd()
      .split('\n')
      .at(-1)!
      .replace(/^container-diff\.\w+: /, 'container-diff: ');
  }
  return { ...outcome, stderr };
}

/** The script run as the hardening workflow runs it: by bash, with jq on the PATH. */
export const BASH = ['/bin/bash', SCRIPT];
