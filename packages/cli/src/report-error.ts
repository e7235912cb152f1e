import { TargetError, ValuesError } from '@golden-path/engine';
import { errorJson, exitCodeFor, isCancelled, isInputError } from './errors.js';
import { emitJson } from './output.js';

/** Prints a failed command's error (one JSON object with --json) and returns its exit code. */
export function reportError(e: unknown, json: boolean): number {
  const code = exitCodeFor(e);
  if (json) {
    emitJson({ ok: false, error: errorJson(e) });
  } else if (isCancelled(e)) {
    process.stderr.write('Cancelled; nothing was written.\n');
  } else if (e instanceof ValuesError) {
    // The engine's issues, verbatim: each names the field and what is allowed.
    process.stderr.write(`error: invalid values for golden path "${e.templateId}":\n`);
    for (const i of e.issues) process.stderr.write(`  - ${i.field}: ${i.message}\n`);
  } else if (e instanceof TargetError) {
    process.stderr.write(`error: ${e.target}: ${e.message}\n`);
  } else {
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`error: ${err.message}\n`);
    if (!isInputError(e) && process.env.GOLDEN_PATH_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  return code;
}
