import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readGoldenPathConfig } from '@golden-path/node';
import { GoldenPathPermissionPolicy } from './policy.js';

/** The portal's permission policy, the same on a laptop and in production. */
export const goldenPathPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'golden-path-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const configured = readGoldenPathConfig(config).permissions.platformGroup;
        // Compared with the users' ownership refs, which are full refs in lower case.
        const platformGroup = stringifyEntityRef(
          parseEntityRef(configured.toLowerCase(), { defaultKind: 'group', defaultNamespace: 'default' }),
        );
        policy.setPolicy(new GoldenPathPermissionPolicy({ platformGroup }));
      },
    });
  },
});
