import type { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
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
 * that the initiator may create for the owner and that every entity in the file is owned by it.
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
      await assertMayCreateFor(deps.permissions, owner, await ctx.getInitiatorCredentials());
      const credentials = await deps.auth.getOwnServiceCredentials();
      const location = { type: 'url', target: catalogInfoUrl };

      const dryRun = await deps.catalog.addLocation({ ...location, dryRun: true }, { credentials });
      // The dry run lists the Location the catalog makes for the URL itself first; the file's own follow.
      const entities = dryRun.entities.filter(e => !(e.kind === 'Location' && e.spec?.target === catalogInfoUrl));
      const expected = ownerRef(owner);
      const ownedBy = (e: Entity) => (typeof e.spec?.owner === 'string' ? ownerRef(e.spec.owner) : undefined);
      const foreign = entities.filter(e => ownedBy(e) !== expected);
      if (foreign.length) {
        const refs = foreign.map(e => stringifyEntityRef(e)).join(', ');
        throw new NotAllowedError(`${catalogInfoUrl}: ${refs} not owned by ${expected}; nothing registered`);
      }
      const main = entities.find(e => e.kind === 'Component') ?? entities[0];
      if (!main) throw new NotAllowedError(`${catalogInfoUrl} holds no entity; nothing registered`);

      await ctx.checkpoint({
        key: `register.${catalogInfoUrl}`,
        fn: async () => {
          await deps.catalog.addLocation(location, { credentials });
        },
      });
      ctx.logger.info(`Registered ${catalogInfoUrl} for ${expected}`);
      ctx.output('entityRef', stringifyEntityRef(main));
    },
  });
}
