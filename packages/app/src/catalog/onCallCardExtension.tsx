import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** On the overview of every entity with docs: who is on call, and the runbooks. */
export const onCallCard = EntityCardBlueprint.make({
  name: 'on-call',
  params: {
    type: 'info',
    filter: entity => Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']),
    loader: () => import('./OnCallCard').then(m => <m.OnCallCard />),
  },
});
