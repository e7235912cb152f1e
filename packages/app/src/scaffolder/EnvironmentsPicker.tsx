import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { environmentChoices } from './environmentChoices';

/**
 * `ui:field: EnvironmentsPicker`: the form's default list editor (rjsf's ArrayField, with the same
 * props), its entries' fields offered as choices from @golden-path/common's lists and the service's
 * own fields (environmentChoices). What an entry may hold is the field's validation
 * (validateEnvironments), never the template's schema.
 */
export function EnvironmentsPicker(props: FieldExtensionComponentProps<unknown[]>) {
  const { ArrayField } = props.registry.fields;
  // rjsf's core fields are always registered; without it there is no list editor to show.
  if (!ArrayField) throw new Error("the form's registry has no ArrayField");
  const schema = environmentChoices(props.schema as Record<string, unknown>, props.registry.rootSchema);
  return <ArrayField {...props} schema={schema as typeof props.schema} />;
}
