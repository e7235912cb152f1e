import { TemplateError } from './errors.js';
import { placeholderValue, readSharedFile } from './shared-files.js';

type Json = Record<string, unknown>;

/**
 * The placeholder that stands for a template.yaml's whole `spec.steps`:
 * `steps: { $golden-path-steps: { name: service, template: <id> } }` is templates/steps/service.yaml's
 * `steps`, each `$(template)` in them replaced by the value given. The engine resolves it when it loads
 * a golden path, the catalog (its placeholder resolver) when it reads the Template, so the portal runs
 * the steps the engine loaded.
 */
export const SHARED_STEPS_PLACEHOLDER = '$golden-path-steps';
/** The folder of templates/ that holds the shared steps. */
export const SHARED_STEPS_DIR = 'steps';

/** `$(key)` in a shared step's text: a value the template.yaml passes (the file's `with:` names them). */
const REFERENCE = /\$\(([^)]*)\)/g;
/** A passed value is an id: it lands in step inputs the scaffolder evaluates, so no expression syntax. */
const VALUE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The steps `{ name, ...values }` stands for: templates/steps/<name>.yaml's `steps` with its `with:`
 * values substituted. A missing file, a value missing, extra or not an id, or a `$(key)` the file
 * does not take is a TemplateError naming it.
 */
export function readSharedSteps(templatesRoot: string, given: unknown): unknown[] {
  const P = SHARED_STEPS_PLACEHOLDER;
  if (!given || typeof given !== 'object' || Array.isArray(given)) {
    throw new TemplateError(`${P}: needs a mapping { name: <a file of templates/${SHARED_STEPS_DIR}>, <value>: ... }`);
  }
  const { name, ...values } = given as Json;
  const { file, doc } = readSharedFile(templatesRoot, SHARED_STEPS_DIR, P, name);
  if (!Array.isArray(doc.steps)) throw new TemplateError(`${file}: needs steps (a list of scaffolder steps)`);
  const takes = doc.with ?? [];
  if (!Array.isArray(takes) || takes.some(t => typeof t !== 'string')) {
    throw new TemplateError(`${file}: with must be a list of the value names its steps use as $(name)`);
  }
  const listed = takes.join(', ') || 'nothing';
  for (const key of takes as string[]) {
    if (!Object.hasOwn(values, key)) throw new TemplateError(`${P}: ${String(name)} needs ${key} (it takes ${listed})`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (!takes.includes(key)) throw new TemplateError(`${P}: ${String(name)} takes no ${key} (it takes ${listed})`);
    if (typeof value !== 'string' || !VALUE.test(value)) {
      throw new TemplateError(`${P}: ${key} "${String(value)}" must be lower-case letters and digits joined by '-'`);
    }
  }
  return substitute(doc.steps, values as Record<string, string>, file) as unknown[];
}

function substitute(node: unknown, values: Record<string, string>, file: string): unknown {
  if (typeof node === 'string') {
    return node.replace(REFERENCE, (_, key: string) => {
      if (!Object.hasOwn(values, key)) throw new TemplateError(`${file}: $(${key}) is not one of its with: values`);
      return values[key]!;
    });
  }
  if (Array.isArray(node)) return node.map(item => substitute(item, values, file));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, values, file)]));
  }
  return node;
}

/**
 * A template.yaml's `spec.steps` with the shared steps placeholder resolved. A `template` value is
 * the golden path's own id (its render step and commit messages name it): another is a TemplateError.
 */
export function composeSteps(templatesRoot: string, steps: unknown, id: string): unknown {
  const shared = placeholderValue(steps, SHARED_STEPS_PLACEHOLDER);
  if (!shared) return steps;
  const template = (shared.value as Json | null)?.template;
  if (template !== undefined && template !== id) {
    throw new TemplateError(
      `${SHARED_STEPS_PLACEHOLDER}: template "${String(template)}" must be this golden path's id, "${id}"`,
    );
  }
  return readSharedSteps(templatesRoot, shared.value);
}
