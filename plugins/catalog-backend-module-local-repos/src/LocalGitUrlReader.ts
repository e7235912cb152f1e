import type {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotImplementedError, NotModifiedError } from '@backstage/errors';
import type { LocalGitRemote } from '@golden-path/node';
import { Readable } from 'node:stream';

/**
 * Reads files out of the embedded git remote's bare repositories (`git cat-file` at the ref's commit)
 * for browse URLs `<backend>/api/golden-path/git/<owner>/<name>/blob/<ref>/<path>`, so
 * `catalog:register` takes a catalog-info URL as it would a GitHub one. The etag is the commit: a
 * refresh after a new push reads the new content, an unchanged ref costs one `rev-parse`.
 */
export class LocalGitUrlReader implements UrlReaderService {
  constructor(private readonly remote: LocalGitRemote) {}

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

  async readTree(url: string): Promise<UrlReaderServiceReadTreeResponse> {
    throw new NotImplementedError(
      `reading a whole tree (${url}) from the local git remote is not supported; read single files`,
    );
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
