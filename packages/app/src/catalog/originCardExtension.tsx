import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ANNOTATION_TEMPLATE } from '@golden-path/common';

/** Shown on the overview of every entity created from a golden path. */
export const goldenPathOriginCard = EntityCardBlueprint.make({
  name: 'golden-path-origin',
  params: {
    type: 'info',
    filter: entity => Boolean(entity.metadata.annotations?.[ANNOTATION_TEMPLATE]),
    loader: () => import('./GoldenPathOriginCard').then(m => <m.GoldenPathOriginCard />),
  },
});
