import { constants } from 'node:fs';
import { open, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git.js';
import { isRef } from './names.js';

export interface ImportCommitRequest {
  /** The folder whose files become the commit. */
  sourceDir: string;
  /** The branches pointed at the commit (created, never moved). */
  branches: string[];
  message: string;
  /** Author and committer. */
  author: { name: string; email: string };
}

/** A file as git records it: its mode and bytes (a link's bytes are its target). */
interface ImportedFile {
  path: string;
  mode: '100644' | '100755' | '120000';
  content: Buffer;
}

/**
 * Commits every file of `sourceDir` straight into the bare repository `gitDir` and points the
 * branches at it: one `git fast-import`, where `git add`, `write-tree`, `commit-tree` and
 * `update-ref` were four process starts (each costs the backend a fork, and waits its turn on a
 * loaded machine). The bytes are stored as read, like `git add --force` of every file (a skeleton's
 * own .gitignore cannot leave a file out) but with no filter, end-of-line conversion or hook in
 * between: the commit holds exactly the files the policy gate judged. Links are recorded as links,
 * never followed; a `.git` entry or a special file is refused, as nothing would publish it faithfully.
 */
export async function importCommit(gitDir: string, req: ImportCommitRequest): Promise<string> {
  const files = await folderFiles(req.sourceDir);
  const marks = join(gitDir, 'golden-path-import.marks');
  const line = (text: string) => Buffer.from(`${text}\n`, 'utf8');
  const data = (bytes: Buffer) => [line(`data ${bytes.length}`), bytes, line('')];
  const who = `${identityPart(req.author.name, 'name')} <${identityPart(req.author.email, 'e-mail')}> now`;
  const message = req.message.endsWith('\n') ? req.message : `${req.message}\n`;
  const [first, ...others] = req.branches;
  if (!first) throw new Error('importCommit needs a branch');
  const invalid = req.branches.find(b => !isRef(b));
  if (invalid !== undefined) throw new Error(`"${invalid}" is not a valid branch name`);
  const stream = [
    line('feature done'),
    line(`commit refs/heads/${first}`),
    line('mark :1'),
    line(`author ${who}`),
    line(`committer ${who}`),
    ...data(Buffer.from(message, 'utf8')),
    ...files.flatMap(f => [line(`M ${f.mode} inline ${quotePath(f.path)}`), ...data(f.content)]),
    line(''),
    ...others.flatMap(branch => [line(`reset refs/heads/${branch}`), line('from :1'), line('')]),
    line('done'),
  ];
  try {
    await git(['--git-dir', gitDir, 'fast-import', '--quiet', '--date-format=now', `--export-marks=${marks}`], {
      input: Buffer.concat(stream),
    });
    const commit = /^:1 ([0-9a-f]{40,64})$/m.exec(await readFile(marks, 'utf8'))?.[1];
    if (!commit) throw new Error('git fast-import recorded no commit');
    return commit;
  } finally {
    await rm(marks, { force: true });
  }
}

/** A name or e-mail as fast-import takes it: nothing that would end the field or the line. */
function identityPart(value: string, what: string): string {
  if (/[<>\n\0]/.test(value)) throw new Error(`the commit author's ${what} "${value}" holds <, >, a line break or NUL`);
  return value;
}

/** A path in git's C-style quoting: every byte outside printable ASCII, and " and \, escaped. */
export function quotePath(path: string): string {
  let out = '"';
  for (const byte of Buffer.from(path, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** Every file under `root`, sorted by path; a regular file read through a descriptor that never follows a link. */
async function folderFiles(root: string): Promise<ImportedFile[]> {
  const files: ImportedFile[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      const full = join(dir, entry.name);
      if (entry.name.toLowerCase() === '.git') throw new Error(`${path}: a .git entry is never published`);
      if (entry.isDirectory()) await walk(full, `${path}/`);
      else if (entry.isSymbolicLink()) files.push({ path, mode: '120000', content: await readlink(full, 'buffer') });
      else if (entry.isFile()) files.push({ path, ...(await regularFile(full, path)) });
      else throw new Error(`${path}: not a regular file, link or folder`);
    }
  }
  await walk(root, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function regularFile(full: string, path: string): Promise<Omit<ImportedFile, 'path'>> {
  const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path}: not a regular file`);
    return { mode: stat.mode & 0o100 ? '100755' : '100644', content: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
