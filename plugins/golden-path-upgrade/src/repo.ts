import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gitText, runGit } from '@golden-path/node';
import { UpgradeRefused } from './errors.js';

/** A file as git stores it: executable or not, and its bytes. */
export interface StoredFile {
  mode: number;
  content: Buffer;
}

/** Every file of a commit by path ('/'-separated, as in the repository). */
export type Snapshot = Map<string, StoredFile>;

/** Read-only questions about a working clone, answered by plumbing (the index and tree stay as they are). */
export class Repo {
  private constructor(
    readonly dir: string,
    /** A bare repository (a remote's): no work tree, nothing can be uncommitted. */
    readonly bare = false,
  ) {}

  /** Opens the repository whose work tree holds `dir`; refuses a folder that is not in one. */
  static async open(dir: string): Promise<Repo> {
    const abs = resolve(dir);
    // The usual case, a repository's root, without a git process (drift runs over whole fleets).
    if (existsSync(join(abs, '.git'))) return new Repo(realpathSync(abs));
    let top: string;
    try {
      top = await gitText(['rev-parse', '--show-toplevel'], { cwd: realpathSync(abs) });
    } catch {
      const bare = await gitText(['rev-parse', '--is-bare-repository'], { cwd: abs }).catch(() => '');
      if (bare === 'true') return new Repo(realpathSync(abs), true);
      throw new UpgradeRefused('not-a-repository', `${dir} is not a git repository`, abs);
    }
    return new Repo(top);
  }

  /** A bare repository the caller knows is one (a remote's `<owner>/<name>.git`): no git process to find out. */
  static bare(gitDir: string): Repo {
    return new Repo(realpathSync(gitDir), true);
  }

  /** What `git status` lists (changed, staged, untracked): empty when the tree is clean. */
  async changes(): Promise<string[]> {
    if (this.bare) return [];
    const { stdout } = await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=normal'], { cwd: this.dir });
    return stdout.toString('utf8').split('\0').filter(Boolean);
  }

  /** The commit a ref names, or undefined. */
  async commitOf(ref: string): Promise<string | undefined> {
    const { stdout, code } = await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: this.dir,
      okCodes: [1],
    });
    return code === 0 ? stdout.toString('utf8').trim() : undefined;
  }

  /** One file of a commit, or undefined if the commit has no such file. */
  async fileAt(commit: string, path: string): Promise<Buffer | undefined> {
    const { stdout, code } = await runGit(['cat-file', 'blob', `${commit}:${path}`], {
      cwd: this.dir,
      okCodes: [128],
    });
    return code === 0 ? stdout : undefined;
  }

  /** The commits of a branch, newest first, following first parents. */
  async history(ref: string): Promise<string[]> {
    return (await gitText(['rev-list', '--first-parent', ref], { cwd: this.dir })).split('\n').filter(Boolean);
  }

  /** Every file of a commit with its mode and bytes: two git processes whatever the file count. */
  async snapshot(commit: string): Promise<Snapshot> {
    const listing = (await runGit(['ls-tree', '-r', '-z', commit], { cwd: this.dir })).stdout.toString('utf8');
    const entries = listing
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, oid] = line.slice(0, tab).split(' ');
        return { mode: parseInt(mode!, 8), type, oid: oid!, path: line.slice(tab + 1) };
      })
      .filter(e => e.type === 'blob'); // a submodule is not a file the golden path renders
    const files: Snapshot = new Map();
    if (!entries.length) return files;
    const batch = (
      await runGit(['cat-file', '--batch'], { cwd: this.dir, input: entries.map(e => `${e.oid}\n`).join('') })
    ).stdout;
    let at = 0;
    for (const e of entries) {
      const eol = batch.indexOf(10, at);
      const size = Number(batch.subarray(at, eol).toString('latin1').split(' ')[2]);
      files.set(e.path, { mode: e.mode & 0o111 ? 0o755 : 0o644, content: batch.subarray(eol + 1, eol + 1 + size) });
      at = eol + 1 + size + 1;
    }
    return files;
  }
}
