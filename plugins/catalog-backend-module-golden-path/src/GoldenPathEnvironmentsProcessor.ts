import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorCache,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ENVIRONMENT_PROBLEMS,
  environmentResource,
  environmentResourceName,
  goldenPathTemplate,
} from '@golden-path/common';
import {
  environmentCommits,
  readRepositoryEnvironments,
  type LocalGitRemote,
  type RepositoryEnvironments,
} from '@golden-path/node';

export interface GoldenPathEnvironmentsProcessorOptions {
  /** The embedded remote whose repositories the processor reads; without one it adds nothing. */
  remote?: LocalGitRemote;
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
    const remote = this.options.remote;
    const owner = entity.spec?.owner;
    if (entity.kind !== 'Component' || !goldenPathTemplate(entity) || typeof owner !== 'string') return entity;
    if (!remote || location.type !== 'url') return entity;
    const file = remote.parseFileUrl(location.target);
    const main = file && (await remote.resolveCommit(file.owner, file.name, file.ref));
    if (!file || !main) return entity;

    const commits = await environmentCommits(remote, file.owner, file.name, main);
    const key = JSON.stringify(commits);
    const cached = await cache.get<CachedEnvironments>('environments');
    const fresh = cached?.key !== key;
    const read =
      cached?.key === key ? cached.read : await readRepositoryEnvironments(remote, file.owner, file.name, commits);
    await cache.set<CachedEnvironments>('environments', { key, read });

    const service = {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace,
      owner,
      system: typeof entity.spec?.system === 'string' ? entity.spec.system : undefined,
    };
    const problems = [...read.problems];
    for (const { entry, branch, order } of read.environments) {
      if (environmentResourceName(service.name, entry.name).length > NAME_MAX) {
        problems.push(`${branch}: ${service.name}-${entry.name} is longer than the catalog's ${NAME_MAX} characters`);
        continue;
      }
      emit(processingResult.entity(location, environmentResource(service, entry, { branch, order })));
    }
    // Said once per change of the repository, not at every processing of an unchanged one.
    if (fresh) for (const problem of problems) this.options.logger.warn(`${file.owner}/${file.name}: ${problem}`);
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
}
