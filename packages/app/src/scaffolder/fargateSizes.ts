import { parseFargateSize } from '@golden-path/common';

/** One offered task size: the schema's enum value (`<cpu units>-<memory MiB>`) and its label. */
export type FargateSizeOption = { value: string; label: string };

/**
 * The options come from the template's schema, never from a list of our own, so the form cannot
 * offer a size the engine would refuse. A missing label falls back to one computed from the value.
 */
export function fargateSizeOptions(schema: { enum?: unknown; enumNames?: unknown }): FargateSizeOption[] {
  const values = Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : [];
  const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
  return values.map((value, i) => {
    const name = names[i];
    return { value, label: typeof name === 'string' ? name : describeFargateSize(value) };
  });
}

/** `512-1024` → `0.5 vCPU, 1 GB`: the label the engine writes into runbooks; a value that is no Fargate size as it is. */
export function describeFargateSize(value: string): string {
  const size = parseFargateSize(value);
  return typeof size === 'string' ? value : size.label;
}
