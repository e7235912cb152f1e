import { isUserError, TargetError, ValuesError } from '@golden-path/engine';

/** The command line itself is wrong (unknown flag, missing argument, unreadable values file). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes: 2 when the input is at fault (nothing was written), 1 for anything unexpected. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Interrupted (Ctrl-C at a prompt), as a shell reports SIGINT. */
export const EXIT_CANCELLED = 130;

/** Inquirer's error when the person ends a prompt with Ctrl-C. */
export const isCancelled = (e: unknown) =>
  e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');

/** The input is at fault: the command line, or what the engine calls the user's mistake. */
export function isInputError(e: unknown): boolean {
  return e instanceof UsageError || isUserError(e);
}

export function exitCodeFor(e: unknown): number {
  if (isCancelled(e)) return EXIT_CANCELLED;
  return isInputError(e) ? EXIT_USAGE : EXIT_FAILURE;
}

/** A JSON-friendly description of an error, for `--json`. */
export function errorJson(e: unknown): {
  kind: string;
  message: string;
  issues?: { field: string; message: string }[];
  target?: string;
} {
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    kind: err.name,
    message: err.message,
    ...(e instanceof ValuesError ? { issues: e.issues } : {}),
    ...(e instanceof TargetError ? { target: e.target } : {}),
  };
}
