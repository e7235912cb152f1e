import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasExtension } from '../files.js';
import type { Validator, ValidatorOutcome } from '../types.js';
import { firstLine, parseYamlSource } from '../yaml-source.js';

/** Every YAML file parses, with unique keys (the yaml package rejects duplicates by default). */
export const yamlValidator: Validator = {
  name: 'yaml',
  appliesTo: files => files.map(f => f.path).filter(f => hasExtension(f, '.yml', '.yaml')),
  async run(dir, files) {
    const findings: ValidatorOutcome['findings'] = [];
    for (const file of files) {
      const { documents } = parseYamlSource(await readFile(path.join(dir, file), 'utf8'));
      for (const doc of documents) {
        const problems = [
          ...doc.errors.map(problem => ({ problem, severity: 'error' as const })),
          ...doc.warnings.map(problem => ({ problem, severity: 'warning' as const })),
        ];
        for (const { problem, severity } of problems) {
          findings.push({
            file,
            line: problem.linePos?.[0].line,
            severity,
            message: `${problem.code}: ${firstLine(problem.message)}`,
          });
        }
      }
    }
    return { findings };
  },
};
