import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import { actionContext } from '../testing/context.js';
import { createPreflightAction } from './preflight.js';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** The catalog of catalog/org.yaml, in Backstage's in-memory catalog, plus one existing service. */
const catalog = () =>
  catalogServiceMock({
    entities: [
      entity('Group', 'payments'),
      entity('User', 'ada'),
      entity('System', 'payments'),
      entity('Template', 'python-django-service'),
      entity('Component', 'ledger'),
    ],
  });

/** A policy that lets the initiator create services for `groups` only; records what it was asked. */
function permissionsFor(groups: string[], asked: string[] = []): PermissionsService {
  return {
    authorize: async requests =>
      requests.map(r => {
        const ref = (r as { resourceRef?: string }).resourceRef ?? '';
        asked.push(`${r.permission.name} ${ref}`);
        return { result: groups.includes(ref) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  } as PermissionsService;
}

async function run(
  input: Record<string, string>,
  permissions = permissionsFor(['group:default/payments']),
): Promise<Error | undefined> {
  const action = createPreflightAction({ catalog: catalog(), auth: mockServices.auth(), permissions });
  return action.handler(actionContext(input).ctx).then(
    () => undefined,
    (e: Error) => e,
  );
}

describe('golden-path:preflight', () => {
  it('passes an existing Group and System and a free name, in short or full form', async () => {
    expect(await run({ name: 'payments-ledger', owner: 'payments', system: 'payments' })).toBeUndefined();
    expect(
      await run({ name: 'payments-ledger', owner: 'group:default/payments', system: 'system:default/payments' }),
    ).toBeUndefined();
  });

  it.each([
    [
      { owner: 'group:default/no-such-team' },
      'owner: group:default/no-such-team does not exist in the catalog; choose a Group you belong to',
    ],
    [{ owner: 'user:default/ada' }, 'owner: user:default/ada is not a Group; choose a Group you belong to'],
    [
      { owner: 'template:default/python-django-service' },
      'owner: template:default/python-django-service is not a Group; choose a Group you belong to',
    ],
    [
      { system: 'no-such-system' },
      'system: system:default/no-such-system does not exist in the catalog; choose a System from the catalog',
    ],
    [
      { system: 'group:default/payments' },
      'system: group:default/payments is not a System; choose a System from the catalog',
    ],
    [{ owner: 'a:b:c/d' }, 'owner: "a:b:c/d" is not an entity reference such as group:default/payments'],
  ])('refuses %j naming the field', async (bad, message) => {
    const error = await run({ name: 'payments-ledger', owner: 'payments', system: 'payments', ...bad });
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toBe(message);
  });

  it('refuses a name the catalog already has, whatever the organisation, with every other problem', async () => {
    const error = await run({ name: 'ledger', owner: 'ada', system: 'nope' });
    expect(error?.message).toBe(
      [
        'name: component:default/ledger already exists in the catalog (maybe in another organisation); choose another name',
        'owner: group:default/ada does not exist in the catalog; choose a Group you belong to',
        'system: system:default/nope does not exist in the catalog; choose a System from the catalog',
      ].join('\n'),
    );
  });

  it("refuses an owner Group the initiator may not create services for, after the catalog's checks", async () => {
    const asked: string[] = [];
    const error = await run(
      { name: 'payments-ledger', owner: 'payments' },
      permissionsFor(['group:default/risk'], asked),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error?.message).toBe(
      'owner: you may not create a service owned by group:default/payments; choose a Group you belong to',
    );
    expect(asked).toEqual(['golden-path.service.create group:default/payments']);
    // An owner that does not exist is refused by the catalog check, before the policy is asked.
    const none: string[] = [];
    await run({ name: 'payments-ledger', owner: 'ghosts' }, permissionsFor([], none));
    expect(none).toEqual([]);
  });

  it('checks the owner and the name only when there is no system', async () => {
    expect(await run({ name: 'fraud-scorer', owner: 'payments' })).toBeUndefined();
  });
});
