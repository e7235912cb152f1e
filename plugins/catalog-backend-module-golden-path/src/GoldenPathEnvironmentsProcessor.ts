import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorCache,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ENVIRONMENT_PROBLEMS,
  ENVIRONMENTS_FILE,
  environmentResource,
  environmentResourceName,
  goldenPathTemplate,
} from '@golden-path/common';
import { nameVariants } from '@golden-path/engine';
import {
  environmentCommits,
  mainEnvironments,
  readRepositoryEnvironments,
  remoteEnvironmentsFile,
  type LocalGitRemote,
  type RepositoryEnvironments,
} from '@golden-path/node';
import type { GithubEnvironments, GithubEnvironmentsRepository } from './githubEnvironments.js';
import { RecentReadings } from './recentReadings.js';

export interface GoldenPathEnvironmentsProcessorOptions {
  /** The embedded remote, whose repositories are read with their tenant branches. */
  remote?: LocalGitRemote;
  /** GitHub's API with the catalog's GitHub integrations: a repository there with its tenant branches. */
  github?: GithubEnvironments;
  /** The catalog's URL reader, for a repository on another host: main's file only. */
  reader?: UrlReaderService;
  logger: LoggerService;
}

/** What was read, and from which commits (main's and each tenant branch's). */
type CachedEnvironments = { key: string; read: RepositoryEnvironments };

/** The catalog's limit on an entity name. */
const NAME_MAX = 63;
/** Problems shown on the Component; the log has them all. */
const PROBLEMS_SHOWN = 10;

/**
 * A golden-path service's environments in the catalog (issue 15): each entry of main's
 * infra/environments.yaml and each tenant's entry on its `tenants/<tenant>` branch becomes a Resource
 * (type `environment` or `tenant`) that is a dependency of the Component, owned by the tenant's own
 * group or the service's owner, so the catalog lists every tenant of a service by type and relation.
 * A Resource no longer emitted (a tenant branch deleted) is an orphan the catalog deletes.
 * What the repository's owners pushed that cannot be read is reported on the Component
 * (golden-path.dev/environment-problems) and in the log, never fatal to the Component's processing.
 */
export class GoldenPathEnvironmentsProcessor implements CatalogProcessor {
  /** The embedded remote's last readings, by repository and commits: a created service's are read once, not twice. */
  private readonly recent = new RecentReadings<CachedEnvironments>();

  constructor(private readonly options: GoldenPathEnvironmentsProcessorOptions) {}

  getProcessorName(): string {
    return 'GoldenPathEnvironmentsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const owner = entity.spec?.owner;
    if (entity.kind !== 'Component' || !goldenPathTemplate(entity) || typeof owner !== 'string') return entity;
    if (location.type !== 'url') return entity;
    const cached = await cache.get<CachedEnvironments>('environments');
    const remote = this.options.remote;
    const owned = remote?.owns(location.target) ? remote : undefined;
    const github = owned ? undefined : this.options.github?.repository(location.target);
    // The service's AWS name, as the engine derived it from the name the Component is named after
    // (names.slug): what the repository's tenant workflow checks tenant names with.
    const awsName = nameVariants(entity.metadata.name).aws;
    const found = owned
      ? await this.fromRemote(owned, location.target, awsName, cached)
      : github
        ? await this.fromGithub(github, awsName, cached)
        : await this.fromUrl(location.target, cached);
    if (!found) return entity;
    await cache.set<CachedEnvironments>('environments', found);

    const service = {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace,
      owner,
      system: typeof entity.spec?.system === 'string' ? entity.spec.system : undefined,
    };
    const problems = [...found.read.problems];
    for (const { entry, branch, order } of found.read.environments) {
      if (environmentResourceName(service.name, entry.name).length > NAME_MAX) {
        problems.push(`${branch}: ${service.name}-${entry.name} is longer than the catalog's ${NAME_MAX} characters`);
        continue;
      }
      emit(processingResult.entity(location, environmentResource(service, entry, { branch, order })));
    }
    // Said once per change of the repository, not at every processing of an unchanged one.
    if (found.key !== cached?.key) {
      for (const problem of problems) this.options.logger.warn(`${stringifyEntityRef(entity)}: ${problem}`);
    }
    if (!problems.length) return entity;
    const shown = problems.slice(0, PROBLEMS_SHOWN);
    if (problems.length > PROBLEMS_SHOWN) shown.push(`and ${problems.length - PROBLEMS_SHOWN} more (in the log)`);
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...entity.metadata.annotations, [ANNOTATION_ENVIRONMENT_PROBLEMS]: shown.join('\n') },
      },
    };
  }

  /** On the embedded remote: main's file and every tenant branch's entry, read again when a commit changes. */
  private async fromRemote(
    remote: LocalGitRemote,
    target: string,
    awsName: string,
    cached: CachedEnvironments | undefined,
  ): Promise<CachedEnvironments | undefined> {
    const file = remote.parseFileUrl(target);
    const commits = file && (await environmentCommits(remote, file.owner, file.name, file.ref));
    if (!file || !commits) return undefined;
    const key = JSON.stringify(commits);
    if (cached?.key === key) return cached;
    // The service's AWS name too: what a tenant branch is checked against (two Components could share a repository).
    const recent = `${remote.repoPath(file.owner, file.name)} ${awsName} ${key}`;
    const known = this.recent.get(recent);
    if (known) return known;
    const found = {
      key,
      read: await readRepositoryEnvironments(remoteEnvironmentsFile(remote, file.owner, file.name), commits, awsName),
    };
    this.recent.set(recent, found);
    return found;
  }

  /**
   * On GitHub: main's file and every tenant branch's entry, as on the embedded remote, read again
   * when a commit changes. When GitHub cannot be reached, the last reading stands.
   */
  private async fromGithub(
    github: GithubEnvironmentsRepository,
    awsName: string,
    cached: CachedEnvironments | undefined,
  ): Promise<CachedEnvironments> {
    try {
      const commits = await github.commits();
      if (!commits) return { key: 'none', read: { environments: [], problems: [] } };
      const key = JSON.stringify(commits);
      if (cached?.key === key) return cached;
      return { key, read: await readRepositoryEnvironments(github.fileAt, commits, awsName) };
    } catch (error) {
      return lastReading(cached, `GitHub could not be reached (${reason(error)})`);
    }
  }

  /**
   * On another host: main's file through the catalog's URL reader and its integration's
   * credentials, read again when its ETag changes. When the host cannot be reached, the last reading stands.
   */
  private async fromUrl(
    target: string,
    cached: CachedEnvironments | undefined,
  ): Promise<CachedEnvironments | undefined> {
    const reader = this.options.reader;
    if (!reader) return undefined;
    const url = new URL(ENVIRONMENTS_FILE, target).href;
    try {
      const response = await reader.readUrl(url, cached?.key.startsWith('etag ') ? { etag: cached.key.slice(5) } : {});
      return { key: `etag ${response.etag ?? ''}`, read: mainEnvironments(await response.buffer()) };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotModifiedError' && cached) return cached;
      if (name === 'NotFoundError') return { key: 'none', read: { environments: [], problems: [] } };
      return lastReading(cached, `main: ${ENVIRONMENTS_FILE} could not be read (${reason(error)})`);
    }
  }
}

/** The environments last read stand, with why they were not read again. */
function lastReading(cached: CachedEnvironments | undefined, problem: string): CachedEnvironments {
  return { key: `error ${problem}`, read: { environments: cached?.read.environments ?? [], problems: [problem] } };
}

/** An error's message, short, with its cause's code (fetch's network errors say only "fetch failed"). */
function reason(error: unknown): string {
  const code = ((error as Error).cause as { code?: unknown } | undefined)?.code;
  return `${String((error as Error).message)}${typeof code === 'string' ? ` ${code}` : ''}`.slice(0, 120);
}
