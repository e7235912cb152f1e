import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { templateNameFromPath } from '../nameCheck';
import { fetchPreview, previewValues, verdictProblems } from './previewClient';

/**
 * Runs when the user leaves the last step (Review, then Create): the form goes on only when the
 * policy gate passes on exactly these values. The backend answers at once when the preview has
 * reached the verdict (it is stored by the render), or joins the preview's run still going.
 */
export const validateGoldenPathPreview: CustomFieldValidator<null, { template?: string }> = async (
  _value,
  field,
  context,
) => {
  const discoveryApi = context.apiHolder.get(discoveryApiRef);
  const fetchApi = context.apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) {
    field.addError('The preview cannot be reached, so the policy gate has not passed.');
    return;
  }
  const template = context.uiSchema?.['ui:options']?.template ?? templateNameFromPath(window.location.pathname);
  if (!template) {
    field.addError('The golden path of this form is not known, so there is no preview.');
    return;
  }
  try {
    const outcome = await fetchPreview(
      { discoveryApi, fetchApi },
      { template, values: previewValues(context.formData) },
    );
    if (outcome.kind === 'refused') {
      for (const issue of outcome.issues) field.addError(`${issue.field}: ${issue.message}`);
      return;
    }
    if (outcome.kind === 'busy') {
      field.addError(`The policy gate has not run yet: ${outcome.message}.`);
      return;
    }
    for (const problem of verdictProblems(outcome.preview)) field.addError(`The policy gate fails: ${problem}`);
  } catch (error) {
    field.addError(
      `The preview failed (${error instanceof Error ? error.message : String(error)}), so the policy gate has not passed.`,
    );
  }
};
