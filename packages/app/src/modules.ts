import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { goldenPathSidebar } from './app/Sidebar';
import { goldenPathSignInPage } from './app/SignInPage';
import { environmentsCard } from './catalog/environmentsCardExtension';
import { onCallCard } from './catalog/onCallCardExtension';
import { goldenPathOriginCard } from './catalog/originCardExtension';
import {
  environmentsPickerField,
  fargateSizePickerField,
  goldenPathPreviewField,
  serviceNamePickerField,
} from './scaffolder/formFields';
import { goldenPathScaffolderApi } from './scaffolder/scaffolderApi';
import { goldenPathTemplateCard } from './scaffolder/templateCardSwap';

/** App-wide pieces (only the app plugin may provide them): sign-in, sidebar, the template card. */
export const goldenPathAppModule = createFrontendModule({
  pluginId: 'app',
  extensions: [goldenPathSignInPage, goldenPathSidebar, goldenPathTemplateCard],
});

/** Our form fields for the golden paths' `ui:field`s, and the scaffolder's client that shows a refused Create's reason. */
export const goldenPathScaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    goldenPathScaffolderApi,
    serviceNamePickerField,
    fargateSizePickerField,
    environmentsPickerField,
    goldenPathPreviewField,
  ],
});

/** The entity page's cards: "created from golden path X version Y", who is on call with the runbooks, where the service runs. */
export const goldenPathCatalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [goldenPathOriginCard, onCallCard, environmentsCard],
});
