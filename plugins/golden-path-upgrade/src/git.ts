import { execFile } from 'node:child_process';

// A local runner until @golden-path/node's git helper takes stdin and a temporary index: the same
// rules (execFile, never a shell; an allow-listed environment, so no credential reaches git).
const ALLOWED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
  'EMAIL',
];

export interface GitRun {
  cwd: string;
  /** Written to git's stdin. */
  input?: string | Buffer;
  /** A temporary index (GIT_INDEX_FILE), so that the repository's own index is never touched. */
  indexFile?: string;
  /** `-c key=value` for this command only. */
  config?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. `git merge-file` returns the conflict count). */
  okCodes?: number[];
}

export interface GitOutput {
  stdout: Buffer;
  code: number;
}

function env(indexFile?: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: '0' };
  for (const name of ALLOWED_ENV) if (process.env[name] !== undefined) out[name] = process.env[name];
  if (indexFile) out.GIT_INDEX_FILE = indexFile;
  return out;
}

/** Runs git; rejects with its stderr unless the exit code is 0 or one of `okCodes`. */
export function runGit(args: string[], options: GitRun): Promise<GitOutput> {
  const config = Object.entries(options.config ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...config, ...args],
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: env(options.indexFile) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (code === 0 || options.okCodes?.includes(code)) return resolve({ stdout: Buffer.from(stdout), code });
        const detail = Buffer.from(stderr).toString('utf8').trim();
        reject(new Error(`git ${args[0] ?? ''} failed: ${detail || error?.message}`));
      },
    );
    // A git that exits without reading its input (an error) closes the pipe: its exit code says why.
    child.stdin?.on('error', () => {});
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** git's stdout as trimmed text. */
export async function gitText(args: string[], options: GitRun): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8').trim();
}
