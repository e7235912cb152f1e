import { posix } from 'node:path';
import { TemplateError } from './errors.js';

/**
 * Checks one rendered path segment. Empty means "skip this file" and is handled by the caller;
 * everything that could name another place (., .., separators, NUL) is refused.
 */
export function checkSegment(segment: string, source: string): void {
  if (segment === '.' || segment === '..' || /[/\\\u0000]/.test(segment)) {
    throw new TemplateError(`${source}: the rendered path segment ${JSON.stringify(segment)} would leave its folder`);
  }
  if (segment.length > 255) throw new TemplateError(`${source}: a rendered path segment is longer than 255 bytes`);
}

/** Joins a part's target folder and a rendered relative path, proving the result stays inside the repository. */
export function outputPath(target: string, rel: string, source: string): string {
  const joined = posix.normalize(posix.join(target, rel));
  if (joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined) || joined === '.') {
    throw new TemplateError(`${source}: output path ${JSON.stringify(joined)} is outside the repository`);
  }
  return joined;
}
