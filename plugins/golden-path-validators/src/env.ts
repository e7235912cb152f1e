/**
 * The environment given to every external tool: an allow-list, so that credentials in the
 * caller's environment (cloud keys, tokens) never reach a tool or a generated service's tests,
 * and tool settings in it (TRIVY_*, TF_*) cannot change what is checked. In the sandbox
 * (sandbox.ts) PATH, HOME, TMPDIR and USER are the sandbox's own and PYENV_* is dropped; outside it
 * (the CLI where bubblewrap is missing) the caller's are kept so that its tools are found.
 */
const ALLOWED = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'PYENV_ROOT', 'PYENV_VERSION'];

export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ALLOWED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}
