import type { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { registerOwnedLocation } from '@golden-path/node';
import { assertMayCreateFor, ownerRef } from './ownerPermission.js';
import { examples } from './register.examples.js';

export const REGISTER_ACTION_ID = 'golden-path:register';

export interface RegisterDeps {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
}

/**
 * golden-path:register — registers the new service's catalog-info.yaml on the initiator's behalf.
 * Only the platform group may register locations (catalog.location.create says nothing about whose
 * location it is), so this step does it with the backend's own credentials, and only after checking
 * that the initiator may create for the owner and that every entity in the file is owned by it (the
 * two checks run at once: the catalog's dry run writes nothing).
 */
export function createRegisterAction(deps: RegisterDeps) {
  return createTemplateAction({
    id: REGISTER_ACTION_ID,
    description:
      "Registers the published catalog-info.yaml in the catalog for the task's initiator, when every entity in it is owned by a group the initiator may create for.",
    examples,
    schema: {
      input: {
        catalogInfoUrl: z => z.string({ description: 'URL of the published catalog-info.yaml.' }),
        owner: z => z.string({ description: 'The owner the task creates for (payments or group:default/payments).' }),
      },
      output: {
        entityRef: z => z.string({ description: 'The registered Component (else the first entity).' }),
      },
    },
    async handler(ctx) {
      const { catalogInfoUrl, owner } = ctx.input;
      // Checked beside the catalog's dry run (which writes nothing): a registration waits for both.
      const authorized = ctx.getInitiatorCredentials().then(c => assertMayCreateFor(deps.permissions, owner, c));
      authorized.catch(() => {}); // awaited by registerOwnedLocation; not unhandled meanwhile
      const entityRef = await registerOwnedLocation(deps.catalog, {
        url: catalogInfoUrl,
        owner,
        credentials: await deps.auth.getOwnServiceCredentials(),
        sideEffect: register => ctx.checkpoint({ key: `register.${catalogInfoUrl}`, fn: register }),
        authorized,
      });
      ctx.logger.info(`Registered ${catalogInfoUrl} for ${ownerRef(owner)}`);
      ctx.output('entityRef', entityRef);
    },
  });
}
