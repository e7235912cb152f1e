import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
  type EntityPolicy,
} from '@backstage/catalog-model';
import { baseName } from '../files.js';
import type { Validator, ValidatorOutcome } from '../types.js';
import { parseYamlSource } from '../yaml-source.js';

/** The catalog's own policies, schema first as the catalog applies them; each may fill defaults. */
const POLICIES: [string, EntityPolicy][] = [
  ['schema', new SchemaValidEntityPolicy()],
  ['namespace', new DefaultNamespaceEntityPolicy()],
  ['root fields', new NoForeignRootFieldsEntityPolicy()],
  ['field format', new FieldFormatEntityPolicy()],
];

const KIND_VALIDATORS = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/** Kinds whose entities must name an owner (users, groups and locations have none). */
const OWNED_KINDS = new Set(['component', 'api', 'resource', 'system', 'domain', 'template']);

/** catalog-info.yaml holds entities the catalog accepts, each with an owner. */
export const catalogValidator: Validator = {
  name: 'catalog',
  appliesTo: files => files.map(f => f.path).filter(f => /^catalog-info\.ya?ml$/.test(baseName(f))),
  async run(dir, files) {
    const findings: ValidatorOutcome['findings'] = [];
    for (const file of files) {
      const source = parseYamlSource(await readFile(path.join(dir, file), 'utf8'));
      const entities = source.documents.filter(doc => doc.contents !== null);
      if (entities.length === 0) findings.push({ file, severity: 'error', message: 'holds no entity' });
      for (const doc of entities) {
        if (doc.errors.length > 0) continue; // reported by the yaml validator
        const line = doc.contents?.range ? source.lineOf(doc.contents.range[0]) : undefined;
        for (const message of await checkEntity(doc.toJS() as unknown)) {
          findings.push({ file, line, severity: 'error', message });
        }
      }
    }
    return { findings };
  },
};

/** The reasons the catalog would reject this entity, or none. */
export async function checkEntity(data: unknown): Promise<string[]> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['an entity must be a mapping'];
  const problems: string[] = [];
  let entity = data as Entity;
  const label = `${String(entity.kind)} ${String(entity.metadata?.name)}`;
  for (const [name, policy] of POLICIES) {
    try {
      entity = (await policy.enforce(entity)) ?? entity;
    } catch (error) {
      problems.push(`${label}: ${name} policy: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) return problems; // the kind validators assume a well-formed envelope

  const ownerProblems = OWNED_KINDS.has(String(entity.kind).toLowerCase()) ? checkOwner(label, entity) : [];
  let known = false;
  for (const validator of KIND_VALIDATORS) {
    try {
      known = (await validator.check(entity)) || known;
    } catch (error) {
      known = true;
      const message = (error as Error).message;
      // The kind's schema also requires an owner: said once, by the owner check.
      if (!(ownerProblems.length && /\bowner\b/.test(message))) problems.push(`${label}: ${message}`);
    }
  }
  if (!known) problems.push(`${label}: unknown kind or apiVersion (${String(entity.apiVersion)})`);
  return [...problems, ...ownerProblems];
}

function checkOwner(label: string, entity: Entity): string[] {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') return [`${label}: has no owner (spec.owner)`];
  try {
    parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: entity.metadata.namespace });
    return [];
  } catch (error) {
    return [`${label}: spec.owner is not an entity reference: ${(error as Error).message}`];
  }
}
