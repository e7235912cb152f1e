/**
 * The form's preview (issue 13): what a golden path would render for the form's values and the
 * policy gate's verdict on it, before anything is created.
 * POST /api/scaffolder/golden-path/v1/preview {template, values} -> Preview (200),
 * PreviewRefusal (422: the values are not valid yet).
 */
export const PREVIEW_PATH = '/golden-path/v1/preview';

export interface PreviewRequest {
  /** The golden path's id (the Template entity's name). */
  template: string;
  /** The form's values, as the task will get them. */
  values: Record<string, unknown>;
}

/** One file of the render; `text` is absent for a binary file or one over the size shown. */
export interface PreviewFile {
  path: string;
  mode: number;
  size: number;
  text?: string;
}

/** A validator's outcome in the verdict. */
export interface PreviewValidator {
  validator: string;
  passed: boolean;
  /** Why it did not run (a skipped required validator fails the gate). */
  skipped?: string;
  errors: number;
  warnings: number;
  durationMs: number;
}

/** A problem a validator found, with the file and line it is about. */
export interface PreviewProblem {
  validator: string;
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  message: string;
}

export interface PreviewVerdict {
  passed: boolean;
  /** When the gate reached it; a stored verdict of an identical render is reused (`reused`). */
  checkedAt: string;
  reused: boolean;
  validators: PreviewValidator[];
  problems: PreviewProblem[];
}

export interface Preview {
  template: { id: string; version: string };
  files: PreviewFile[];
  verdict: PreviewVerdict;
}

/** The values cannot be rendered yet: each field and what it allows. */
export interface PreviewRefusal {
  issues: { field: string; message: string }[];
}
