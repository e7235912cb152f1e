import { SwappableComponentBlueprint } from '@backstage/plugin-app-react';
import { TemplateCard } from '@backstage/plugin-scaffolder-react/alpha';

/** Replaces the scaffolder's template card everywhere with ours (version, what you get, parts). */
export const goldenPathTemplateCard = SwappableComponentBlueprint.make({
  name: 'golden-path-template-card',
  params: define =>
    define({
      component: TemplateCard,
      loader: () => import('./GoldenPathTemplateCard').then(m => m.GoldenPathTemplateCard),
    }),
});
