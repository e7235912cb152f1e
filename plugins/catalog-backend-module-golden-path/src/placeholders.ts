import type { PlaceholderResolver } from '@backstage/plugin-catalog-node';
import {
  readSharedParameters,
  readSharedSteps,
  SHARED_PARAMETERS_PLACEHOLDER,
  SHARED_STEPS_PLACEHOLDER,
} from '@golden-path/engine';

type Resolved = Awaited<ReturnType<PlaceholderResolver>>;

/**
 * The placeholders a golden path's Template composes, by resolver key: `$golden-path-parameters:
 * <name>` (a shared form step, templates/parameters/<name>.yaml) and `$golden-path-steps: { name,
 * template }` (the shared steps, templates/steps/<name>.yaml). Each is read by the engine's own
 * function, so the Template the portal reads is the one the engine loads. Only the platform's
 * templates folder is read, by a checked name, whatever location the entity came from.
 */
export function goldenPathPlaceholders(templatesRoot: string): Record<string, PlaceholderResolver> {
  return {
    [SHARED_PARAMETERS_PLACEHOLDER.slice(1)]: async ({ value }) =>
      readSharedParameters(templatesRoot, value) as Resolved,
    [SHARED_STEPS_PLACEHOLDER.slice(1)]: async ({ value }) => readSharedSteps(templatesRoot, value) as Resolved,
  };
}
