import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkFormEnvironments, environmentProblemText } from '@golden-path/common';

/**
 * `ui:field: EnvironmentsPicker`'s validation, as the user leaves the step: every problem
 * @golden-path/common's checkFormEnvironments finds with the service's other values (the engine
 * runs the same check on Create, and the catalog its checkEnvironments on the rendered file), one
 * error each, naming the entry and the field. A value the form has not filled is left to `required`.
 */
export const validateEnvironments: CustomFieldValidator<unknown> = (value, field, context) => {
  if (value === undefined) return;
  for (const problem of checkFormEnvironments(value, context.formData).problems)
    field.addError(environmentProblemText(problem));
};
