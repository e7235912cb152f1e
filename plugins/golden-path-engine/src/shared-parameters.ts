import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from './errors.js';
import { readYamlFile } from './yaml-file.js';

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

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One shared form step, templates/parameters/<name>.yaml; a missing or malformed one is a TemplateError. */
export function readSharedParameters(templatesRoot: string, name: unknown): Json {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TemplateError(
      `${SHARED_PARAMETERS_PLACEHOLDER}: "${String(name)}" is not the name of a file in templates/${SHARED_PARAMETERS_DIR}`,
    );
  }
  const file = join(templatesRoot, SHARED_PARAMETERS_DIR, `${name}.yaml`);
  if (!existsSync(file)) throw new TemplateError(`${SHARED_PARAMETERS_PLACEHOLDER}: ${name} not found (no ${file})`);
  const step = readYamlFile(file);
  if (!step.properties || typeof step.properties !== 'object' || Array.isArray(step.properties)) {
    throw new TemplateError(`${file}: a form step needs properties (a mapping of field: schema)`);
  }
  return step;
}

/** The shared step a form step stands for, or undefined when it is a step of its own. */
function placeholderOf(step: unknown): { name: unknown } | undefined {
  if (!step || typeof step !== 'object' || Array.isArray(step)) return undefined;
  const keys = Object.keys(step);
  return keys.length === 1 && keys[0] === SHARED_PARAMETERS_PLACEHOLDER
    ? { name: (step as Json)[SHARED_PARAMETERS_PLACEHOLDER] }
    : undefined;
}

/** A template.yaml's `spec.parameters` with every shared step placeholder replaced by the step. */
export function composeParameters(templatesRoot: string, parameters: unknown): unknown {
  if (!Array.isArray(parameters)) return parameters;
  return parameters.map(step => {
    const shared = placeholderOf(step);
    return shared ? readSharedParameters(templatesRoot, shared.name) : step;
  });
}
