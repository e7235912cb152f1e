/**
 * Evaluates a GitHub Actions `if:` expression against a context, as the runner does, for the part
 * of the language the generated workflows use: literals ('text', numbers, true/false/null),
 * property paths (github.event.pull_request.number, needs.x.outputs.y), `!`, `==`/`!=`, `&&`/`||`
 * (which yield an operand, not a boolean), parentheses, the status functions success(),
 * failure(), cancelled() and always(), and format('{0}...', ...). A `${{ }}` wrapper is optional. Anything else is refused,
 * so a test cannot pass on an expression it did not understand.
 * (docs.github.com: "Evaluate expressions in workflows and actions".)
 */
export interface ExpressionContext {
  [name: string]: unknown;
  /** The job's status functions; default: success() is true, failure()/cancelled() false. */
  status?: { success?: boolean; failure?: boolean; cancelled?: boolean };
}

type Token = { kind: 'op' | 'str' | 'num' | 'path' | 'call' | 'fn'; text: string; value?: unknown };

const TOKEN =
  /\s*(?:(==|!=|&&|\|\||!|\(|\)|,)|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)\(\s*\)|([A-Za-z_][\w-]*)\(|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`cannot read the expression at ${JSON.stringify(source.slice(at))}`);
    if (m[1]) tokens.push({ kind: 'op', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[0], value: m[2].replaceAll("''", "'") });
    else if (m[3]) tokens.push({ kind: 'num', text: m[3], value: Number(m[3]) });
    else if (m[4]) tokens.push({ kind: 'call', text: m[4] });
    else if (m[5]) tokens.push({ kind: 'fn', text: m[5] });
    else tokens.push({ kind: 'path', text: m[6]! });
  }
  return tokens;
}

const truthy = (v: unknown) => !(v === null || v === undefined || v === false || v === 0 || v === '');

/** GitHub compares strings case-insensitively; other types by value. */
const equal = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === (b ?? null);

export function evaluate(expression: string, context: ExpressionContext): unknown {
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i]?.text;
  const expect = (text: string) => {
    if (tokens[i]?.text !== text) throw new Error(`expected ${text} at token ${i} of ${source}`);
    i++;
  };
  const primary = (): unknown => {
    const t = tokens[i++];
    if (!t) throw new Error(`unexpected end of ${source}`);
    if (t.kind === 'op' && t.text === '!') return !truthy(primary());
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind === 'str' || t.kind === 'num') return t.value;
    if (t.kind === 'call') {
      const s = { success: true, failure: false, cancelled: false, ...context.status };
      if (t.text === 'always') return true;
      if (t.text === 'success' || t.text === 'failure' || t.text === 'cancelled') return s[t.text];
      throw new Error(`function ${t.text}() is not known to this evaluator`);
    }
    if (t.kind === 'fn') {
      const args = [or()];
      while (peek() === ',') {
        i++;
        args.push(or());
      }
      expect(')');
      if (t.text !== 'format') throw new Error(`function ${t.text}() is not known to this evaluator`);
      // GitHub's format: {N} is the Nth argument after the string, {{ and }} are braces.
      return String(args[0]).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n?: string) =>
        n === undefined ? m[0]! : String(args[Number(n) + 1] ?? ''),
      );
    }
    if (t.kind === 'path') {
      if (t.text === 'true' || t.text === 'false') return t.text === 'true';
      if (t.text === 'null') return null;
      return t.text
        .split('.')
        .reduce<unknown>(
          (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
          context,
        );
    }
    throw new Error(`unexpected ${t.text} in ${source}`);
  };
  const comparison = (): unknown => {
    const left = primary();
    const op = peek();
    if (op !== '==' && op !== '!=') return left;
    i++;
    const right = primary();
    return op === '==' ? equal(left, right) : !equal(left, right);
  };
  const and = (): unknown => {
    let v = comparison();
    while (peek() === '&&') {
      i++;
      const right = comparison();
      v = truthy(v) ? right : v;
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (peek() === '||') {
      i++;
      const right = and();
      v = truthy(v) ? v : right;
    }
    return v;
  };
  const value = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]!.text} in ${source}`);
  return value;
}

/**
 * Whether a job or step with this `if:` runs in `context`: GitHub adds `success() &&` to a
 * condition that calls no status function (and no `if:` means success()).
 */
export function runs(condition: string | undefined, context: ExpressionContext): boolean {
  const status = /\b(?:success|failure|cancelled|always)\(\s*\)/.test(condition ?? '');
  const value = truthy(evaluate(condition ?? 'true', context));
  return status ? value : value && (context.status?.success ?? true);
}
