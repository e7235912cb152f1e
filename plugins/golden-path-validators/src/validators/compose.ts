import path from 'node:path';
import { runCommand, tail } from '../exec.js';
import { baseName } from '../files.js';
import type { Validator, ValidatorOutcome } from '../types.js';

export function isComposeFile(file: string): boolean {
  return /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/.test(baseName(file));
}

/** Compose files are valid for docker-compose (`config -q` parses, interpolates and validates). */
export const composeValidator: Validator = {
  name: 'compose',
  appliesTo: files => files.map(f => f.path).filter(isComposeFile),
  async run(dir, files, options) {
    const findings: ValidatorOutcome['findings'] = [];
    for (const file of files) {
      // From the file's folder, as docker-compose resolves relative paths and .env there.
      const result = await runCommand('docker-compose', ['-f', baseName(file), 'config', '-q'], {
        cwd: path.join(dir, path.dirname(file)),
        timeoutMs: 60_000,
        signal: options.signal,
        // The whole repository: a compose file may name files in other folders (env_file, build context).
        sandbox: { readOnly: [dir] },
      });
      const output = result.stderr.trim();
      if (result.timedOut) {
        findings.push({ file, severity: 'error', message: 'docker-compose config timed out' });
      } else if (result.code !== 0) {
        findings.push({ file, severity: 'error', message: `docker-compose config: ${tail(output, 20)}` });
      } else if (output) {
        // e.g. "The X variable is not set. Defaulting to a blank string."
        for (const line of output.split('\n').filter(l => /\bWARNING\b/i.test(l))) {
          findings.push({ file, severity: 'warning', message: line.replace(/^WARNING:\s*/i, '') });
        }
      }
    }
    return { findings };
  },
};
