import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./runner.js', import.meta.url));

export interface CheckResult {
  report: ValidationReport;
  /** The report as text, for the task's log. */
  text: string;
}

/** Runs the validators in a child Node process (see runner.ts); an abort kills it. */
export function validateInChildProcess(
  dir: string,
  options: Omit<ValidateOptions, 'signal'>,
  signal?: AbortSignal,
): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER], { stdio: ['pipe', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) {
        reject(
          new Error(
            `the validators stopped (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().slice(-2000)}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as CheckResult);
      } catch (error) {
        reject(new Error(`the validators answered something that is not JSON: ${(error as Error).message}`));
      }
    });
    child.stdin.end(JSON.stringify({ dir, options }));
  });
}
