import { parseEntityRef } from '@backstage/catalog-model';
import type { PermissionCondition, PermissionCriteria, PolicyDecision } from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

// Conditions are data the owning plugin evaluates with its own rules (the catalog's IS_ENTITY_KIND,
// HAS_METADATA, IS_ENTITY_OWNER; the scaffolder's IS_TASK_OWNER): written out here because their
// factories live in the plugin packages, which a module does not import.

type Criteria = PermissionCriteria<PermissionCondition<string>>;

function conditional(pluginId: string, resourceType: string, conditions: Criteria): PolicyDecision {
  return { result: AuthorizeResult.CONDITIONAL, pluginId, resourceType, conditions };
}

const entity = (rule: string, params: PermissionCondition<string>['params']): PermissionCondition<string> => ({
  rule,
  resourceType: 'catalog-entity',
  params,
});

/**
 * The catalog entity is one of these groups (the user's ownership refs, of which the Groups count).
 * DENY when there is none, rather than an empty `anyOf`.
 */
export function isOneOfGroups(ownershipRefs: readonly string[]): PolicyDecision {
  const [first, ...rest] = ownershipRefs
    .map(ref => parseEntityRef(ref))
    .filter(ref => ref.kind.toLowerCase() === 'group')
    .map(g => ({
      allOf: [
        entity('IS_ENTITY_KIND', { kinds: ['Group'] }),
        entity('HAS_METADATA', { key: 'namespace', value: g.namespace }),
        entity('HAS_METADATA', { key: 'name', value: g.name }),
      ] as [PermissionCondition<string>, ...PermissionCondition<string>[]],
    }));
  if (!first) return { result: AuthorizeResult.DENY };
  return conditional('catalog', 'catalog-entity', { anyOf: [first, ...rest] });
}

/** The catalog entity is owned by one of these refs (its ownedBy relation). */
export function isOwnedBy(ownershipRefs: readonly string[]): PolicyDecision {
  return conditional('catalog', 'catalog-entity', entity('IS_ENTITY_OWNER', { claims: [...ownershipRefs] }));
}

/** The scaffolder task was created by this user. */
export function isTaskOf(userEntityRef: string): PolicyDecision {
  return conditional('scaffolder', 'scaffolder-task', {
    rule: 'IS_TASK_OWNER',
    resourceType: 'scaffolder-task',
    params: { createdBy: [userEntityRef] },
  });
}
