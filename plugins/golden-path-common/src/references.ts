import { KubernetesValidatorFunctions as K8s, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** What a new service refers to in the catalog, as the form or the values file gives it. */
export interface ServiceReferences {
  /** The service name: `component:default/<name>` must not exist yet. */
  name: string;
  /** The owning team: a Group (`payments` or `group:default/payments`). */
  owner: string;
  /** The System it belongs to (`payments` or `system:default/payments`), when the golden path has one. */
  system?: string;
}

/** One field's problem, in the engine's `{ field, message }` shape. */
export interface ReferenceIssue {
  field: 'name' | 'owner' | 'system';
  message: string;
}

/**
 * Looks entity refs up in a catalog: one answer per ref, in order, undefined where there is no such
 * entity. The backend passes the catalog service, the CLI the catalog's REST API.
 */
export type EntityLookup = (refs: string[]) => Promise<({ kind: string } | undefined)[]>;

const KINDS = {
  owner: { kind: 'Group', advice: 'choose a Group you belong to' },
  system: { kind: 'System', advice: 'choose a System from the catalog' },
} as const;

/** `group:default/payments` from `payments`, or a problem naming the field. */
function refOf(field: keyof typeof KINDS, value: string): { ref: string } | ReferenceIssue {
  const { kind, advice } = KINDS[field];
  const notARef = {
    field,
    message: `"${value}" is not an entity reference such as ${kind.toLowerCase()}:default/payments`,
  };
  let parsed;
  try {
    parsed = parseEntityRef(value, { defaultKind: kind.toLowerCase(), defaultNamespace: 'default' });
  } catch {
    return notARef;
  }
  // The catalog's own naming rules: parseEntityRef alone takes "a:b:c/d" apart without complaint.
  if (!K8s.isValidKind(parsed.kind) || !K8s.isValidNamespace(parsed.namespace) || !K8s.isValidObjectName(parsed.name))
    return notARef;
  const ref = stringifyEntityRef(parsed);
  if (parsed.kind.toLowerCase() !== kind.toLowerCase()) return { field, message: `${ref} is not a ${kind}; ${advice}` };
  return { ref };
}

/**
 * Are a new service's references real, and is its name free? The owner must be an existing Group,
 * the system an existing System, and `component:default/<name>` must not exist, whatever the GitHub
 * organisation of the service that holds it. Empty when all is well; one issue per field otherwise.
 */
export async function referenceIssues(refs: ServiceReferences, lookup: EntityLookup): Promise<ReferenceIssue[]> {
  const issues: ReferenceIssue[] = [];
  const asked: { field: ReferenceIssue['field']; ref: string }[] = [
    { field: 'name', ref: stringifyEntityRef({ kind: 'component', namespace: 'default', name: refs.name }) },
  ];
  for (const field of ['owner', 'system'] as const) {
    const value = refs[field];
    if (value === undefined) continue;
    const r = refOf(field, value);
    if ('message' in r) issues.push(r);
    else asked.push({ field, ref: r.ref });
  }
  const found = await lookup(asked.map(a => a.ref));
  asked.forEach(({ field, ref }, i) => {
    const exists = found[i] !== undefined;
    if (field === 'name') {
      if (exists)
        issues.push({
          field,
          message: `${ref} already exists in the catalog (maybe in another organisation); choose another name`,
        });
    } else if (!exists) {
      issues.push({ field, message: `${ref} does not exist in the catalog; ${KINDS[field].advice}` });
    }
  });
  const order = ['name', 'owner', 'system'];
  return issues.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** The issues as one line each, `field: message`, the way every error of ours names its field. */
export function referenceIssuesText(issues: ReferenceIssue[]): string {
  return issues.map(i => `${i.field}: ${i.message}`).join('\n');
}
