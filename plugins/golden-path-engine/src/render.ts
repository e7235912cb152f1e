import { createHash } from 'node:crypto';
import ejs from 'ejs';
import { TemplateError } from './errors.js';
import type { FileClass, FileClassifier } from './file-classes.js';
import { CONTEXT_NAMES, type RenderContext } from './context.js';
import { checkSegment, outputPath } from './paths.js';
import { safeOutput } from './safe-output.js';
import { readSkeleton } from './skeleton.js';

/** A file the render would write: enough to preview (path, size, hash) and to write. */
export interface PlannedFile {
  path: string;
  mode: number;
  size: number;
  sha256: string;
  /** 'skeleton' or 'part:<id>' */
  source: string;
  /** Who owns the file after creation: what an upgrade does with it. */
  class: FileClass;
  content: Buffer;
}

/** A folder whose files land under `target` in the repository. */
export interface RenderSource {
  id: string;
  dir: string;
  target: string;
  classes: FileClassifier;
}

type Compiled = (ctx: RenderContext) => string;
const cache = new Map<string, { text: string; fn: Compiled }>();

/** Compiles once per (key, text): the backend renders the same skeletons again and again. */
function compile(key: string, text: string): Compiled {
  const hit = cache.get(key);
  if (hit && hit.text === text) return hit.fn;
  const fn = ejs.compile(text, {
    filename: key,
    strict: true,
    _with: false,
    destructuredLocals: [...CONTEXT_NAMES],
    escape: safeOutput,
    async: false,
  }) as unknown as Compiled;
  cache.set(key, { text, fn });
  return fn;
}

function run(key: string, text: string, ctx: RenderContext): string {
  try {
    return compile(key, text)(ctx);
  } catch (e) {
    throw new TemplateError(`${key}: ${(e as Error).message}`);
  }
}

/** Renders a templated path; '' means the file is skipped (a conditional file). */
function renderPath(rel: string, source: string, ctx: RenderContext): string {
  const withoutSuffix = rel.endsWith('.ejs') ? rel.slice(0, -4) : rel;
  const segments = withoutSuffix
    .split('/')
    .map((seg, i) => (seg.includes('<%') ? run(`${source}#path[${i}]:${seg}`, seg, ctx) : seg));
  if (segments.some(s => s === '')) return '';
  segments.forEach(s => checkSegment(s, `${source}:${rel}`));
  return segments.join('/');
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Renders every source in order; two sources writing one path is a golden-path bug. */
export function renderSources(sources: RenderSource[], ctx: RenderContext): PlannedFile[] {
  const files = new Map<string, PlannedFile>();
  for (const src of sources) {
    for (const file of readSkeleton(src.dir)) {
      // Every file of a skeleton has its class, also one this render leaves out (TemplateError if not).
      const cls = src.classes.classOf(file.template ? file.rel.slice(0, -4) : file.rel);
      const rel = renderPath(file.rel, file.abs, ctx);
      if (!rel) continue;
      const path = outputPath(src.target, rel, file.abs);
      const content = file.template
        ? Buffer.from(run(file.abs, file.content.toString('utf8'), ctx), 'utf8')
        : file.content;
      const clash = files.get(path);
      if (clash) throw new TemplateError(`${path} is written by both ${clash.source} and ${src.id}`);
      files.set(path, {
        path,
        mode: file.mode,
        size: content.length,
        sha256: sha256(content),
        source: src.id,
        class: cls,
        content,
      });
    }
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
