import { ENVIRONMENT_KINDS, LOG_RETENTION_DAYS } from '@golden-path/common';

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field's choices (`enum`, and `enumNames` when it has them) from another field's schema. */
function choicesOf(field: unknown): Schema {
  if (!isSchema(field) || !Array.isArray(field.enum)) return {};
  return Array.isArray(field.enumNames) ? { enum: field.enum, enumNames: field.enumNames } : { enum: field.enum };
}

/**
 * The environments field's schema with its entries' choices, for display: kinds and CloudWatch's
 * retentions from @golden-path/common (the lists its check takes), and the regions and task sizes
 * the service's own fields offer (the form's root `awsRegion`, `fargateSize`). A select can only
 * give one of them, so these add no rule; the field's validation says what is valid.
 */
export function environmentChoices(schema: Schema, root: unknown): Schema {
  const items = schema.items;
  if (!isSchema(items) || !isSchema(items.properties)) return schema;
  const properties = items.properties;
  const rootProperties = isSchema(root) && isSchema(root.properties) ? root.properties : {};
  const offered: Record<string, Schema> = {
    kind: { enum: [...ENVIRONMENT_KINDS] },
    logRetentionDays: { enum: [...LOG_RETENTION_DAYS] },
    awsRegion: choicesOf(rootProperties.awsRegion),
    fargateSize: choicesOf(rootProperties.fargateSize),
  };
  const withChoices = Object.fromEntries(
    Object.entries(properties).map(([name, field]) => [
      name,
      isSchema(field) && offered[name] ? { ...field, ...offered[name] } : field,
    ]),
  );
  return { ...schema, items: { ...items, properties: withChoices } };
}
