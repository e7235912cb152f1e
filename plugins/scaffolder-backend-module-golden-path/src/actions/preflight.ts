import type { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { referenceIssues, referenceIssuesText, type EntityLookup } from '@golden-path/common';
import { assertMayCreateFor } from './ownerPermission.js';
import { examples } from './preflight.examples.js';

export const PREFLIGHT_ACTION_ID = 'golden-path:preflight';

export interface PreflightDeps {
  catalog: CatalogService;
  auth: AuthService;
  /** Decides whether the task's initiator may create a service owned by the owner Group. */
  permissions: PermissionsService;
}

/**
 * golden-path:preflight — the step before anything is rendered or published: the owner is an existing
 * Group, the system an existing System, and no catalog entity `component:default/<name>` exists, in
 * whatever organisation its repository lives (one name, one service); then the task's initiator must
 * be allowed to create a service for that Group (golden-path.service.create). It reads the catalog
 * with the backend's own credentials: whether a name is taken must not depend on what the user may see.
 */
export function createPreflightAction(deps: PreflightDeps) {
  return createTemplateAction({
    id: PREFLIGHT_ACTION_ID,
    description:
      'Fails the task, naming the field, when the owner is not an existing Group, the system not an existing System, or component:default/<name> is already in the catalog.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({ description: 'The service name; component:default/<name> must not be in the catalog yet.' }),
        owner: z =>
          z.string({ description: 'The owning team: a Group of the catalog (payments or group:default/payments).' }),
        system: z =>
          z
            .string({
              description: 'The System the service belongs to (payments or system:default/payments), if any.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const credentials = await deps.auth.getOwnServiceCredentials();
      const lookup: EntityLookup = async refs =>
        (await deps.catalog.getEntitiesByRefs({ entityRefs: refs, fields: ['kind'] }, { credentials })).items.map(
          e => e ?? undefined,
        );
      const issues = await referenceIssues(ctx.input, lookup);
      if (issues.length) throw new InputError(referenceIssuesText(issues));

      await assertMayCreateFor(deps.permissions, ctx.input.owner, await ctx.getInitiatorCredentials());
      ctx.logger.info(`${ctx.input.owner} and ${ctx.input.system ?? 'no system'} exist; ${ctx.input.name} is free`);
    },
  });
}
