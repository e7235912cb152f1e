/**
 * JSON Schema (a golden path's merged `spec.parameters`) → prompt questions, in the question
 * format Yeoman's adapter (Inquirer) takes. The checks here help a person type a valid answer;
 * the engine's validation after the prompts stays the authority.
 */
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
// A pragmatic address check for typing; the engine's `format: email` check decides.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function typeOf(schema: FieldSchema): string {
  const t = schema.type;
  return Array.isArray(t) ? String(t.find(x => x !== 'null') ?? 'string') : String(t ?? 'string');
}

function stringProblem(value: string, schema: FieldSchema): string | undefined {
  const min = num(schema.minLength);
  const max = num(schema.maxLength);
  if (min !== undefined && value.length < min) return `must be at least ${min} characters`;
  if (max !== undefined && value.length > max) return `must be at most ${max} characters`;
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    return `must match ${schema.pattern}`;
  }
  if (schema.format === 'email' && !EMAIL.test(value)) return 'must be an e-mail address';
  return undefined;
}

function numberProblem(value: number, schema: FieldSchema, integer: boolean): string | undefined {
  if (!Number.isFinite(value)) return 'must be a number';
  if (integer && !Number.isInteger(value)) return 'must be a whole number';
  const min = num(schema.minimum);
  const max = num(schema.maximum);
  if (min !== undefined && value < min) return `must be at least ${min}`;
  if (max !== undefined && value > max) return `must be at most ${max}`;
  if (num(schema.exclusiveMinimum) !== undefined && value <= num(schema.exclusiveMinimum)!) {
    return `must be more than ${schema.exclusiveMinimum}`;
  }
  if (num(schema.exclusiveMaximum) !== undefined && value >= num(schema.exclusiveMaximum)!) {
    return `must be less than ${schema.exclusiveMaximum}`;
  }
  return undefined;
}

/** The check one answer must pass: true, or what is wrong, with the field's help appended. */
export function fieldValidator(schema: FieldSchema, required: boolean): Validate {
  const help = (schema['ui:help'] ?? schema.description) as string | undefined;
  const explain = (problem: string) => (help ? `${problem} (${help})` : problem);
  return value => {
    if (isEmpty(value)) return required ? explain('is required') : true;
    const type = typeOf(schema);
    let problem: string | undefined;
    if (type === 'integer' || type === 'number') {
      problem = numberProblem(typeof value === 'number' ? value : Number(value), schema, type === 'integer');
    } else if (typeof value === 'string') {
      problem = stringProblem(value, schema);
    }
    return problem ? explain(problem) : true;
  };
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

const isSecret = (s: FieldSchema) =>
  s['ui:field'] === 'Secret' || s['ui:widget'] === 'password' || s.format === 'password';
const isHidden = (s: FieldSchema) => s['ui:widget'] === 'hidden';

/** One question for one field, or undefined for a field a prompt cannot ask (objects, hidden). */
export function questionFor(name: string, schema: FieldSchema, required: boolean): Question | undefined {
  if (isHidden(schema)) return undefined;
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
        validate: fieldValidator(schema, required),
      };
    case 'array': {
      const items = (schema.items ?? {}) as FieldSchema;
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
        type: isSecret(schema) ? 'password' : 'input',
        ...(isSecret(schema) ? { mask: '*' } : {}),
        validate: fieldValidator(schema, required),
      };
    default:
      return undefined; // objects: give them in --values
  }
}

/** Questions for every field not given yet, in form order. */
export function questionsFor(
  properties: Record<string, FieldSchema>,
  required: string[],
  given: Record<string, unknown>,
): Question[] {
  return Object.entries(properties)
    .filter(([name]) => given[name] === undefined)
    .map(([name, schema]) => questionFor(name, schema, required.includes(name)))
    .filter((q): q is Question => q !== undefined);
}

/** Drops answers left empty (optional fields skipped) so the engine applies defaults or omits them. */
export function answersToValues(answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => !isEmpty(v)));
}
