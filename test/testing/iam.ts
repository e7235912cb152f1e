/**
 * The part of IAM's policy evaluation the golden paths' policies use, for tests that judge a
 * rendered policy (as the AWS provider computes it) against requests: Allow and Deny statements (an
 * explicit Deny wins), Action and Resource with IAM's wildcards, a Federated principal, and the
 * condition operators StringEquals and StringLike with their IfExists forms: every operator must
 * hold, any one of its values may match, and a key the request does not carry fails it (passes it
 * with IfExists). Anything else (NotAction, NotResource, NotPrincipal, another operator) throws, so
 * a policy that grows one fails its test rather than being judged wrongly.
 */

/** What is asked: the action, the resource (identity policies), the caller (trust policies) and the condition keys. */
export interface IamRequest {
  action: string;
  resource?: string;
  federated?: string;
  context?: Record<string, string>;
}

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: { Federated?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
  [other: string]: unknown;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's wildcards: `*` any run of characters, `?` any one. */
function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (a, e) => a === e,
  StringLike: (a, e) => wildcard(e, a),
};

function conditionHolds(operator: string, keys: Record<string, string | string[]>, context: Record<string, string>) {
  const ifExists = operator.endsWith('IfExists');
  const test = OPERATORS[ifExists ? operator.slice(0, -'IfExists'.length) : operator];
  if (!test) throw new Error(`the evaluator does not know the condition operator ${operator}`);
  return Object.entries(keys).every(([key, values]) => {
    const actual = context[key];
    if (actual === undefined) return ifExists;
    return list(values).some(v => test(actual, v));
  });
}

function applies(s: Statement, request: IamRequest): boolean {
  for (const unsupported of ['NotAction', 'NotResource', 'NotPrincipal']) {
    if (unsupported in s) throw new Error(`the evaluator does not know ${unsupported}`);
  }
  if (!list(s.Action).some(a => wildcard(a, request.action, true))) return false;
  if (s.Resource !== undefined && !list(s.Resource).some(r => request.resource && wildcard(r, request.resource)))
    return false;
  if (s.Principal !== undefined && !list(s.Principal.Federated).some(p => p === request.federated)) return false;
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
    conditionHolds(operator, keys, request.context ?? {}),
  );
}

/** Whether `policy` (a policy document's JSON) allows `request`. */
export function iamAllows(policy: string, request: IamRequest): boolean {
  const statements = (JSON.parse(policy) as { Statement: Statement[] }).Statement;
  const matching = statements.filter(s => applies(s, request));
  return matching.some(s => s.Effect === 'Allow') && !matching.some(s => s.Effect === 'Deny');
}
