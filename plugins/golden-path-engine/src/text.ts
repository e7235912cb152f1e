import type { FuncKeywordDefinition } from 'ajv';

/**
 * Free text every value must be, whatever the field: what the catalog's database, git, YAML,
 * Python, Terraform and a reader's screen all carry the same way. A field is one line unless its
 * form asks for a text area (`ui:widget: textarea`), where tab and line feed are allowed too.
 */
export type TextRule = 'single-line' | 'multi-line';

/** The schema keyword the engine adds to every field (see `mergeParameters`): `plainText: <TextRule>`. */
export const PLAIN_TEXT = 'plainText';

/** The text rule a field's schema (as written, ui: keys included) asks for. */
export function textRule(schema: Record<string, unknown> | undefined): TextRule {
  return schema?.['ui:widget'] === 'textarea' ? 'multi-line' : 'single-line';
}

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'DEL',
};

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
// C0 controls and DEL; bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069),
// which make text display in an order other than the one it is stored in.
const REFUSED = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Why a string is not plain text under `rule`, naming the first character not allowed; undefined if it is. */
export function textProblem(text: string, rule: TextRule): string | undefined {
  const allowed =
    rule === 'multi-line' ? 'printable characters, tab and line feed' : 'printable characters on one line';
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    return `must be well-formed Unicode: a lone UTF-16 surrogate (${hex(surrogate[0].charCodeAt(0))}) is not allowed`;
  }
  for (let from = 0; ;) {
    const found = REFUSED.exec(text.slice(from));
    if (!found) return undefined;
    const code = found[0].charCodeAt(0);
    if (rule === 'multi-line' && (code === 0x09 || code === 0x0a)) {
      from += found.index + 1;
      continue;
    }
    const what =
      code >= 0x202a
        ? 'a bidirectional control that can make text display other than it reads'
        : `${CONTROL_NAMES[code] ?? 'a control character'}`;
    return `must be plain text: ${hex(code)} (${what}) is not allowed; allowed: ${allowed}`;
  }
}

const pointer = (key: string | number) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Every string in a value (objects and arrays walked) with its JSON pointer below the value. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, path + pointer(i));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!textProblem(k, 'single-line')) yield* strings(v, path + pointer(k));
      else yield [path + pointer(k), k]; // a key that is not plain text is refused like a value
    }
  }
}

interface DataContext {
  instancePath: string;
}

type ValidateWithErrors = ((rule: TextRule, data: unknown, schema?: unknown, cxt?: DataContext) => boolean) & {
  errors?: { keyword: string; instancePath: string; message: string; params: Record<string, unknown> }[];
};

const validatePlainText: ValidateWithErrors = (rule, data, _schema, cxt) => {
  const errors = [...strings(data)].flatMap(([path, text]) => {
    const message = textProblem(text, rule);
    return message
      ? [{ keyword: PLAIN_TEXT, instancePath: `${cxt?.instancePath ?? ''}${path}`, message, params: { rule } }]
      : [];
  });
  validatePlainText.errors = errors;
  return errors.length === 0;
};

/** The ajv keyword: `plainText: single-line | multi-line` refuses any string in the value that is not. */
export const plainTextKeyword: FuncKeywordDefinition = {
  keyword: PLAIN_TEXT,
  schemaType: 'string',
  metaSchema: { enum: ['single-line', 'multi-line'] },
  errors: true,
  validate: validatePlainText as FuncKeywordDefinition['validate'],
};
