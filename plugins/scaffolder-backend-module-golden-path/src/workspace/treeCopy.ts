import { createHash } from 'node:crypto';
import { chmod, constants, copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Files copied at a time: the copy waits on the disk, not the CPU. */
const PARALLEL_COPIES = 8;

/** Every entry under `dir` (not following links), its path relative to `dir`, parents before children. */
async function entries(dir: string) {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found
    .map(e => ({ entry: e, path: relative(dir, join(e.parentPath, e.name)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A digest of the state of every entry under `dir`: path, type, mode, size, inode and modification
 * and change times (nanoseconds). Any write, rename, chmod or removal changes an entry's change time
 * (which no one can set back), so two equal digests mean nothing under `dir` changed in between,
 * provided the second was taken a clock tick after the first one's walk (see LocalDiskWorkspaceProvider).
 */
export async function treeState(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const { path } of await entries(dir)) {
    const s = await lstat(join(dir, path), { bigint: true });
    hash.update(`${path}\0${s.mode}\0${s.size}\0${s.ino}\0${s.mtimeNs}\0${s.ctimeNs}\n`);
  }
  return hash.digest('hex');
}

/**
 * Copies the folder `from` into the new folder `to`: folders and files with their modes, links as
 * they are (never followed). Anything else (a FIFO, a socket, a device) is refused. Several files at
 * a time, through the kernel's copy (a clone where the file system has them): a few times faster
 * than fs.cp, which the workspace copy after every step of a task waited on.
 */
export async function copyTree(from: string, to: string): Promise<void> {
  const all = await entries(from);
  const folders = [{ path: '' }, ...all.filter(({ entry }) => entry.isDirectory())];
  for (const { path } of folders) await mkdir(join(to, path), { recursive: true });
  const rest = all.filter(({ entry }) => !entry.isDirectory());
  let next = 0;
  const copier = async () => {
    while (next < rest.length) {
      const { entry, path } = rest[next++]!;
      const [source, target] = [join(from, path), join(to, path)];
      if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
      else if (entry.isFile()) await copyFile(source, target, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
      else throw new Error(`${source} is neither a file, a folder nor a link; the workspace was not copied`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_COPIES, rest.length) }, copier));
  // Folders get their modes last: a read-only one would refuse the files copied into it.
  for (const { path } of folders.reverse()) await chmod(join(to, path), (await lstat(join(from, path))).mode & 0o7777);
}
