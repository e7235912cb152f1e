import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { runCommand, tail } from '../exec.js';
import { toolEnv } from '../env.js';
import { hasExtension } from '../files.js';
import { TERRAFORM_PLUGIN_DIRS, terraformBinary, terraformPluginDir } from '../tools.js';
import type { Validator, ValidatorOutcome } from '../types.js';

type Findings = ValidatorOutcome['findings'];

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

/**
 * `terraform validate` on every root (a folder of .tf files no other folder calls as a local
 * module: each environment of infra/envs), with the providers the root requires installed by
 * `terraform init -backend=false -plugin-dir=<mirror>` from the machine's filesystem mirror, so
 * the Terraform that ships is checked against a real provider schema, offline. It runs on a
 * temporary copy (init writes .terraform/ and the lock file), in the sandbox with the mirror
 * bound read-only. Without a mirror it does not run and says so (the verdict is then not a pass).
 */
export const terraformValidateValidator: Validator = {
  name: 'terraform-validate',
  appliesTo: files => files.map(f => f.path).filter(f => hasExtension(f, '.tf')),
  async run(dir, files, options) {
    const mirror = terraformPluginDir();
    if (!mirror) {
      return {
        findings: [],
        skipped: `no Terraform provider mirror on this machine (looked in ${TERRAFORM_PLUGIN_DIRS.join(', ')}): terraform validate did not run`,
      };
    }
    const roots = await terraformRoots(dir, files);
    const terraform = await terraformBinary();
    const copy = await mkdtemp(path.join(tmpdir(), 'gp-terraform-'));
    try {
      await cp(dir, copy, { recursive: true, filter: src => !/\/(?:\.git|\.terraform|node_modules)$/.test(src) });
      const run = (root: string, args: string[], timeoutMs: number) =>
        runCommand(terraform, [`-chdir=${root || '.'}`, ...args], {
          cwd: copy,
          timeoutMs,
          // No call home, no CLI configuration of the caller's (credentials, other mirrors).
          // GOGC=50 (terraform passes it on to the provider): Go collects at half the default heap
          // growth; about 50 MB less for terraform and the AWS provider at their peak, for a quarter
          // more CPU in a validate alone (9.2 s against 7.0, five pairs) and no difference measured
          // in the whole gate, where the light validators use the other core meanwhile.
          env: toolEnv({ CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null', GOGC: '50' }),
          signal: options.signal,
          sandbox: { readOnly: [], writable: [copy], code: [mirror] },
        });
      const perRoot = await Promise.all(
        roots.map(async (root): Promise<Findings> => {
          const init = await run(
            root,
            ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${mirror}`],
            120_000,
          );
          if (init.timedOut) return [{ file: root || '.', severity: 'error', message: 'terraform init timed out' }];
          if (init.code !== 0) {
            return [
              {
                file: root || '.',
                severity: 'error',
                message: `terraform init from the provider mirror ${mirror} failed (exit ${init.code}): ${tail(init.stderr, 15)}`,
              },
            ];
          }
          const validate = await run(root, ['validate', '-json', '-no-color'], 300_000);
          if (validate.timedOut)
            return [{ file: root || '.', severity: 'error', message: 'terraform validate timed out' }];
          return diagnostics(root, validate.stdout, validate.code, validate.stderr);
        }),
      );
      return { findings: dedupe(perRoot.flat()) };
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  },
};

/** Folders of .tf files that no local `module` block of the repository points at. */
export async function terraformRoots(dir: string, files: string[]): Promise<string[]> {
  const folders = new Set(files.map(f => path.posix.dirname(f)).map(d => (d === '.' ? '' : d)));
  const called = new Set<string>();
  for (const file of files) {
    let hcl: { module?: Record<string, { source?: unknown }[]> };
    try {
      hcl = (await parse(file, await readFile(path.join(dir, file), 'utf8'))) as typeof hcl;
    } catch {
      continue; // the terraform validator reports what does not parse
    }
    for (const blocks of Object.values(hcl.module ?? {})) {
      for (const block of blocks) {
        const source = typeof block.source === 'string' ? block.source : '';
        if (source.startsWith('./') || source.startsWith('../')) {
          called.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), source)));
        }
      }
    }
  }
  return [...folders].filter(f => !called.has(f || '.')).sort();
}

/** `terraform validate -json`: each diagnostic on its file (relative to the repository) and line. */
function diagnostics(root: string, stdout: string, code: number | null, stderr: string): Findings {
  let parsed: { diagnostics?: Diagnostic[] };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    return [
      {
        file: root || '.',
        severity: 'error',
        message: `terraform validate failed (exit ${code}): ${tail(stderr || stdout, 15)}`,
      },
    ];
  }
  return (parsed.diagnostics ?? []).map(d => ({
    file: d.range ? path.posix.normalize(path.posix.join(root, d.range.filename)) : root || '.',
    line: d.range?.start.line,
    severity: d.severity === 'error' ? 'error' : 'warning',
    message: `terraform validate (${root || '.'}): ${d.summary}${d.detail ? `: ${d.detail}` : ''}`,
  }));
}

/** A module's problem is found once from each root that calls it: keep one per file, line and summary. */
function dedupe(findings: Findings): Findings {
  const seen = new Map<string, Findings[number]>();
  for (const f of findings) {
    const key = [f.file, f.line, f.severity, f.message.replace(/^terraform validate \([^)]*\)/, '')].join('\0');
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}
