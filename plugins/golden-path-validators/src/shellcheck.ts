import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from './exec.js';
import type { Severity } from './types.js';

export interface ShellcheckComment {
  file: string;
  line: number;
  endLine: number;
  level: 'error' | 'warning' | 'info' | 'style';
  code: number;
  message: string;
}

const TIMEOUT_MS = 120_000;

/**
 * Policy: error, warning and info fail the gate (info holds SC2086, unquoted expansions, which
 * is how untrusted data gets word-split); style is advice.
 */
export function shellcheckSeverity(level: ShellcheckComment['level']): Severity {
  return level === 'style' ? 'warning' : 'error';
}

export function formatComment(comment: ShellcheckComment): string {
  return `SC${comment.code} (${comment.level}): ${comment.message}`;
}

/** Runs shellcheck on files (relative to cwd); shellcheck picks the dialect from the shebang. */
export async function shellcheckFiles(
  cwd: string,
  files: string[],
  signal?: AbortSignal,
): Promise<ShellcheckComment[]> {
  const args = ['-f', 'json1', '--norc', '--external-sources', '--source-path=SCRIPTDIR', '--', ...files];
  return parse(await runCommand('shellcheck', args, { cwd, timeoutMs: TIMEOUT_MS, signal }));
}

export interface ShellScript {
  source: string;
  shell: 'bash' | 'sh';
}

/**
 * Runs ONE shellcheck on many scripts (a workflow's `run:` blocks): each is written to a file of a
 * temporary folder, under a `#!` line naming its shell (one process, so one sandbox, instead of one
 * per script). Returns each script's comments, with lines counted in the script itself.
 */
export async function shellcheckScripts(
  scripts: ShellScript[],
  exclude: string[],
  signal?: AbortSignal,
): Promise<ShellcheckComment[][]> {
  if (scripts.length === 0) return [];
  const dir = await mkdtemp(path.join(tmpdir(), 'gp-shellcheck-'));
  try {
    const names = scripts.map((_, index) => `${index}.sh`);
    await Promise.all(
      scripts.map((script, index) =>
        writeFile(path.join(dir, names[index]!), `#!/bin/${script.shell}\n${script.source}`),
      ),
    );
    const args = ['-f', 'json1', '--norc', ...(exclude.length ? ['-e', exclude.join(',')] : []), '--', ...names];
    const comments = parse(await runCommand('shellcheck', args, { cwd: dir, timeoutMs: TIMEOUT_MS, signal }));
    return names.map(name =>
      comments
        .filter(c => c.file === name && c.line > 1)
        .map(c => ({ ...c, file: '-', line: c.line - 1, endLine: Math.max(c.endLine - 1, 1) })),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parse(result: {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}): ShellcheckComment[] {
  if (result.timedOut) throw new Error('shellcheck timed out');
  // Exit 1 means "found issues"; anything else with no JSON is a failure to run.
  let parsed: { comments?: ShellcheckComment[] };
  try {
    parsed = JSON.parse(result.stdout) as { comments?: ShellcheckComment[] };
  } catch {
    throw new Error(`shellcheck failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`);
  }
  return parsed.comments ?? [];
}
