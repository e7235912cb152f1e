/** One problem with one input field: the field's name and what is allowed. */
export interface ValueIssue {
  field: string;
  message: string;
}

/**
 * The engine's one error family. Its subclasses say whose mistake it is: a `TemplateError` is the
 * platform team's (a broken golden path), the others are the user's (`isUserError`). Messages of
 * user errors name what was given and what is allowed, never a path on the server.
 */
export class GoldenPathError extends Error {
  override name = 'GoldenPathError';
}

/** A golden path, a part or a skeleton is broken: the platform team's bug, not the user's. */
export class TemplateError extends GoldenPathError {
  override name = 'TemplateError';
}

/**
 * No golden path has that id (`available` lists the ids there are), or it is not at the version
 * asked for (`version`: what was asked and what there is).
 */
export class UnknownGoldenPathError extends GoldenPathError {
  override name = 'UnknownGoldenPathError';
  constructor(
    readonly id: string,
    readonly available: string[],
    readonly version?: { wanted: string; available: string },
  ) {
    super(
      version
        ? `golden path "${id}" is at version ${version.available}; version ${version.wanted} is not available`
        : `golden path "${id}" not found; available: ${available.join(', ') || '(none)'}`,
    );
  }
}

/** The values given for a golden path are not acceptable; nothing has been written. */
export class ValuesError extends GoldenPathError {
  override name = 'ValuesError';
  constructor(
    readonly templateId: string,
    readonly issues: ValueIssue[],
  ) {
    super(
      `Invalid values for golden path "${templateId}":\n` + issues.map(i => `  - ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

/**
 * Writing was refused (target not empty, a path outside the target); nothing has been written.
 * The message names the target as the caller gave it; `target` is the resolved folder.
 */
export class TargetError extends GoldenPathError {
  override name = 'TargetError';
  constructor(
    message: string,
    readonly target: string,
  ) {
    super(message);
  }
}

/** The user's mistake (unknown golden path or version, bad values, a target in the way), not the platform's. */
export function isUserError(e: unknown): e is UnknownGoldenPathError | ValuesError | TargetError {
  return e instanceof UnknownGoldenPathError || e instanceof ValuesError || e instanceof TargetError;
}
