import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating a service owned by a group. A resource permission on the catalog: the resource is the
 * owner Group's entity ref, so the policy can answer "members of that group" and the catalog checks
 * it (an owner that does not exist is no resource, hence refused).
 */
export const goldenPathServiceCreatePermission = createPermission({
  name: 'golden-path.service.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** The owner a service is created for, as a full entity ref (`payments` → `group:default/payments`). */
export function ownerRef(owner: string): string {
  return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
}
