/**
 * What `<%= x %>` may print without an escaper: numbers, booleans and strings of characters that
 * mean nothing special in YAML, HCL, shell, JSON, TOML, Markdown or a workflow expression.
 * Anything else must go through the escaper of its output format, so a forgotten escaper fails
 * the render (and the template's tests) instead of shipping an injection.
 */
const SAFE = /^[A-Za-z0-9 ._\-/:@+]*$/;

/** Sequences made of safe characters that still mean something: an option, a comment, a YAML key. */
const UNSAFE_SEQUENCE = /^[-@]|\/\/|: |:$/;

export function safeOutput(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && SAFE.test(value) && !UNSAFE_SEQUENCE.test(value)) {
    return value;
  }
  const shown =
    typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : String(value);
  throw new Error(
    `<%= %> refused ${shown}: only numbers, booleans and plain words may be printed unescaped; ` +
      `use <%- esc.<format>(...) %> for free text`,
  );
}
