import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import type * as ScaffolderPermissions from '@backstage/plugin-scaffolder-common/alpha';
import { goldenPathServiceCreatePermission } from '@golden-path/common';
import { createRequire } from 'node:module';
import { isOneOfGroups, isOwnedBy, isTaskOf } from './conditions.js';

// The CommonJS build: the ES module one imports `lodash/uniqBy` without an extension, which Node's
// ESM loader cannot resolve.
const {
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} = createRequire(import.meta.url)('@backstage/plugin-scaffolder-common/alpha') as typeof ScaffolderPermissions;

/**
 * What only the platform group does: author golden paths (a dry-run runs an inline template) and
 * register or delete locations (the catalog's location permissions carry no resource, so "whose
 * location" cannot be asked; a service's own location is registered by the golden path after the
 * owner check).
 */
const PLATFORM_ONLY = new Set(
  [
    templateDryRunPermission,
    templateManagementPermission,
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogEntityCreatePermission,
    catalogIngestionManagePermission,
  ].map(p => p.name),
);

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The portal's policy (docs/backend.md, "Security model"). Members of the platform group may do
 * everything. Others: start tasks (and the form's preview) only as a member of a group, create
 * services only for their own groups, delete only entities they own,
 * see and cancel only their own tasks, nothing of PLATFORM_ONLY; everything else (reading) is
 * allowed to every signed-in user. Backend-to-backend calls never reach a policy.
 */
export class GoldenPathPermissionPolicy implements PermissionPolicy {
  private readonly platformGroup: string;

  constructor(options: { platformGroup: string }) {
    this.platformGroup = options.platformGroup;
  }

  async handle({ permission }: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) return DENY;
    const { userEntityRef, ownershipEntityRefs } = user.info;
    if (ownershipEntityRefs.includes(this.platformGroup)) return ALLOW;
    if (PLATFORM_ONLY.has(permission.name)) return DENY;
    switch (permission.name) {
      case taskCreatePermission.name:
        // What a task creates is owned by one of the user's groups: with none there is nothing to start.
        return ownershipEntityRefs.some(ref => parseEntityRef(ref).kind.toLowerCase() === 'group') ? ALLOW : DENY;
      case goldenPathServiceCreatePermission.name:
        return isOneOfGroups(ownershipEntityRefs);
      case catalogEntityDeletePermission.name:
        return isOwnedBy(ownershipEntityRefs);
      case taskReadPermission.name:
      case taskCancelPermission.name:
        return isTaskOf(userEntityRef);
      default:
        return ALLOW;
    }
  }
}
