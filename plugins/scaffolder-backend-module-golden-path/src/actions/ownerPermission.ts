import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathServiceCreatePermission } from '@golden-path/common';

/** The owner as a full entity ref (`payments` → `group:default/payments`). */
export function ownerRef(owner: string): string {
  return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
}

/**
 * Throws NotAllowedError, naming the owner field, unless these credentials may create a service owned
 * by `owner` (golden-path.service.create on the owner Group: its members and the platform group).
 */
export async function assertMayCreateFor(
  permissions: PermissionsService,
  owner: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const ref = ownerRef(owner);
  const [decision] = await permissions.authorize(
    [{ permission: goldenPathServiceCreatePermission, resourceRef: ref }],
    { credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`owner: you may not create a service owned by ${ref}; choose a Group you belong to`);
}
