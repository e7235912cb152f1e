import type { TechDocsContainerRunner } from '@backstage/plugin-techdocs-node';
import { runCommand, tail, toolEnv } from '@golden-path/validators/process';
import { fileURLToPath } from 'node:url';

/** Debian's MkDocs (package mkdocs, with mkdocs-material: scripts/system-deps.sh). */
export const MKDOCS = '/usr/bin/mkdocs';

/** The stand-in for the techdocs-core MkDocs plugin (python/golden_path_techdocs_core.py). */
export const TECHDOCS_CORE_STAND_IN = fileURLToPath(new URL('../python', import.meta.url));

type RunOptions = Parameters<TechDocsContainerRunner['runContainer']>[0];

/**
 * The "container" TechDocs' stock generator builds a site in, made of the gate's sandbox and Debian's
 * MkDocs instead of Docker and the spotify/techdocs image (no Docker daemon, no registry here). The
 * generator has already checked and sanitised mkdocs.yml (allow-listed keys, plugins and
 * extensions) and asks for `mkdocs build` with the input and output folders mounted; this runs that
 * command in the sandbox: no network, an allow-listed environment (none of the backend's
 * credentials), the docs readable, only the output folder writable, as uid 65534.
 */
export class SandboxedMkdocsRunner implements TechDocsContainerRunner {
  constructor(private readonly options: { timeoutMs?: number } = {}) {}

  async runContainer(opts: RunOptions): Promise<void> {
    const mounts = Object.entries(opts.mountDirs ?? {});
    const toHost = (value: string) => {
      for (const [host, inside] of mounts) {
        if (value === inside || value.startsWith(`${inside}/`)) return host + value.slice(inside.length);
      }
      return value;
    };
    const [input, output] = ['/input', '/output'].map(inside => mounts.find(([, at]) => at === inside)?.[0]);
    if (!input || !output) throw new Error('the TechDocs generator mounts no /input or /output folder');
    const command = [opts.command ?? []].flat();
    if (command.length > 0 && command.join(' ') !== 'mkdocs') {
      throw new Error(`the TechDocs sandbox runs mkdocs only, not ${command.join(' ')}`);
    }
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const result = await runCommand(MKDOCS, opts.args.map(toHost), {
      cwd: toHost(opts.workingDir ?? '/input'),
      timeoutMs,
      env: toolEnv({ PYTHONPATH: TECHDOCS_CORE_STAND_IN, PYTHONDONTWRITEBYTECODE: '1', LC_ALL: 'C.UTF-8' }),
      mergeOutput: true,
      maxOutput: 1024 * 1024,
      sandbox: { required: true, code: [TECHDOCS_CORE_STAND_IN], readOnly: [input], writable: [output] },
    });
    opts.logStream?.write(result.stdout);
    if (result.timedOut) throw new Error(`mkdocs build did not finish within ${timeoutMs / 1000} s`);
    if (result.code !== 0) throw new Error(`mkdocs build failed (exit ${result.code}): ${tail(result.stdout, 20)}`);
  }
}
