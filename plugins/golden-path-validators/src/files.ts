import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RepoFile } from './types.js';

/** Folders that are never part of a rendered repository's sources. */
const IGNORED_DIRS = new Set(['.git', 'node_modules', '.terraform', '__pycache__']);

/** Every regular file under `dir` (symlinks are not followed), sorted. */
export async function listRepoFiles(dir: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) await walk(child);
      } else if (entry.isFile()) {
        out.push({ path: child, shebang: await readShebang(path.join(dir, child)) });
      }
    }
  }
  await walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

async function readShebang(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(128);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8');
    return head.startsWith('#!') ? (head.split('\n')[0] ?? '') : '';
  } finally {
    await handle.close();
  }
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function hasExtension(file: string, ...extensions: string[]): boolean {
  const lower = file.toLowerCase();
  return extensions.some(ext => lower.endsWith(ext));
}
