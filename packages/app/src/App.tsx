import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { goldenPathPlugin } from './goldenPath/plugin';
import { goldenPathAppModule, goldenPathCatalogModule, goldenPathScaffolderModule } from './modules';

/**
 * The Golden Path portal on Backstage's new frontend system. Features are listed here rather
 * than discovered, so what the portal contains is visible in one place; pages, cards and paths
 * are tuned under `app.extensions` in app-config.yaml.
 */
export default createApp({
  features: [
    catalogPlugin,
    catalogGraphPlugin,
    orgPlugin,
    scaffolderPlugin,
    searchPlugin,
    techdocsPlugin,
    userSettingsPlugin,
    goldenPathAppModule,
    goldenPathScaffolderModule,
    goldenPathCatalogModule,
    goldenPathPlugin,
  ],
});
