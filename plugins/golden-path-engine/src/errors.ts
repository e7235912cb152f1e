/** One problem with one input field: the field's name and what is allowed. */
export interface ValueIssue {
  field: string;
  message: string;
}

/** A golden path or its skeleton is broken: the platform team's bug, not the user's. */
export class GoldenPathError extends Error {
  override name = 'GoldenPathError';
}

/** No golden path has that id; `available` lists the ids there are. */
export class UnknownGoldenPathError extends GoldenPathError {
  override name = 'UnknownGoldenPathError';
  constructor(
    readonly id: string,
    readonly available: string[],
  ) {
    super(`golden path "${id}" not found; available: ${available.join(', ') || '(none)'}`);
  }
}

/** The values given for a golden path are not acceptable; nothing has been written. */
export class ValuesError extends Error {
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

/** Writing was refused (target not empty, path outside the target); nothing has been written. */
export class TargetError extends Error {
  override name = 'TargetError';
}
