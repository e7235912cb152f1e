import { TemplateError } from './errors.js';
import { placeholderValue, readSharedFile } from './shared-files.js';

type Json = Record<string, unknown>;

/**
 * The placeholder that stands for a shared form step in a template.yaml's `spec.parameters`:
 * `- $golden-path-parameters: service` is templates/parameters/service.yaml. The engine resolves it
 * when it loads a golden path, the catalog (its placeholder resolver) when it reads the Template, so
 * the portal, the CLI and validation all see the same merged schema.
 */
export const SHARED_PARAMETERS_PLACEHOLDER = '$golden-path-parameters';
/** The folder of templates/ that holds the shared form steps. */
export const SHARED_PARAMETERS_DIR = 'parameters';

/** One shared form step, templates/parameters/<name>.yaml; a missing or malformed one is a TemplateError. */
export function readSharedParameters(templatesRoot: string, name: unknown): Json {
  const { file, doc: step } = readSharedFile(templatesRoot, SHARED_PARAMETERS_DIR, SHARED_PARAMETERS_PLACEHOLDER, name);
  if (!step.properties || typeof step.properties !== 'object' || Array.isArray(step.properties)) {
    throw new TemplateError(`${file}: a form step needs properties (a mapping of field: schema)`);
  }
  return step;
}

/** A template.yaml's `spec.parameters` with every shared step placeholder replaced by the step. */
export function composeParameters(templatesRoot: string, parameters: unknown): unknown {
  if (!Array.isArray(parameters)) return parameters;
  return parameters.map(step => {
    const shared = placeholderValue(step, SHARED_PARAMETERS_PLACEHOLDER);
    return shared ? readSharedParameters(templatesRoot, shared.value) : step;
  });
}
