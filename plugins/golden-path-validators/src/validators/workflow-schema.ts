import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { isActionFile, isWorkflowFile } from '../github-files.js';
import type { Validator, ValidatorOutcome } from '../types.js';
import { lineOfPath, parseYamlSource } from '../yaml-source.js';

interface SchemaError {
  code: string;
  title: string;
  detail?: string;
  path?: string;
  location?: { line: number };
  states?: { errors: SchemaError[] }[];
}

interface ActionValidator {
  validateWorkflow(src: string): { errors: SchemaError[] };
  validateAction(src: string): { errors: SchemaError[] };
}

// A wasm-bindgen CommonJS module (target nodejs).
const validator = createRequire(import.meta.url)('@action-validator/core') as ActionValidator;

/** Workflows and action metadata against SchemaStore's schemas (@action-validator/core). */
export const workflowSchemaValidator: Validator = {
  name: 'workflow-schema',
  appliesTo: files => files.map(f => f.path).filter(f => isWorkflowFile(f) || isActionFile(f)),
  async run(dir, files) {
    const findings: ValidatorOutcome['findings'] = [];
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      const state = isWorkflowFile(file) ? validator.validateWorkflow(text) : validator.validateAction(text);
      const source = parseYamlSource(text, false);
      const doc = source.documents[0];
      for (const error of leafErrors(withoutKnownFalsePositives(state.errors))) {
        const pointer = error.path ?? '';
        const line =
          error.location?.line ?? (doc && pointer ? lineOfPath(source, doc, pointerSegments(pointer)) : undefined);
        const detail = error.detail ? `: ${error.detail}` : '';
        findings.push({
          file,
          line,
          severity: 'error',
          message: `${pointer || '(document)'}: ${error.title}${detail}`,
        });
      }
    }
    return { findings };
  },
};

/**
 * action-validator 0.6 bundles a workflow schema older than the `attestations` permission
 * (used by actions/attest-build-provenance), so `permissions: {attestations: write}` is reported
 * as an additional property. That exact error is dropped; a oneOf it alone made fail is then met.
 */
export function withoutKnownFalsePositives(errors: SchemaError[]): SchemaError[] {
  const kept: SchemaError[] = [];
  for (const error of errors) {
    if (isAttestationsFalsePositive(error)) continue;
    if (error.states) {
      const states = error.states.map(state => ({ errors: withoutKnownFalsePositives(state.errors) }));
      if (states.some(state => state.errors.length === 0)) continue;
      kept.push({ ...error, states });
    } else {
      kept.push(error);
    }
  }
  return kept;
}

function isAttestationsFalsePositive(error: SchemaError): boolean {
  return (
    error.code === 'properties' &&
    error.detail === "Additional property 'attestations' is not allowed" &&
    (error.path ?? '').endsWith('/permissions')
  );
}

/**
 * A failed oneOf lists every branch's errors; the branch with the fewest is the one the author
 * meant, so only its errors are reported.
 */
function leafErrors(errors: SchemaError[]): SchemaError[] {
  return errors.flatMap(error => {
    if (!error.states?.length) return [error];
    const closest = error.states.reduce((best, state) => (state.errors.length < best.errors.length ? state : best));
    return closest.errors.length ? leafErrors(closest.errors) : [error];
  });
}

/** `/jobs/build/steps/0` → ['jobs', 'build', 'steps', 0] (RFC 6901 escapes undone). */
function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(segment => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
