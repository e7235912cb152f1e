import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionContext } from '../testing/context.js';
import { examples } from './register.examples.js';
import { createRegisterAction } from './register.js';

const URL = 'https://github.com/acme-fintech/payments-ledger/blob/main/catalog-info.yaml';

/** An entity with an owner, or a Location with a target. */
const entity = (kind: string, name: string, owner?: string, target?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: owner ? { owner } : { target },
});

/** The catalog's location API as the action uses it: a dry run lists `entities`; records every call. */
function catalogWith(entities: Entity[], calls: string[] = []) {
  const addLocation: CatalogService['addLocation'] = async (request, options) => {
    calls.push(`${request.dryRun ? 'dry-run' : 'add'} ${request.target} as ${options.credentials.principal.type}`);
    return { location: { id: '1', type: 'url', target: request.target }, entities: request.dryRun ? entities : [] };
  };
  return { addLocation } as unknown as CatalogService;
}

/** Lets the initiator create for `groups` only. */
const permissionsFor = (groups: string[]) =>
  ({
    authorize: async requests =>
      requests.map(r => ({
        result: groups.includes((r as { resourceRef?: string }).resourceRef ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
  }) as PermissionsService;

async function run(owner: string, entities: Entity[], groups = ['group:default/payments']) {
  const calls: string[] = [];
  const action = createRegisterAction({
    catalog: catalogWith(entities, calls),
    auth: mockServices.auth(),
    permissions: permissionsFor(groups),
  });
  const { ctx, outputs } = actionContext({ catalogInfoUrl: URL, owner });
  const error = await action.handler(ctx).then(
    () => undefined,
    (e: Error) => e,
  );
  return { error, calls, outputs };
}

const service = [entity('Location', 'generated-1', undefined, URL), entity('Component', 'payments-ledger', 'payments')];

describe('golden-path:register', () => {
  it("registers the service as the backend for a member of the owner's group", async () => {
    const { error, calls, outputs } = await run('payments', service);
    expect(error).toBeUndefined();
    expect(calls).toEqual([`dry-run ${URL} as service`, `add ${URL} as service`]);
    expect(outputs.entityRef).toBe('component:default/payments-ledger');
  });

  it('refuses an owner the initiator may not create for: the dry run at most, nothing registered', async () => {
    const { error, calls } = await run('group:default/risk', service);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error?.message).toMatch(/^owner: .*group:default\/risk/);
    expect(calls).toEqual([`dry-run ${URL} as service`]);
  });

  it("refuses with the initiator's refusal when the file names another team too", async () => {
    const { error, calls } = await run('group:default/risk', [...service, entity('Component', 'their-api', 'risk')]);
    expect(error?.message).toMatch(/^owner: .*group:default\/risk/);
    expect(calls).toEqual([`dry-run ${URL} as service`]);
  });

  it('registers nothing when an entity in the file has another owner, or none', async () => {
    for (const stranger of [
      entity('Component', 'their-api', 'risk'),
      entity('Location', 'more', undefined, 'https://github.com/acme-fintech/other/blob/main/x.yaml'),
    ]) {
      const { error, calls } = await run('payments', [...service, stranger]);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error?.message).toContain(`:default/${stranger.metadata.name} not owned by group:default/payments`);
      expect(calls).toEqual([`dry-run ${URL} as service`]);
    }
  });

  it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_description, example) => {
    const [step] = (parse(example) as { steps: { input: { catalogInfoUrl: string; owner: string } }[] }).steps;
    const { error, calls } = await run(step!.input.owner, service);
    expect(error).toBeUndefined();
    expect(calls.at(-1)).toBe(`add ${step!.input.catalogInfoUrl} as service`);
  });
});
