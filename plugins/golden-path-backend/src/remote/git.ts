import { execFile } from 'node:child_process';

/** Runs git with arguments (never a shell) and returns stdout as bytes; rejects with git's stderr. */
export function git(args: string[], options: { cwd?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
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
