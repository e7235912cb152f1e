import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { fetchNameCheck, matchesSchemaPattern, templateNameFromPath } from './nameCheck';

/**
 * Runs when the user leaves the step and before creating: a name that breaks the rules or is
 * already taken (catalog or git remote) blocks the form. If the check itself cannot be reached the
 * form is not blocked: the publish step refuses an existing repository anyway.
 */
export const validateServiceName: CustomFieldValidator<string, { template?: string; orgField?: string }> = async (
  value,
  field,
  context,
) => {
  if (!value) return;
  if (!matchesSchemaPattern(value, context.schema.pattern)) {
    field.addError(`"${value}" does not follow the naming rules: ${String(context.schema.description ?? '')}`.trim());
    return;
  }
  const discoveryApi = context.apiHolder.get(discoveryApiRef);
  const fetchApi = context.apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) return;
  const options = context.uiSchema?.['ui:options'] ?? {};
  const org = context.formData[options.orgField ?? 'githubOrg'];
  try {
    const result = await fetchNameCheck(
      { discoveryApi, fetchApi },
      {
        name: value,
        template: options.template ?? templateNameFromPath(window.location.pathname),
        org: typeof org === 'string' ? org : undefined,
      },
    );
    if (!result.valid || !result.available) {
      for (const problem of result.problems.length ? result.problems : [`"${value}" cannot be used`]) {
        field.addError(problem);
      }
    }
  } catch {
    // Unreachable check: not a reason to block (see above).
  }
};
