/**
 * Escapers: each turns any string into a literal of one output format that parses back to exactly
 * that string, so no user value can break out of the place a template puts it. Each returns the
 * whole literal, quotes included, and is printed raw (`<%- esc.yaml(v) %>`).
 */

const hex4 = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** C0/C1 controls, DEL, line/paragraph separators and the BOM: never raw in any output. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

function str(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(
    `esc.${what}: expected a string, number or boolean, got ${value === null ? 'null' : typeof value}`,
  );
}

/** Lone UTF-16 surrogates cannot be written as UTF-8: refuse rather than corrupt. */
function wellFormed(s: string, what: string): string {
  if (!s.isWellFormed()) throw new TypeError(`esc.${what}: the value has an unpaired UTF-16 surrogate`);
  return s;
}

/** A YAML double-quoted scalar. */
export function yaml(value: unknown): string {
  const s = wellFormed(str(value, 'yaml'), 'yaml');
  return `"${s.replace(/[\\"]/g, m => `\\${m}`).replace(UNSAFE, m => hex4(m.charCodeAt(0)))}"`;
}

/** A JSON string, also safe inside HTML <script> and as a Python or JavaScript literal. */
export function json(value: unknown): string {
  const s = wellFormed(str(value, 'json'), 'json');
  return JSON.stringify(s).replace(/[<>&\u007f-\u009f\u2028\u2029\ufeff]/g, m => hex4(m.charCodeAt(0)));
}

/** A Python string literal (a JSON string is one, with the escapes above). */
export const py = json;

/** A TOML basic string. */
export function toml(value: unknown): string {
  const s = wellFormed(str(value, 'toml'), 'toml');
  return `"${s.replace(/[\\"]/g, m => `\\${m}`).replace(UNSAFE, m => hex4(m.charCodeAt(0)))}"`;
}

/** An HCL (Terraform) quoted string: also neutralises `${` and `%{` template sequences. */
export function hcl(value: unknown): string {
  const s = wellFormed(str(value, 'hcl'), 'hcl');
  const body = s
    .replace(/[\\"]/g, m => `\\${m}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(UNSAFE, m => hex4(m.charCodeAt(0)))
    .replace(/\$\{/g, () => '$${') // a function: in a replacement string '$$' means '$'
    .replace(/%\{/g, () => '%%{');
  return `"${body}"`;
}

/**
 * An HCL (Terraform) object on one line from a map of strings, `{ KEY = "value", ... }` (`{}` when
 * empty): each value an `hcl` string, each key bare when it is an identifier, else quoted the same way.
 */
export function hclMap(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      `esc.hclMap: expected a map of strings, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : hcl(k)} = ${hcl(v)}`,
  );
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/** An HCL (Terraform) list on one line from an array of strings, `["a", "b"]`: each an `hcl` string. */
export function hclList(value: unknown): string {
  if (!Array.isArray(value)) throw new TypeError(`esc.hclList: expected an array of strings, got ${typeof value}`);
  return `[${value.map(v => hcl(v)).join(', ')}]`;
}

/** One POSIX shell word, single-quoted; a NUL cannot be passed in argv, so it is refused. */
export function sh(value: unknown): string {
  const s = str(value, 'sh');
  if (s.includes('\u0000')) throw new TypeError('esc.sh: a shell word cannot contain a NUL byte');
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A YAML scalar for a GitHub Actions workflow (`env:`, `with:`): every `${{` becomes an expression
 * that evaluates to the literal `${{`, so the runner never evaluates user text.
 */
export function gha(value: unknown): string {
  return yaml(str(value, 'gha').replace(/\$\{\{/g, "${{ '${{' }}"));
}

/** Markdown inline text: special characters escaped, HTML neutralised, one line. */
export function md(value: unknown): string {
  const s = wellFormed(str(value, 'md'), 'md');
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(UNSAFE, '')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, m => `\\${m}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export const escapers = { yaml, json, py, toml, hcl, hclMap, hclList, sh, gha, md } as const;
export type Escapers = typeof escapers;
