// How the gate starts programs, without the validators (whose WebAssembly loads on import: about
// 95 MB resident that a backend importing the package's main entry would keep for nothing):
// `@golden-path/validators/process` for the backend, which starts the validator runner with it,
// keys verdicts by the validators' versions, unpacks trivy and seeds Go's build cache at its start.
export { runCommand, tail, ToolMissingError, type RunOptions, type RunResult } from './exec.js';
export { toolEnv } from './env.js';
export { seedGoBuildCache } from './goBuildCache.js';
export { terraformPluginDir, unpackTrivy } from './tools.js';
export { validatorVersions } from './versions.js';
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
