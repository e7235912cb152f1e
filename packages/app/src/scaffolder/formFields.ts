import { createFormField, FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: ServiceNamePicker` — the service's name, checked live against the catalog and the git remote. */
export const serviceNamePickerField = FormFieldBlueprint.make({
  name: 'service-name-picker',
  params: {
    field: async () => {
      const [{ ServiceNamePicker }, { validateServiceName }] = await Promise.all([
        import('./ServiceNamePicker'),
        import('./serviceNameValidation'),
      ]);
      return createFormField({
        name: 'ServiceNamePicker',
        component: ServiceNamePicker,
        validation: validateServiceName,
      });
    },
  },
});

/** `ui:field: FargateSizePicker` — CPU and memory as one of the pairs Fargate accepts. */
export const fargateSizePickerField = FormFieldBlueprint.make({
  name: 'fargate-size-picker',
  params: {
    field: async () => {
      const { FargateSizePicker } = await import('./FargateSizePicker');
      return createFormField({ name: 'FargateSizePicker', component: FargateSizePicker });
    },
  },
});

/**
 * `ui:field: EnvironmentsPicker` — the service's environments: the default list editor, checked as
 * the step is left by @golden-path/common's checkFormEnvironments, the engine's check of the field.
 */
export const environmentsPickerField = FormFieldBlueprint.make({
  name: 'environments-picker',
  params: {
    field: async () => {
      const [{ EnvironmentsPicker }, { validateEnvironments }] = await Promise.all([
        import('./EnvironmentsPicker'),
        import('./environmentsValidation'),
      ]);
      return createFormField({
        name: 'EnvironmentsPicker',
        component: EnvironmentsPicker,
        validation: validateEnvironments,
      });
    },
  },
});

/**
 * `ui:field: GoldenPathPreview` — on the form's last step, the files the golden path renders for the
 * values and the policy gate's verdict on them; the form goes on to Create only when it passes.
 */
export const goldenPathPreviewField = FormFieldBlueprint.make({
  name: 'golden-path-preview',
  params: {
    field: async () => {
      const [{ GoldenPathPreview }, { validateGoldenPathPreview }] = await Promise.all([
        import('./preview/GoldenPathPreview'),
        import('./preview/previewValidation'),
      ]);
      return createFormField({
        name: 'GoldenPathPreview',
        component: GoldenPathPreview,
        validation: validateGoldenPathPreview,
      });
    },
  },
});
