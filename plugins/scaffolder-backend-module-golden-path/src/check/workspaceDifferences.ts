import type { PlannedFile } from '@golden-path/engine';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One way a workspace differs from the render the engine plans for its recorded values. */
export interface WorkspaceDifference {
  /** Relative to the checked folder, with forward slashes. */
  path: string;
  problem: string;
}

/** Enough to refuse and to name the files; a hostile workspace of a million files is not walked to the end. */
const MAX_DIFFERENCES = 1000;

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

/**
 * How the files under `root` differ from `planned`: files the plan does not have (and folders
 * holding none of its files), files it has that are missing, changed content (sha256) or mode,
 * symbolic links and special files (never rendered). Empty means the folder is exactly the plan.
 */
export async function workspaceDifferences(root: string, planned: PlannedFile[]): Promise<WorkspaceDifference[]> {
  const byPath = new Map(planned.map(f => [f.path, f]));
  const folders = new Set(planned.flatMap(f => ancestors(f.path)));
  const seen = new Set<string>();
  const found: WorkspaceDifference[] = [];
  const differ = (rel: string, problem: string) => found.push({ path: rel, problem });

  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (found.length >= MAX_DIFFERENCES) return;
      const rel = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) differ(rel, 'a symbolic link (a golden path renders none)');
      else if (entry.isDirectory()) {
        if (folders.has(rel)) await walk(full, `${rel}/`);
        else differ(`${rel}/`, 'a folder the golden path does not render');
      } else if (!entry.isFile()) differ(rel, 'a special file (a golden path renders only regular files)');
      else {
        const file = byPath.get(rel);
        if (!file) differ(rel, 'not rendered by the golden path');
        else {
          seen.add(rel);
          const problem = await fileProblem(full, file);
          if (problem) differ(rel, problem);
        }
      }
    }
  }

  await walk(root, '');
  for (const file of planned) {
    if (found.length >= MAX_DIFFERENCES) break;
    if (!seen.has(file.path) && !found.some(d => d.path === file.path)) differ(file.path, 'missing');
  }
  return found;
}

async function fileProblem(full: string, file: PlannedFile): Promise<string | undefined> {
  const stat = await lstat(full);
  // The size first: a large file is not read when it cannot match.
  const same =
    stat.size === file.size &&
    createHash('sha256')
      .update(await readFile(full))
      .digest('hex') === file.sha256;
  if (!same) return 'content differs from the render';
  if ((stat.mode & 0o7777) !== file.mode) return `mode ${octal(stat.mode)}, rendered ${octal(file.mode)}`;
  return undefined;
}

/** 'a/b/c.txt' → ['a', 'a/b'] */
function ancestors(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A file as the workspace holds it: what a verdict is keyed by (verdictKey). */
export interface WorkspaceFile {
  path: string;
  mode: number;
  content: Buffer;
}

/** Beyond this many files, or bytes, a workspace is not read whole (it is compared with the plan instead). */
const MAX_FILES = 5000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Every file under `root` with its mode and bytes, as publishing will commit them; undefined when
 * the folder holds anything a render never has (a symbolic link, a special file, a folder without
 * files) or is larger than any render. What a stored verdict is looked up by: equal files mean the
 * gate would see the same bytes.
 */
export async function workspaceFiles(root: string): Promise<WorkspaceFile[] | undefined> {
  const files: WorkspaceFile[] = [];
  let bytes = 0;
  async function walk(dir: string, prefix: string): Promise<boolean> {
    const entries = await readdir(dir, { withFileTypes: true });
    if (!entries.length) return false; // a folder without files is not rendered
    for (const entry of entries) {
      const rel = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(await walk(full, `${rel}/`))) return false;
      } else if (entry.isFile()) {
        const file = await regularFile(full);
        if (!file) return false;
        bytes += file.content.length;
        if (files.length >= MAX_FILES || bytes > MAX_BYTES) return false;
        files.push({ path: rel, ...file });
      } else return false;
    }
    return true;
  }
  return (await walk(root, '')) ? files : undefined;
}

/** A regular file's mode and bytes, read through one descriptor (never a link's target, never blocking on a FIFO). */
async function regularFile(full: string): Promise<Omit<WorkspaceFile, 'path'> | undefined> {
  const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    return { mode: stat.mode & 0o7777, content: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
