import { NotFoundError } from '@backstage/errors';
import type { PullRequestRecord, PullRequestState } from '@golden-path/common';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalGitRemote } from '../LocalGitRemote.js';
import { isRepoSegment } from '../names.js';

/**
 * Where a bare repository keeps its pull-request records: inside its git directory (git ignores
 * folders it does not know), so a record moves, is backed up and is deleted with its repository.
 */
const PULLS_DIR = 'golden-path-pulls';
/** Held while a record is created or a merge decides and moves main: one at a time per repository. */
const LOCK = '.lock';
const LOCK_STALE_MS = 10 * 60_000;

/** What the caller gives; the store numbers it, dates it, opens it and gives it its page's URL. */
export type PullRequestDraft = Omit<PullRequestRecord, 'number' | 'state' | 'createdAt' | 'url' | 'provider'>;

export interface PullRequestStoreOptions {
  remote: LocalGitRemote;
  /** The page a person opens for a record (the portal's). */
  pageUrl(slug: string, number: number): string;
}

const recordFile = (n: number) => `${n}.json`;

/**
 * The embedded remote's pull requests: one JSON file per record beside the repository's refs,
 * written whole to a temporary file and renamed (a reader never sees half a record). Numbers are
 * per repository, from 1, taken under the repository's lock.
 */
export class PullRequestStore {
  readonly remote: LocalGitRemote;
  private readonly pageUrl: PullRequestStoreOptions['pageUrl'];

  constructor(options: PullRequestStoreOptions) {
    this.remote = options.remote;
    this.pageUrl = options.pageUrl;
  }

  private dir(owner: string, name: string): string {
    return join(this.remote.repoPath(owner, name), PULLS_DIR);
  }

  /** Opens a record for an upgrade branch already pushed; one open record per branch. */
  async create(owner: string, name: string, draft: PullRequestDraft): Promise<PullRequestRecord> {
    if (!this.remote.exists(owner, name)) throw new NotFoundError(`no repository ${owner}/${name} in the git remote`);
    return this.locked(owner, name, async () => {
      const existing = await this.list({ owner, name });
      const open = existing.find(r => r.state === 'open' && r.branch === draft.branch);
      if (open) return open;
      const number = Math.max(0, ...existing.map(r => r.number)) + 1;
      const record: PullRequestRecord = {
        ...draft,
        number,
        state: 'open',
        createdAt: new Date().toISOString(),
        url: this.pageUrl(`${owner}/${name}`, number),
        provider: 'embedded',
      };
      await this.write(owner, name, record);
      return record;
    });
  }

  async get(owner: string, name: string, number: number): Promise<PullRequestRecord | undefined> {
    if (!isRepoSegment(owner) || !isRepoSegment(name) || !Number.isSafeInteger(number) || number < 1) return undefined;
    const text = await readFile(join(this.dir(owner, name), recordFile(number)), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as PullRequestRecord);
  }

  /** Records, newest first: of one repository, of one entity, or every repository's. */
  async list(filter: { owner?: string; name?: string; entityRef?: string; state?: PullRequestState } = {}) {
    const repos = filter.owner && filter.name ? [[filter.owner, filter.name] as const] : this.repositoriesWithRecords();
    const records: PullRequestRecord[] = [];
    for (const [owner, name] of repos) {
      const files = await readdir(this.dir(owner, name)).catch(() => [] as string[]);
      for (const file of files) {
        const m = /^(\d+)\.json$/.exec(file);
        const record = m && (await this.get(owner, name, Number(m[1])));
        if (record) records.push(record);
      }
    }
    return records
      .filter(r => !filter.entityRef || r.repository.entityRef === filter.entityRef)
      .filter(r => !filter.state || r.state === filter.state)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number);
  }

  /** Replaces a record (under the repository's lock when the caller holds it: see `locked`). */
  async write(owner: string, name: string, record: PullRequestRecord): Promise<void> {
    const dir = this.dir(owner, name);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${record.number}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
    await rename(tmp, join(dir, recordFile(record.number)));
  }

  /**
   * Runs `fn` holding the repository's lock (a file made with O_EXCL; a lock older than ten minutes
   * is a dead backend's and is taken over). Waits for another holder up to a minute.
   */
  async locked<T>(owner: string, name: string, fn: () => Promise<T>): Promise<T> {
    const dir = this.dir(owner, name);
    await mkdir(dir, { recursive: true });
    const lock = join(dir, LOCK);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const { mtimeMs } = await stat(lock).catch(() => ({ mtimeMs: 0 }));
        if (Date.now() - mtimeMs > LOCK_STALE_MS) await rm(lock, { force: true });
        else if (Date.now() > deadline) throw new Error(`${owner}/${name}: another merge holds the lock`);
        else await new Promise(r => setTimeout(r, 200));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { force: true });
    }
  }

  /** The remote's repositories (the one listing, LocalGitRemote.repositories) that have pull-request records. */
  private repositoriesWithRecords(): (readonly [string, string])[] {
    return this.remote
      .repositories()
      .filter(({ owner, name }) => existsSync(this.dir(owner, name)))
      .map(({ owner, name }) => [owner, name] as const);
  }
}
