import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from './errors.js';

type Json = Record<string, unknown>;
type FieldSchema = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
// Keys that would reach Object.prototype through a dotted --set path.
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** A repeatable option's value as a list: absent or '' is none, one value is a list of one. */
export const toList = (v: unknown): string[] => (v === undefined || v === '' ? [] : [v].flat().map(String));

/** Reads a --values file: YAML or JSON (JSON is YAML), holding a mapping of field: value. */
export function readValuesFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read values file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new UsageError(`values file ${file} is not valid YAML or JSON: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) throw new UsageError(`values file ${file} must hold a mapping of field: value`);
  return doc;
}

function schemaTypes(schema: FieldSchema | undefined): string[] {
  const t = schema?.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

/** Converts a --set value to the type its schema asks for; a value that does not fit stays a
 * string so the engine's validation names the field and what is allowed. */
export function typedValue(raw: string, schema: FieldSchema | undefined): unknown {
  for (const type of schemaTypes(schema)) {
    if (type === 'integer' && /^[+-]?\d+$/.test(raw)) return Number(raw);
    if (type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
    if (type === 'boolean' && /^(true|false|yes|no)$/i.test(raw)) return /^(true|yes)$/i.test(raw);
    if (type === 'null' && raw === 'null') return null;
    if (type === 'array') {
      const items = raw === '' ? [] : raw.split(',').map(s => s.trim());
      return items.map(i => typedValue(i, schema?.items as FieldSchema | undefined));
    }
    if (type === 'string') return raw;
  }
  return raw;
}

/** Applies `key=value` assignments; dotted keys reach into nested objects (`a.b=c`). */
export function applySets(values: Json, assignments: string[], properties: Record<string, FieldSchema>): Json {
  const out = structuredClone(values);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const key = eq > 0 ? assignment.slice(0, eq) : '';
    const path = key.split('.');
    if (!key || path.some(p => p === '' || FORBIDDEN_KEYS.has(p))) {
      throw new UsageError(
        `--set "${assignment}" must be written key=value (dotted keys for nested fields: a.b=value)`,
      );
    }
    let target = out;
    let schema: FieldSchema | undefined = properties[path[0]!];
    for (const [i, segment] of path.slice(0, -1).entries()) {
      if (!isObject(target[segment])) target[segment] = {};
      target = target[segment] as Json;
      schema = (schema?.properties as Record<string, FieldSchema> | undefined)?.[path[i + 1]!];
    }
    target[path.at(-1)!] = typedValue(assignment.slice(eq + 1), schema);
  }
  return out;
}
