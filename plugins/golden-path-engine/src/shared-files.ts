import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from './errors.js';
import { readYamlFile } from './yaml-file.js';

type Json = Record<string, unknown>;

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A file golden paths share, templates/<folder>/<name>.yaml, named by a template.yaml's placeholder;
 * the name is checked (nothing outside the folder is read) and a missing file is a TemplateError.
 */
export function readSharedFile(
  templatesRoot: string,
  folder: string,
  placeholder: string,
  name: unknown,
): { file: string; doc: Json } {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TemplateError(`${placeholder}: "${String(name)}" is not the name of a file in templates/${folder}`);
  }
  const file = join(templatesRoot, folder, `${name}.yaml`);
  if (!existsSync(file)) throw new TemplateError(`${placeholder}: ${name} not found (no ${file})`);
  return { file, doc: readYamlFile(file) };
}

/** The value of `node` when it is the placeholder `{ <placeholder>: value }`, else undefined. */
export function placeholderValue(node: unknown, placeholder: string): { value: unknown } | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === placeholder ? { value: (node as Json)[placeholder] } : undefined;
}
