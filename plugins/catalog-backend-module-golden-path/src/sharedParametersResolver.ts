import type { PlaceholderResolver } from '@backstage/plugin-catalog-node';
import { readSharedParameters } from '@golden-path/engine';

/**
 * Resolves `$golden-path-parameters: <name>` in an entity (a Template's shared form step) to
 * templates/parameters/<name>.yaml, read by the engine's own function: the form the portal shows is
 * the schema the engine validates. Only the platform's templates folder is read, by a checked name,
 * whatever location the entity came from.
 */
export function sharedParametersResolver(templatesRoot: string): PlaceholderResolver {
  return async ({ value }) => readSharedParameters(templatesRoot, value) as Awaited<ReturnType<PlaceholderResolver>>;
}
