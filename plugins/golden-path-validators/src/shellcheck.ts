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

/** Runs shellcheck on a script given on stdin. */
export async function shellcheckSource(
  cwd: string,
  source: string,
  shell: 'bash' | 'sh',
  exclude: string[],
  signal?: AbortSignal,
): Promise<ShellcheckComment[]> {
  const args = ['-f', 'json1', '--norc', '-s', shell, ...(exclude.length ? ['-e', exclude.join(',')] : []), '-'];
  return parse(await runCommand('shellcheck', args, { cwd, input: source, timeoutMs: TIMEOUT_MS, signal }));
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
