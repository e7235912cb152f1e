import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ToolMissingError } from './exec.js';
import { listRepoFiles } from './files.js';
import { mapWithinBudget } from './limit.js';
import type { Finding, ValidateOptions, ValidationReport, Validator, ValidatorResult } from './types.js';
import { slowValidators, validatorMemoryMiB, validators } from './validators/index.js';

export const validatorNames: string[] = validators.map(v => v.name);

/**
 * The memory one gate's validators may need at once (MiB): terraform validate with the AWS provider
 * then runs beside the light validators only, and trivy, actionlint and the service's tests together
 * after it, which keeps a gate near 700 MB rather than 900 (issue 14: the backend with its children
 * under 1.5 GB). On a CPU-bound machine the heavy ones competed for the same cores anyway.
 */
export const DEFAULT_GATE_MEMORY_MIB = 640;

/** What a validator adds to the gate's memory at its peak (validatorMemoryMiB), in MiB. */
export function memoryNeed(name: string): number {
  return validatorMemoryMiB[name] ?? 20;
}

/** Runs every validator that applies to the files of `dir` and reports what they found. */
export async function validateRepository(dir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  checkNames('only', options.only);
  checkNames('skip', options.skip);
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    throw new Error(`options.concurrency: ${options.concurrency} is not a whole number of at least 1`);
  }
  if (options.memoryMiB !== undefined && !(options.memoryMiB > 0)) {
    throw new Error(`options.memoryMiB: ${options.memoryMiB} is not a positive number`);
  }
  const root = path.resolve(dir);
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a folder`);
  const files = await listRepoFiles(root);
  const skip = new Set(options.skip ?? []);

  const planned = validators
    .filter(v => !options.only || options.only.includes(v.name))
    .map(validator => ({ validator, files: validator.appliesTo(files, options) }))
    .filter(p => p.files.length > 0);
  const runOrder = [...planned].sort(
    (a, b) => Number(slowValidators.has(b.validator.name)) - Number(slowValidators.has(a.validator.name)),
  );

  const budget = {
    limit: options.concurrency ?? availableParallelism(),
    budget: options.memoryMiB ?? DEFAULT_GATE_MEMORY_MIB,
    cost: (p: (typeof runOrder)[number]) => (skip.has(p.validator.name) ? 0 : memoryNeed(p.validator.name)),
  };
  const results = await mapWithinBudget(runOrder, budget, p =>
    skip.has(p.validator.name)
      ? Promise.resolve(skippedResult(p.validator.name, p.files.length, 'listed in options.skip'))
      : runValidator(p.validator, root, p.files, options),
  );
  results.sort((a, b) => validatorNames.indexOf(a.validator) - validatorNames.indexOf(b.validator));

  const ok = results.every(r => !r.findings.some(f => f.severity === 'error') && (!r.skipped || skip.has(r.validator)));
  return { ok, results };
}

async function runValidator(
  validator: Validator,
  root: string,
  files: string[],
  options: ValidateOptions,
): Promise<ValidatorResult> {
  options.signal?.throwIfAborted();
  const started = performance.now();
  const result = (findings: Omit<Finding, 'validator'>[], skipped?: string): ValidatorResult => ({
    validator: validator.name,
    files: files.length,
    findings: findings.map(f => ({ validator: validator.name, ...f })).sort(byLocation),
    ...(skipped ? { skipped } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const outcome = await validator.run(root, files, options);
    return result(outcome.findings, outcome.skipped);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof ToolMissingError) return result([], error.message);
    // A validator that breaks must fail the gate, without losing the other validators' reports.
    return result([
      { file: '.', severity: 'error', message: `validator failed: ${(error as Error)?.message ?? String(error)}` },
    ]);
  }
}

function skippedResult(validator: string, files: number, reason: string): ValidatorResult {
  return { validator, files, findings: [], skipped: reason, durationMs: 0 };
}

function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0);
}

function checkNames(option: string, names: string[] | undefined): void {
  const unknown = (names ?? []).filter(name => !validatorNames.includes(name));
  if (unknown.length > 0) {
    throw new Error(`options.${option}: unknown validator ${unknown.join(', ')} (known: ${validatorNames.join(', ')})`);
  }
}
