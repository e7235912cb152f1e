import { catalogEntityReadPermission, catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { goldenPathServiceCreatePermission } from '@golden-path/common';
import { describe, expect, it } from 'vitest';
import { GoldenPathPermissionPolicy } from './policy.js';

const policy = new GoldenPathPermissionPolicy({ platformGroup: 'group:default/platform' });
const user = (userEntityRef: string, ...groups: string[]) =>
  ({ info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] } }) as unknown as PolicyQueryUser;
const ada = user('user:default/ada', 'group:default/payments');
const lin = user('user:default/lin', 'group:default/platform');

describe('GoldenPathPermissionPolicy', () => {
  it('lets a member create for their own groups only: a catalog condition on the owner Group', async () => {
    const decision = await policy.handle({ permission: goldenPathServiceCreatePermission }, ada);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            allOf: [
              { rule: 'IS_ENTITY_KIND', resourceType: 'catalog-entity', params: { kinds: ['Group'] } },
              { rule: 'HAS_METADATA', resourceType: 'catalog-entity', params: { key: 'namespace', value: 'default' } },
              { rule: 'HAS_METADATA', resourceType: 'catalog-entity', params: { key: 'name', value: 'payments' } },
            ],
          },
        ],
      },
    });
  });

  it('refuses creating, and starting any task, to a user in no group, and everything to a caller without a user', async () => {
    const loner = user('user:default/loner');
    for (const permission of [goldenPathServiceCreatePermission, taskCreatePermission]) {
      expect((await policy.handle({ permission }, loner)).result).toBe(AuthorizeResult.DENY);
    }
    expect((await policy.handle({ permission: taskCreatePermission }, ada)).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: catalogEntityReadPermission })).result).toBe(AuthorizeResult.DENY);
  });

  it('keeps dry-run and location deletion for the platform group', async () => {
    for (const permission of [templateDryRunPermission, catalogLocationDeletePermission]) {
      expect((await policy.handle({ permission }, ada)).result).toBe(AuthorizeResult.DENY);
      expect((await policy.handle({ permission }, lin)).result).toBe(AuthorizeResult.ALLOW);
    }
    expect((await policy.handle({ permission: goldenPathServiceCreatePermission }, lin)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('lets everyone signed in read the catalog, and see only their own tasks', async () => {
    expect((await policy.handle({ permission: catalogEntityReadPermission }, ada)).result).toBe(AuthorizeResult.ALLOW);
    expect(await policy.handle({ permission: taskReadPermission }, ada)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      conditions: { rule: 'IS_TASK_OWNER', params: { createdBy: ['user:default/ada'] } },
    });
  });
});
