import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ANNOTATION_TEMPLATE } from '@golden-path/common';

/** On the overview of every service created from a golden path: its environments and tenants. */
export const environmentsCard = EntityCardBlueprint.make({
  name: 'golden-path-environments',
  params: {
    type: 'info',
    filter: entity => entity.kind === 'Component' && Boolean(entity.metadata.annotations?.[ANNOTATION_TEMPLATE]),
    loader: () => import('./EnvironmentsCard').then(m => <m.EnvironmentsCard />),
  },
});
