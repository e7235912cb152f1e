import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { ANNOTATION_STATUS, goldenPathTemplate } from '@golden-path/common';
import { GoldenPathError, UnknownGoldenPathError, type GoldenPathEngine } from '@golden-path/engine';
import { BASE_BRANCH, type LocalGitRemote } from '@golden-path/node';
import { RecentReadings } from './recentReadings.js';
import { statusAnnotations } from './repositoryStatus.js';

export interface GoldenPathStatusProcessorOptions {
  /** The embedded remote whose repositories the processor reads; without one it adds nothing. */
  remote?: LocalGitRemote;
  engine: GoldenPathEngine;
  logger: LoggerService;
  /** How long the latest version of a golden path is remembered (the templates change only with a deploy). */
  latestTtlMs?: number;
}

/** A status and what it was computed from: the location's commit, golden-path/base's, the latest version. */
type CachedStatus = { key: string; annotations: { [name: string]: string } };

/**
 * Writes each golden-path Component's status (docs/portal.md: version, created-from, latest, behind,
 * drift) as annotations read from its repository on the embedded remote, where its catalog-info.yaml
 * came from. The catalog processes every entity again on its refresh loop (and on a refresh
 * request), so a push to the repository shows at the next processing; an unchanged repository
 * costs one `cat-file` of its two commits (the status is cached by commit).
 */
export class GoldenPathStatusProcessor implements CatalogProcessor {
  private readonly latest = new Map<string, { version: string; until: number }>();
  /** The last statuses computed, by repository and key: a created service's status is read once, not twice. */
  private readonly recent = new RecentReadings<CachedStatus['annotations']>();

  constructor(private readonly options: GoldenPathStatusProcessorOptions) {}

  getProcessorName(): string {
    return 'GoldenPathStatusProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    _emit: CatalogProcessorEmit,
    _originLocation: LocationSpec,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const template = goldenPathTemplate(entity);
    const remote = this.options.remote;
    if (entity.kind !== 'Component' || !template || !remote || location.type !== 'url') return entity;
    const file = remote.parseFileUrl(location.target);
    if (!file) return entity;
    // Both commits in one git process; a base with no parent is its own first commit (a repository just created).
    const [head, baseCommit] = await remote.commits(file.owner, file.name, [file.ref, BASE_BRANCH]);
    const commit = head?.commit;
    const base = baseCommit?.commit;
    if (!commit) return entity;
    const key = `${commit} ${base ?? '-'} ${this.latestVersion(template) ?? '-'}`;

    const cached = await cache.get<CachedStatus>('status');
    const gitDir = remote.repoPath(file.owner, file.name);
    let annotations = cached?.key === key ? cached.annotations : this.recent.get(`${gitDir} ${key}`);
    if (!annotations) {
      try {
        annotations = await statusAnnotations(gitDir, commit, this.options.engine, {
          base,
          origin: baseCommit?.parents.length === 0 ? base : undefined,
          latest: id => this.latestVersion(id),
        });
      } catch (error) {
        if (!(error instanceof GoldenPathError)) throw error;
        // A hand-edited or missing manifest is the owners' to fix: the entity says so, the log says why.
        this.options.logger.warn(`${file.owner}/${file.name} at ${commit}: ${error.message}`);
        annotations = { [ANNOTATION_STATUS]: 'unreadable' };
      }
      this.recent.set(`${gitDir} ${key}`, annotations);
    }
    await cache.set<CachedStatus>('status', { key, annotations });
    return {
      ...entity,
      metadata: { ...entity.metadata, annotations: { ...entity.metadata.annotations, ...annotations } },
    };
  }

  /** The golden path's version in the templates, remembered a while; undefined for an unknown one. */
  private latestVersion(id: string): string | undefined {
    const now = Date.now();
    const known = this.latest.get(id);
    if (known && known.until > now) return known.version;
    try {
      const version = this.options.engine.load(id).version;
      this.latest.set(id, { version, until: now + (this.options.latestTtlMs ?? 60_000) });
      return version;
    } catch (error) {
      if (error instanceof GoldenPathError || error instanceof UnknownGoldenPathError) return undefined;
      throw error;
    }
  }
}
