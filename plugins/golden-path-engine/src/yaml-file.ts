import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { TemplateError } from './errors.js';

type Json = Record<string, unknown>;
const cache = new Map<string, { stamp: string; doc: Json }>();

/**
 * Reads a YAML mapping, parsed once per version of the file (mtime and size): every render reads
 * template.yaml, the parts and platform.yaml, and parsing them is most of a render's fixed cost.
 * Callers get their own copy, so nothing they change leaks into the next render.
 */
export function readYamlFile(file: string): Json {
  const st = statSync(file);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(file);
  if (hit?.stamp === stamp) return structuredClone(hit.doc);
  const doc = parseYamlFile(file) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new TemplateError(`${file}: not a YAML mapping`);
  cache.set(file, { stamp, doc: doc as Json });
  return structuredClone(doc as Json);
}

/** A golden path's YAML file as it is (any YAML value, uncached); malformed YAML is a TemplateError naming the file. */
export function parseYamlFile(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TemplateError(`${file}: ${(e as Error).message}`);
  }
}
