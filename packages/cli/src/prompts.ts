/**
 * JSON Schema (a golden path's merged `spec.parameters`) → prompt questions, in the question
 * format Yeoman's adapter (Inquirer) takes. Each answer is checked as it is typed by the engine's
 * `fieldProblem`; the engine's validation of all values after the prompts stays the authority.
 */
import { isDisplayOnlyField, isSecretField } from '@golden-path/engine';

type FieldSchema = Record<string, unknown>;

export type Validate = (value: unknown) => true | string;

export interface Choice {
  name: string;
  value: unknown;
}

export interface Question {
  name: string;
  type: 'input' | 'password' | 'number' | 'confirm' | 'select' | 'checkbox';
  message: string;
  default?: unknown;
  choices?: Choice[];
  validate?: Validate;
  filter?: (value: unknown) => unknown;
  /** For `number` prompts: 1 accepts integers only. */
  step?: 1 | 'any';
  min?: number;
  max?: number;
  mask?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** "Is this value valid for this field, and why not": the engine's `fieldProblem` for one golden path. */
export type FieldProblem = (field: string, value: unknown) => string | undefined;

function typeOf(schema: FieldSchema): string {
  const t = schema.type;
  return Array.isArray(t) ? String(t.find(x => x !== 'null') ?? 'string') : String(t ?? 'string');
}

/** The check one answer must pass: the engine's, so a prompt and full validation never disagree. An empty answer is no answer. */
function validatorFor(name: string, problem: FieldProblem): Validate {
  return value => problem(name, isEmpty(value) ? undefined : value) ?? true;
}

function message(schema: FieldSchema, name: string): string {
  const title = String(schema.title ?? name);
  const help = (schema['ui:help'] ?? schema.description) as string | undefined;
  return help ? `${title} (${help.trim()})` : title;
}

function choicesOf(values: unknown[], labels: unknown): Choice[] {
  const names = Array.isArray(labels) ? labels : [];
  return values.map((value, i) => ({ name: String(names[i] ?? value), value }));
}

const isHidden = (s: FieldSchema) => s['ui:widget'] === 'hidden';

/** One question for one field, or undefined for a field a prompt cannot ask (objects, hidden). */
export function questionFor(name: string, schema: FieldSchema, problem: FieldProblem): Question | undefined {
  if (isHidden(schema) || isDisplayOnlyField(schema)) return undefined;
  const type = typeOf(schema);
  const base = {
    name,
    message: message(schema, name),
    ...(schema.default !== undefined ? { default: schema.default } : {}),
  };
  if (Array.isArray(schema.enum)) {
    return { ...base, type: 'select', choices: choicesOf(schema.enum, schema.enumNames) };
  }
  switch (type) {
    case 'boolean':
      return { ...base, type: 'confirm', default: schema.default ?? false };
    case 'integer':
    case 'number':
      return {
        ...base,
        type: 'number',
        step: type === 'integer' ? 1 : 'any',
        ...(num(schema.minimum) !== undefined ? { min: num(schema.minimum) } : {}),
        ...(num(schema.maximum) !== undefined ? { max: num(schema.maximum) } : {}),
        validate: validatorFor(name, problem),
      };
    case 'array': {
      const items = (schema.items ?? {}) as FieldSchema;
      if (typeOf(items) === 'object') return undefined; // a list of objects (environments): give it in --values
      if (Array.isArray(items.enum))
        return { ...base, type: 'checkbox', choices: choicesOf(items.enum, items.enumNames) };
      return {
        ...base,
        type: 'input',
        ...(Array.isArray(schema.default) ? { default: schema.default.join(', ') } : {}),
        filter: v => (typeof v === 'string' && v.trim() ? v.split(',').map(s => s.trim()) : undefined),
      };
    }
    case 'string':
      return {
        ...base,
        type: isSecretField(schema) ? 'password' : 'input',
        ...(isSecretField(schema) ? { mask: '*' } : {}),
        validate: validatorFor(name, problem),
      };
    default:
      return undefined; // objects: give them in --values
  }
}

/** Questions for every field not given yet, in form order. */
export function questionsFor(
  properties: Record<string, FieldSchema>,
  given: Record<string, unknown>,
  problem: FieldProblem,
): Question[] {
  return Object.entries(properties)
    .filter(([name]) => given[name] === undefined)
    .map(([name, schema]) => questionFor(name, schema, problem))
    .filter((q): q is Question => q !== undefined);
}

/** Drops answers left empty (optional fields skipped) so the engine applies defaults or omits them. */
export function answersToValues(answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => !isEmpty(v)));
}
