// How the gate starts programs, without the validators (whose WebAssembly loads on import):
// `@golden-path/validators/process` for the backend, which starts the validator runner with it.
export { runCommand, tail, ToolMissingError, type RunOptions, type RunResult } from './exec.js';
export { toolEnv } from './env.js';
export { terraformPluginDir } from './tools.js';
export {
  endOrphanedSandboxes,
  sandboxCommand,
  sandboxPolicy,
  sandboxProblem,
  SandboxUnavailableError,
  SANDBOX_UID,
  TOOL_LIMITS,
  type SandboxLimits,
  type SandboxSpec,
} from './sandbox.js';
