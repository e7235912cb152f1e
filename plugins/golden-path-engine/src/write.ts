import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TargetError } from './errors.js';
import type { PlannedFile } from './render.js';

/** true: an empty folder; false: a file or a folder with something in it; undefined: nothing there. */
function isEmptyDir(dir: string): boolean | undefined {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return undefined; // does not exist
  }
  return readdirSync(dir).length === 0;
}

/**
 * Refuses a target that exists and is not an empty folder (callers may check before asking for
 * values; the writer checks again). Returns whether the target is an existing empty folder.
 */
export function assertWritableTarget(target: string): boolean {
  const dest = resolve(target);
  const empty = isEmptyDir(dest);
  if (empty === false) {
    // The message leaves the path out (on a server it is the server's); `target` carries it.
    throw new TargetError('the target folder already exists and is not an empty folder; nothing was written', dest);
  }
  return empty === true;
}

/**
 * Writes the files into `target` all at once: they are written into a temporary sibling folder
 * (same filesystem) which is renamed into place only when every file is written, so a failure
 * leaves nothing behind. `target` must not exist or be an empty folder.
 */
export function writeFiles(files: PlannedFile[], target: string): void {
  const dest = resolve(target);
  const empty = assertWritableTarget(dest);
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = mkdtempSync(join(dirname(dest), `.${basename(dest)}.golden-path-`));
  const umask = process.umask();
  const made = new Set<string>([tmp]);
  try {
    for (const f of files) {
      const abs = resolve(tmp, f.path);
      if (!abs.startsWith(`${tmp}/`))
        throw new TargetError(`${f.path} is outside the target; nothing was written`, dest);
      const dir = dirname(abs);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(abs, f.content, { mode: f.mode });
      if (f.mode & umask) chmodSync(abs, f.mode); // the umask must not strip a bit the skeleton has
    }
    // mkdtemp makes the folder 0700; the repository's root gets the mode any new folder would get.
    chmodSync(tmp, 0o777 & ~umask);
    if (empty) rmdirSync(dest);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
