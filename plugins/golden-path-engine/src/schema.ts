import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ValueIssue } from './errors.js';
import { PLAIN_TEXT, plainTextKeyword, textRule } from './text.js';

type Json = Record<string, unknown>;

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => void;

/** Backstage's form-only keys: the portal reads them, validation ignores them. */
const isUiKey = (k: string) => k.startsWith('ui:') || k === 'enumNames';

function stripUi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripUi);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json)
      .filter(([k]) => !isUiKey(k))
      .map(([k, v]) => [k, stripUi(v)]),
  );
}

/** Every property a form step can hold, conditional ones (dependencies, if/then) included. */
function collectProperties(node: unknown, into: Record<string, Json>): void {
  if (Array.isArray(node)) return node.forEach(n => collectProperties(n, into));
  if (!node || typeof node !== 'object') return;
  const n = node as Json;
  for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Json>)) {
    into[k] = { ...(into[k] ?? {}), ...v };
  }
  for (const key of ['dependencies', 'allOf', 'anyOf', 'oneOf', 'then', 'else']) {
    const child = n[key];
    if (child && typeof child === 'object')
      collectProperties(key === 'dependencies' ? Object.values(child) : child, into);
  }
}

/**
 * A form field that holds no value (JSON Schema `type: null`): the portal's preview shows the
 * render there. It is not asked by the CLI, and whatever the form sends for it is not a value.
 */
export function isDisplayOnlyField(schema: Json | undefined): boolean {
  return schema?.type === 'null';
}

export interface MergedSchema {
  /** One object schema for all form steps; unknown keys are rejected. */
  schema: Json;
  /** Every field with its schema as written (ui: keys kept, for prompts and derived values). */
  properties: Record<string, Json>;
  /** Fields required in some step, in form order. */
  required: string[];
}

/** Backstage's `spec.parameters` is one form step or an array of them; validation needs one schema. */
export function mergeParameters(parameters: unknown): MergedSchema {
  const steps = (Array.isArray(parameters) ? parameters : parameters ? [parameters] : []) as Json[];
  const properties: Record<string, Json> = {};
  collectProperties(steps, properties);
  const required = [...new Set(steps.flatMap(s => (s.required ?? []) as string[]))];
  const schema: Json = {
    type: 'object',
    // Every value is plain text whatever its field's schema says (text.ts).
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, { [PLAIN_TEXT]: textRule(v) }])),
    allOf: steps.map(s => {
      const { title: _t, description: _d, ...rest } = stripUi(s) as Json;
      return rest;
    }),
    additionalProperties: false,
  };
  return { schema, properties, required };
}

const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  // No coercion: "2" is not a number here, as it is not in the scaffolder's own validation of the
  // API's values; the CLI types its command-line text itself (values.ts typedValue).
  coerceTypes: false,
  strict: true,
  strictTypes: false,
  strictRequired: false,
});
addFormats(ajv);
ajv.addKeyword(plainTextKeyword);
// A cross-field bound the form cannot express in plain JSON Schema (the portal's validator has no
// $data): "at least the value of field X", e.g. maximum tasks >= minimum tasks.
ajv.addKeyword({
  keyword: 'minimumField',
  type: 'number',
  schemaType: 'string',
  validate: (field: string, data: number, _parent?: unknown, cxt?: { rootData: unknown }) => {
    const other = (cxt?.rootData as Record<string, unknown> | undefined)?.[field];
    return typeof other !== 'number' || data >= other;
  },
});
// Keyed by the schema's text: a golden path is re-read for every render, its schema rarely changes.
const compiled = new Map<string, ValidateFunction>();

function compile(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** Validates (and fills defaults into) a copy of `input`; returns the values or the issues. */
export function validateAgainst(
  merged: MergedSchema,
  input: Record<string, unknown>,
): { values: Record<string, unknown>; issues: ValueIssue[] } {
  const validate = compile(merged.schema);
  const values = structuredClone(input);
  for (const field of Object.keys(values)) if (isDisplayOnlyField(merged.properties[field])) delete values[field];
  if (validate(values)) return { values, issues: [] };
  // An if/then's own error ("must match then schema") says nothing the then-branch's errors do not.
  const errors = (validate.errors ?? []).filter(e => e.keyword !== 'if');
  return { values, issues: dedupe(errors.map(e => toIssue(e, merged))) };
}

/**
 * Validates one field's value on its own (`undefined`: not given), with the same schema and the
 * same messages as `validateAgainst`; returns the value as validation coerced it, or the issues.
 * Rules between fields (minimumField) need the other field and are left to full validation.
 */
export function validateField(
  merged: MergedSchema,
  field: string,
  value: unknown,
): { value: unknown; issues: ValueIssue[] } {
  const schema = merged.properties[field];
  if (!schema) {
    const allowed = Object.keys(merged.properties).join(', ');
    return { value, issues: [{ field, message: `is not an input of this golden path; allowed: ${allowed}` }] };
  }
  const validate = compile({
    type: 'object',
    properties: { [field]: { ...(stripUi(schema) as Json), [PLAIN_TEXT]: textRule(schema) } },
    ...(merged.required.includes(field) ? { required: [field] } : {}),
  });
  const data: Record<string, unknown> = value === undefined ? {} : { [field]: structuredClone(value) };
  if (validate(data)) return { value: data[field], issues: [] };
  return { value, issues: dedupe((validate.errors ?? []).map(e => toIssue(e, merged))) };
}

function dedupe(issues: ValueIssue[]): ValueIssue[] {
  const seen = new Set<string>();
  return issues.filter(i => {
    const key = `${i.field}\u0000${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function describe(schema: Json | undefined): string {
  const text = (schema?.['ui:help'] ?? schema?.description) as string | undefined;
  return text ? ` (${text})` : '';
}

/** The schema of a nested field: `keys` walked down through `properties` (array items through `items`). */
function nested(schema: Json | undefined, keys: string[]): Json | undefined {
  let node = schema;
  for (const key of keys) {
    node = /^\d+$/.test(key)
      ? (node?.items as Json | undefined)
      : ((node?.properties as Json | undefined)?.[key] as Json);
  }
  return node;
}

/** Bounds in words people use, rather than ajv's "must be >= 1024". */
const BOUND_WORDS: Record<string, string> = {
  minLength: 'at least',
  maxLength: 'at most',
  minimum: 'at least',
  maximum: 'at most',
  exclusiveMinimum: 'more than',
  exclusiveMaximum: 'less than',
};

function toIssue(e: ErrorObject, merged: MergedSchema): ValueIssue {
  const path = e.instancePath.split('/').slice(1).join('.');
  const top = e.instancePath.split('/')[1] ?? '';
  const schema = merged.properties[top];
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const field = [path, p.missingProperty].filter(Boolean).join('.');
      return { field, message: `is required${describe(merged.properties[String(p.missingProperty)])}` };
    }
    case 'additionalProperties': {
      const field = [path, p.additionalProperty].filter(Boolean).join('.');
      if (!path) {
        return {
          field,
          message: `is not an input of this golden path; allowed: ${Object.keys(merged.properties).join(', ')}`,
        };
      }
      const allowed = Object.keys((nested(schema, path.split('.').slice(1))?.properties ?? {}) as Json);
      return { field, message: `is not a field of ${path}; allowed: ${allowed.join(', ') || '(none)'}` };
    }
    case 'enum':
      return {
        field: path,
        message: `must be one of: ${(p.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern':
      return { field: path, message: `must match ${String(p.pattern)}${describe(schema)}` };
    case PLAIN_TEXT:
      return { field: path, message: e.message ?? 'must be plain text' };
    case 'minimumField':
      return { field: path, message: `must be at least the value of ${String(schema?.minimumField)}` };
    case 'const':
      return { field: path, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = `${BOUND_WORDS[e.keyword]} ${String(p.limit)}${e.keyword.endsWith('Length') ? ' characters' : ''}`;
      return { field: path, message: `must be ${bound}${describe(schema)}` };
    }
    case 'type':
      if (p.type === 'integer' || p.type === 'number') {
        return { field: path, message: `must be a ${p.type === 'integer' ? 'whole ' : ''}number${describe(schema)}` };
      }
      break;
    case 'format':
      if (p.format === 'email') return { field: path, message: `must be an e-mail address${describe(schema)}` };
      break;
  }
  return { field: path || '(values)', message: `${e.message ?? 'is invalid'}${describe(schema)}` };
}
