import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathServiceCreatePermission, ownerRef } from '@golden-path/common';

/**
 * Throws NotAllowedError, naming the owner field, unless these credentials may create a service owned
 * by `owner` (golden-path.service.create on the owner Group: its members and the platform group).
 * The same rule decides who may upgrade a service (`refusal` then says what was refused).
 */
export async function assertMayCreateFor(
  permissions: PermissionsService,
  owner: string,
  credentials: BackstageCredentials,
  refusal = (ref: string) => `owner: you may not create a service owned by ${ref}; choose a Group you belong to`,
): Promise<void> {
  const ref = ownerRef(owner);
  const [decision] = await permissions.authorize(
    [{ permission: goldenPathServiceCreatePermission, resourceRef: ref }],
    { credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(refusal(ref));
}
