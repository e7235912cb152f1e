import { parseFargateSize } from './fargate.js';
import type { ValueIssue } from './errors.js';

/** A parsed entity reference, as the catalog writes them: kind:namespace/name. */
export interface EntityRefParts {
  ref: string;
  /** The reference as the catalog writes it by hand: kind and namespace left out where they are the defaults. */
  short: string;
  kind: string;
  namespace: string;
  name: string;
}

const ENTITY_REF =
  /^(?:([A-Za-z][A-Za-z0-9]*):)?(?:([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\/)?([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)$/;

export function parseEntityRef(value: string, defaultKind: string): EntityRefParts | string {
  const m = ENTITY_REF.exec(value);
  if (!m || value.length > 253) return 'must be an entity reference such as "group:default/payments" or "payments"';
  const kind = (m[1] ?? defaultKind).toLowerCase();
  const namespace = m[2] ?? 'default';
  const name = m[3]!;
  const short = `${kind === defaultKind.toLowerCase() ? '' : `${kind}:`}${namespace === 'default' ? '' : `${namespace}/`}${name}`;
  return { ref: `${kind}:${namespace}/${name}`, short, kind, namespace, name };
}

type Deriver = (value: unknown, schema: Record<string, unknown>) => unknown | { issue: string };

/**
 * Values derived in code from a field's value, chosen by the field's `ui:field`; the portal uses the
 * same `ui:field` names for its pickers, so the form and the engine agree on what a field holds.
 */
const DERIVERS: Record<string, Deriver> = {
  OwnerPicker: v => asIssue(parseEntityRef(String(v), 'group')),
  EntityPicker: (v, schema) => {
    const opts = (schema['ui:options'] ?? {}) as { defaultKind?: string };
    return asIssue(parseEntityRef(String(v), (opts.defaultKind ?? 'component').toLowerCase()));
  },
  FargateSizePicker: v => asIssue(parseFargateSize(String(v))),
};

function asIssue<T>(r: T | string): T | { issue: string } {
  return typeof r === 'string' ? { issue: r } : r;
}

/** Computes `computed[field]` for every field with a known `ui:field`; problems become issues. */
export function computeFields(
  properties: Record<string, Record<string, unknown>>,
  values: Record<string, unknown>,
): { computed: Record<string, unknown>; issues: ValueIssue[] } {
  const computed: Record<string, unknown> = {};
  const issues: ValueIssue[] = [];
  for (const [field, schema] of Object.entries(properties)) {
    const derive = DERIVERS[String(schema['ui:field'] ?? '')];
    if (!derive || values[field] === undefined) continue;
    const out = derive(values[field], schema);
    if (out && typeof out === 'object' && 'issue' in out) issues.push({ field, message: String(out.issue) });
    else computed[field] = out;
  }
  return { computed, issues };
}
