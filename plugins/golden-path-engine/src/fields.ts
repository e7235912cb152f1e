import type { KubernetesValidatorFunctions, parseEntityRef } from '@backstage/catalog-model';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseFargateSize } from '@golden-path/common/fargate';
import { deriveEnvironments } from './environments.js';
import type { ValueIssue } from './errors.js';
import { awsNameProblem } from './names.js';

type FieldSchema = Record<string, unknown>;

/**
 * Computes `computed.<field>` from a field's (validated) value, or says why the value is not
 * acceptable (`problem`, in the words of a validation message: "must be ..."). `values` are the
 * other validated values when the whole form is prepared (absent when one field is checked alone).
 */
export type FieldDeriver = (
  value: unknown,
  schema: FieldSchema,
  values?: Record<string, unknown>,
) => { value: unknown } | { problem: string };

/** A parsed entity reference, as the catalog writes them: kind:namespace/name. */
export interface EntityRefParts {
  ref: string;
  /** The reference as the catalog writes it by hand: kind and namespace left out where they are the defaults. */
  short: string;
  kind: string;
  namespace: string;
  name: string;
}

const NOT_A_REF = 'must be an entity reference such as "group:default/payments" or "payments"';

interface CatalogRefs {
  parseEntityRef: typeof parseEntityRef;
  K8s: typeof KubernetesValidatorFunctions;
}
let catalogRefs: CatalogRefs | undefined;

/**
 * The catalog's entity-reference parser and naming rules, loaded on first use from their own
 * modules: @backstage/catalog-model's index loads all of it (zod, ajv, every kind's schema: about
 * 0.3 s of CPU), which every CLI start would pay. The index serves if its layout ever changes.
 */
function catalog(): CatalogRefs {
  if (catalogRefs) return catalogRefs;
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@backstage/catalog-model'));
  const load = <K extends string, T>(file: string, name: K): T => {
    try {
      return (require(join(dist, file)) as Record<K, T>)[name];
    } catch {
      return (require('@backstage/catalog-model') as Record<K, T>)[name];
    }
  };
  catalogRefs = {
    parseEntityRef: load('entity/ref.cjs.js', 'parseEntityRef'),
    K8s: load('validation/KubernetesValidatorFunctions.cjs.js', 'KubernetesValidatorFunctions'),
  };
  return catalogRefs;
}

/** The catalog's own parsing and naming rules, with the short form people write by hand. */
export function entityRefParts(value: string, defaultKind: string): EntityRefParts | string {
  const { parseEntityRef, K8s } = catalog();
  let parsed: { kind: string; namespace: string; name: string };
  try {
    parsed = parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch {
    return NOT_A_REF;
  }
  if (!K8s.isValidKind(parsed.kind) || !K8s.isValidNamespace(parsed.namespace) || !K8s.isValidObjectName(parsed.name))
    return NOT_A_REF;
  const kind = parsed.kind.toLowerCase();
  const { namespace, name } = parsed;
  const short = `${kind === defaultKind.toLowerCase() ? '' : `${kind}:`}${namespace === 'default' ? '' : `${namespace}/`}${name}`;
  return { ref: `${kind}:${namespace}/${name}`, short, kind, namespace, name };
}

const derived = <T>(r: T | string) => (typeof r === 'string' ? { problem: r } : { value: r });

/** An owner: a Group, never a User (CODEOWNERS and the on-call rota name a team). */
const groupRef: FieldDeriver = v => {
  const parts = entityRefParts(String(v), 'group');
  if (typeof parts !== 'string' && parts.kind !== 'group') {
    return {
      problem: `must be a Group (a team), not a ${parts.kind === 'user' ? 'User' : parts.kind}: CODEOWNERS and the on-call rota need a team, such as group:default/payments`,
    };
  }
  return derived(parts);
};

/**
 * The derivers every engine has, by `ui:field`: the portal uses the same names for its pickers,
 * so the form and the engine agree on what a field holds. More: `engine.registerDeriver`.
 */
export const BUILT_IN_DERIVERS: Record<string, FieldDeriver> = {
  OwnerPicker: groupRef,
  // Backstage's picker of the signed-in user's own groups: what the portal offers for an owner.
  MyGroupsPicker: groupRef,
  EntityPicker: (v, schema) => {
    const opts = (schema['ui:options'] ?? {}) as { defaultKind?: string };
    return derived(entityRefParts(String(v), (opts.defaultKind ?? 'component').toLowerCase()));
  },
  FargateSizePicker: v => derived(parseFargateSize(String(v))),
  // The portal's service name field: the name every AWS resource of the service is derived from.
  ServiceNamePicker: v => {
    const problem = awsNameProblem(String(v));
    return problem ? { problem } : { value: String(v) };
  },
  // The service's environments (infra/environments.yaml), in promotion order.
  EnvironmentsPicker: deriveEnvironments,
};

/** The deriver for a field, chosen by its `ui:field`. */
export function deriverFor(derivers: ReadonlyMap<string, FieldDeriver>, schema: FieldSchema): FieldDeriver | undefined {
  return derivers.get(String(schema['ui:field'] ?? ''));
}

/** Computes `computed[field]` for every field with a registered `ui:field`; problems become issues. */
export function computeFields(
  derivers: ReadonlyMap<string, FieldDeriver>,
  properties: Record<string, FieldSchema>,
  values: Record<string, unknown>,
): { computed: Record<string, unknown>; issues: ValueIssue[] } {
  const computed: Record<string, unknown> = {};
  const issues: ValueIssue[] = [];
  for (const [field, schema] of Object.entries(properties)) {
    const derive = deriverFor(derivers, schema);
    if (!derive || values[field] === undefined) continue;
    const out = derive(values[field], schema, values);
    if ('problem' in out) issues.push({ field, message: out.problem });
    else computed[field] = out.value;
  }
  return { computed, issues };
}
