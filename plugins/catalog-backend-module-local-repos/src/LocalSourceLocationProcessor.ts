import { ANNOTATION_SOURCE_LOCATION, type Entity } from '@backstage/catalog-model';
import type { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import type { LocalGitRemote } from '@golden-path/node';
import { posix } from 'node:path';

/**
 * On the embedded remote, an entity's source is the repository it was registered from there, not
 * the GitHub URL its catalog-info.yaml names (which does not exist on a laptop install): its
 * `backstage.io/source-location` becomes the folder of its catalog-info.yaml on the remote, so
 * "View source" opens the remote's file list and TechDocs' `dir:.` reads the docs from it.
 */
export class LocalSourceLocationProcessor implements CatalogProcessor {
  constructor(private readonly remote: LocalGitRemote) {}

  getProcessorName(): string {
    return 'LocalSourceLocationProcessor';
  }

  async preProcessEntity(entity: Entity, location: LocationSpec): Promise<Entity> {
    if (location.type !== 'url') return entity;
    const file = this.remote.parseFileUrl(location.target);
    if (!file) return entity;
    const folder = posix.dirname(file.path);
    const source = `${this.remote.treeUrl(file.owner, file.name, file.ref)}/${folder === '.' ? '' : `${folder}/`}`;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...entity.metadata.annotations, [ANNOTATION_SOURCE_LOCATION]: `url:${source}` },
      },
    };
  }
}
