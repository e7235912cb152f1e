import { execFile } from 'node:child_process';

/**
 * What git's environment keeps of ours: an allow-list, so that the backend's credentials (cloud keys,
 * tokens) never reach git, its hooks or a credential helper, and GIT_DIR-style variables cannot point
 * a command at another repository. The person's identity and git config locations pass through.
 */
const ALLOWED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'EMAIL',
];

export interface GitOptions {
  /** The folder git runs in. */
  cwd?: string;
  /** `-c key=value` settings for this command only, never written to a config file. */
  config?: Record<string, string>;
  /** The author and committer, over any GIT_AUTHOR_* / GIT_COMMITTER_* in our environment. */
  identity?: { name: string; email: string };
}

function gitEnv(identity: GitOptions['identity']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: '0' };
  for (const name of ALLOWED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (identity) {
    env.GIT_AUTHOR_NAME = env.GIT_COMMITTER_NAME = identity.name;
    env.GIT_AUTHOR_EMAIL = env.GIT_COMMITTER_EMAIL = identity.email;
  }
  return env;
}

/**
 * The one way this project runs git: execFile (never a shell), an allow-listed environment, stdout as
 * bytes. Rejects with git's stderr in the message.
 */
export function git(args: string[], options: GitOptions = {}): Promise<Buffer> {
  const config = Object.entries(options.config ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...config, ...args],
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: gitEnv(options.identity) },
      (error, stdout, stderr) => {
        if (error) {
          const detail = Buffer.from(stderr).toString('utf8').trim();
          reject(
            Object.assign(new Error(`git ${args[0] ?? ''} failed: ${detail || error.message}`), {
              exitCode: error.code,
            }),
          );
        } else {
          resolve(Buffer.from(stdout));
        }
      },
    );
  });
}

/** git's stdout as trimmed text. */
export async function gitText(args: string[], options: GitOptions = {}): Promise<string> {
  return (await git(args, options)).toString('utf8').trim();
}
