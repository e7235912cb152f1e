import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The paths git's index tracks, read from `.git/index` itself: a drift over a thousand repositories
 * then starts no process at all. Only the common format is read (index versions 2 and 3, SHA-1
 * object names, no split index); anything else gives undefined and the caller asks git instead.
 */
export function indexPaths(repoDir: string): string[] | undefined {
  const gitDir = join(repoDir, '.git');
  let index: Buffer;
  try {
    if (!statSync(gitDir).isDirectory()) return undefined; // a worktree's .git file points elsewhere
    if (/objectformat/i.test(readFileSync(join(gitDir, 'config'), 'utf8'))) return undefined; // SHA-256 names
    index = readFileSync(join(gitDir, 'index'));
  } catch {
    return undefined;
  }
  if (index.length < 12 || index.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = index.readUInt32BE(4);
  if (version !== 2 && version !== 3) return undefined;
  const count = index.readUInt32BE(8);
  const paths: string[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    // ctime, mtime, dev, ino, mode, uid, gid, size (40 bytes), object name (20), flags (2)
    if (at + 62 > index.length) return undefined;
    const flags = index.readUInt16BE(at + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const start = at + 62 + (extended ? 2 : 0);
    const end = index.indexOf(0, start);
    if (end < 0) return undefined;
    if (((flags >> 12) & 0x3) === 0) paths.push(index.toString('utf8', start, end)); // stage 0: not a conflict side
    // The entry is padded with 1 to 8 NULs to a multiple of 8 bytes from its start.
    at += (Math.floor((end - at) / 8) + 1) * 8;
  }
  // A split index keeps most entries in another file: its extension says so.
  if (index.indexOf('link', at, 'latin1') === at) return undefined;
  return paths;
}
