import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TemplateError } from './errors.js';

/** One file of a skeleton, as read from disk. */
export interface SkeletonFile {
  /** Path relative to the skeleton, '/'-separated, still templated. */
  rel: string;
  abs: string;
  mode: number;
  content: Buffer;
  /** Ends in .ejs: rendered and the suffix dropped. */
  template: boolean;
}

/** Left behind by tools run in a skeleton (an interpreter's cache, an editor's metadata): never rendered. */
const IGNORED = new Set(['__pycache__', '.DS_Store', '.pytest_cache', '.ruff_cache']);

/** Reads a skeleton; symlinks and special files are refused, since they could point outside it. */
export function readSkeleton(dir: string): SkeletonFile[] {
  const out: SkeletonFile[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (IGNORED.has(entry.name)) continue;
      const abs = join(d, entry.name);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) throw new TemplateError(`${abs}: symlinks are not allowed in a skeleton`);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) {
        const rel = relative(dir, abs).split(sep).join('/');
        out.push({ rel, abs, mode: st.mode & 0o777, content: readFileSync(abs), template: rel.endsWith('.ejs') });
      } else throw new TemplateError(`${abs}: only regular files are allowed in a skeleton`);
    }
  };
  try {
    lstatSync(dir);
  } catch {
    return out;
  }
  walk(dir);
  return out;
}
