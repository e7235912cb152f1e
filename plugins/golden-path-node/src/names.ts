/**
 * What may name an organisation or a repository in the local remote: GitHub's own rules
 * (letters, digits, `.`, `_`, `-`), never `.`/`..`, never ending in `.git`, so that
 * `<root>/<owner>/<name>.git` always stays inside the root.
 */
const SEGMENT = /^[A-Za-z0-9_.-]{1,100}$/;

export function isRepoSegment(value: string): boolean {
  return SEGMENT.test(value) && value !== '.' && value !== '..' && !value.startsWith('.') && !value.endsWith('.git');
}

/** A git ref we accept in URLs: a branch, a tag or a commit; never an option, never `..`. */
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/;

export function isRef(value: string): boolean {
  return REF.test(value) && !value.includes('..') && !value.endsWith('/') && !value.endsWith('.lock');
}

/** A path inside a repository: relative, no empty, `.` or `..` segments. */
export function isRepoPath(value: string): boolean {
  if (!value || value.startsWith('/') || value.includes('\\') || value.includes('\0')) return false;
  return value.split('/').every(s => s !== '' && s !== '.' && s !== '..');
}
