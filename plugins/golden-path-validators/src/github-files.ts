import { baseName } from './files.js';

/** GitHub reads workflows only from this folder, not from sub-folders. */
export function isWorkflowFile(file: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file);
}

/** Action metadata: a local composite (or JavaScript, Docker) action. */
export function isActionFile(file: string): boolean {
  return /^action\.ya?ml$/.test(baseName(file));
}
