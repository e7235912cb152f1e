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
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
  'EMAIL',
];

export interface GitOptions {
  /** The folder git runs in. */
  cwd?: string;
  /** `-c key=value` settings for this command only, never written to a config file. */
  config?: Record<string, string>;
  /** The author and committer, over any GIT_AUTHOR_* / GIT_COMMITTER_* in our environment. */
  identity?: { name: string; email: string };
  /** Written to git's stdin. */
  input?: string | Buffer;
  /** A temporary index (GIT_INDEX_FILE), so that the repository's own index is never touched. */
  indexFile?: string;
  /** Exit codes that are answers, not failures (e.g. `git merge-file` returns the conflict count). */
  okCodes?: number[];
}

function gitEnv(options: GitOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: '0' };
  for (const name of ALLOWED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (options.identity) {
    env.GIT_AUTHOR_NAME = env.GIT_COMMITTER_NAME = options.identity.name;
    env.GIT_AUTHOR_EMAIL = env.GIT_COMMITTER_EMAIL = options.identity.email;
  }
  if (options.indexFile) env.GIT_INDEX_FILE = options.indexFile;
  return env;
}

/**
 * The one way this project runs git: execFile (never a shell), an allow-listed environment, stdout as
 * bytes with the exit code. Rejects with git's stderr in the message unless the code is 0 or in `okCodes`.
 */
export function runGit(args: string[], options: GitOptions = {}): Promise<{ stdout: Buffer; code: number }> {
  const config = Object.entries(options.config ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...config, ...args],
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: gitEnv(options) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (code === 0 || options.okCodes?.includes(code)) return resolve({ stdout: Buffer.from(stdout), code });
        const detail = Buffer.from(stderr).toString('utf8').trim();
        reject(
          Object.assign(new Error(`git ${args[0] ?? ''} failed: ${detail || error?.message}`), { exitCode: code }),
        );
      },
    );
    // A git that exits without reading its input (an error) closes the pipe: its exit code says why.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
  });
}

/** git's stdout as bytes. */
export async function git(args: string[], options: GitOptions = {}): Promise<Buffer> {
  return (await runGit(args, options)).stdout;
}

/** git's stdout as trimmed text. */
export async function gitText(args: string[], options: GitOptions = {}): Promise<string> {
  return (await git(args, options)).toString('utf8').trim();
}

/** An object `git cat-file --batch` printed: its name, type and bytes. */
export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

/** cat-file --batch's header of an object found: `<oid> <type> <size>`. */
const FOUND = /^([0-9a-f]{40,64}) ([a-z]+) (\d+)$/;

/**
 * Several objects of a repository read by one git process (`cat-file --batch`), in order: each
 * revision as git names it (`main^{commit}`, `<commit>:<path>`); undefined for one that names
 * nothing. A revision holding a line break is refused: it would be read as two.
 */
export async function catFileBatch(gitDir: string, revs: string[]): Promise<(GitObject | undefined)[]> {
  if (revs.some(rev => /[\n\r\0]/.test(rev))) throw new Error('a revision for cat-file --batch holds a line break');
  const out = await git(['--git-dir', gitDir, 'cat-file', '--batch'], { input: revs.map(r => `${r}\n`).join('') });
  const objects: (GitObject | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < revs.length; i++) {
    const eol = out.indexOf(10, at);
    if (eol < 0) throw new Error('git cat-file --batch ended early');
    // Else "<rev> missing" or "<rev> ambiguous", with no content.
    const found = FOUND.exec(out.subarray(at, eol).toString('utf8'));
    if (!found) {
      objects.push(undefined);
      at = eol + 1;
      continue;
    }
    const size = Number(found[3]);
    objects.push({ oid: found[1]!, type: found[2]!, content: out.subarray(eol + 1, eol + 1 + size) });
    at = eol + 1 + size + 1;
  }
  return objects;
}
