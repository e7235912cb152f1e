import { ApiBlueprint, discoveryApiRef, fetchApiRef, identityApiRef } from '@backstage/frontend-plugin-api';
import { scmIntegrationsApiRef } from '@backstage/integration-react';
import { ScaffolderClient } from '@backstage/plugin-scaffolder';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { withBackendMessages } from './scaffolderErrors';

/**
 * The scaffolder plugin's own client (this replaces its `api:scaffolder`: same extension id, from a
 * module of that plugin), except that a refused Create shows the backend's sentence.
 */
export const goldenPathScaffolderApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scaffolderApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        scmIntegrationsApi: scmIntegrationsApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: deps => withBackendMessages(new ScaffolderClient(deps)),
    }),
});
