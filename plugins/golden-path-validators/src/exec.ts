import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { toolEnv } from './env.js';
import { sandboxCommand, sandboxPolicy, sandboxProblem, type SandboxLimits } from './sandbox.js';

export interface RunOptions {
  cwd: string;
  input?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Bytes kept of each stream; the rest is dropped (the tail is what matters for test logs). */
  maxOutput?: number;
  /** Capture stderr into stdout, in the order written (a test log reads as one stream). */
  mergeOutput?: boolean;
  /** What the command may see in its sandbox besides the system (see sandbox.ts); by default it reads cwd only. */
  sandbox?: {
    /** Sandboxed whatever GOLDEN_PATH_SANDBOX says (the gate's runner): fail closed without bubblewrap. */
    required?: boolean;
    code?: string[];
    readOnly?: string[];
    writable?: string[];
    limits?: SandboxLimits;
    nested?: boolean;
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Thrown when the executable does not exist, so that the validator reports itself skipped. */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed (not found on PATH)`);
  }
}

/** The executable `command` names: itself when it is a path, else the first match on PATH. */
function resolveCommand(command: string, env: NodeJS.ProcessEnv): string {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : (env.PATH ?? process.env.PATH ?? '')
        .split(':')
        .filter(Boolean)
        .map(dir => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new ToolMissingError(command);
}

/**
 * Runs a command without a shell, in the sandbox (sandbox.ts) unless the policy allows running
 * without one where bubblewrap is missing. The child gets its own process group so that a timeout
 * or an abort kills everything it started (bwrap, and with it the sandbox's whole PID namespace).
 */
export async function runCommand(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  options.signal?.throwIfAborted();
  const env = options.env ?? toolEnv();
  const executable = resolveCommand(command, env);
  if (!options.sandbox?.required && sandboxPolicy() === 'if-available' && sandboxProblem()) {
    return spawnAndCollect(executable, args, env, options);
  }
  const sandboxed = await sandboxCommand(executable, args, {
    cwd: options.cwd,
    env,
    code: options.sandbox?.code,
    readOnly: options.sandbox?.readOnly ?? [options.cwd],
    writable: options.sandbox?.writable,
    limits: options.sandbox?.limits,
    nested: options.sandbox?.nested,
  });
  return spawnAndCollect(sandboxed.command, sandboxed.args, sandboxed.env, options);
}

function spawnAndCollect(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: RunOptions,
): Promise<RunResult> {
  const maxOutput = options.maxOutput ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout = new Capture(maxOutput);
    const stderr = new Capture(maxOutput);
    let timedOut = false;
    const kill = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => (options.mergeOutput ? stdout : stderr).add(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? new ToolMissingError(command) : error);
    });
    child.on('close', code => {
      done();
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      resolve({ code, stdout: stdout.text(), stderr: stderr.text(), timedOut });
    });
    // A tool that exits before reading its input closes the pipe: not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Keeps the last `max` bytes of a stream. */
class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The last lines of a command's output, for a readable finding. */
export function tail(text: string, lines = 40, chars = 4000): string {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n');
  return kept.length > chars ? kept.slice(-chars) : kept;
}
