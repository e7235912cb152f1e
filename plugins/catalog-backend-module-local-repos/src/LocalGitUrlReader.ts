import type { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import type {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import type { LocalGitRemote } from '@golden-path/node';
import { Readable } from 'node:stream';

/**
 * Reads files out of the embedded git remote's bare repositories (`git cat-file` at the ref's commit)
 * for browse URLs `<backend>/api/golden-path/git/<owner>/<name>/blob/<ref>/<path>`, so
 * `catalog:register` takes a catalog-info URL as it would a GitHub one, and whole folders (`git
 * archive`) for TechDocs' `dir:.`. The etag is the commit: a refresh after a new push reads the new
 * content, an unchanged ref costs one `git cat-file` (the commit and the file read by one process).
 */
export class LocalGitUrlReader implements UrlReaderService {
  constructor(
    private readonly remote: LocalGitRemote,
    private readonly trees: ReadTreeResponseFactory,
  ) {}

  async readUrl(url: string, options?: UrlReaderServiceReadUrlOptions): Promise<UrlReaderServiceReadUrlResponse> {
    const ref = this.remote.parseFileUrl(url);
    if (!ref) throw new NotFoundError(`${url} is not a file URL of the local git remote`);
    const file = await this.remote.readFile(ref);
    if (!file) throw new NotFoundError(`${ref.path} does not exist in ${ref.owner}/${ref.name} at ${ref.ref}`);
    if (options?.etag && options.etag === file.commit) throw new NotModifiedError();
    return {
      buffer: async () => file.content,
      stream: () => Readable.from([file.content]),
      etag: file.commit,
    };
  }

  async readTree(url: string, options?: UrlReaderServiceReadTreeOptions): Promise<UrlReaderServiceReadTreeResponse> {
    const folder = this.remote.parseFolderUrl(url);
    if (!folder) throw new NotFoundError(`${url} is not a folder URL of the local git remote`);
    const commit = await this.remote.resolveCommit(folder.owner, folder.name, folder.ref);
    const where = `${folder.path || '/'} in ${folder.owner}/${folder.name} at ${folder.ref}`;
    if (!commit) throw new NotFoundError(`${where} does not exist`);
    if (options?.etag && options.etag === commit) throw new NotModifiedError();
    const tar = await this.remote.archive(folder.owner, folder.name, commit, folder.path, 'tree');
    if (!tar) throw new NotFoundError(`${where} is not a folder`);
    return this.trees.fromTarArchive({
      stream: Readable.from([tar]),
      subpath: folder.path || undefined,
      etag: commit,
      filter: options?.filter,
    });
  }

  /** Globs are not supported: a URL names one file, found or not. */
  async search(url: string, options?: UrlReaderServiceSearchOptions): Promise<UrlReaderServiceSearchResponse> {
    try {
      const response = await this.readUrl(url, { etag: options?.etag });
      return { files: [{ url, content: response.buffer }], etag: response.etag ?? '' };
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return { files: [], etag: '' };
      throw error;
    }
  }

  toString(): string {
    return `local-git{root=${this.remote.root}}`;
  }
}
