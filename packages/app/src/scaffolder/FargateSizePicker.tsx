import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { fargateSizeOptions } from './fargateSizes';

/**
 * The ECS task size as one choice of CPU and memory: only the pairs the template lists (its
 * `enum`, the sizes Fargate accepts) are offered, labelled with its `enumNames`.
 */
export function FargateSizePicker(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  const options = fargateSizeOptions(schema);
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Task size'}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0}
      helperText={schema.description}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
      SelectProps={{ MenuProps: { PaperProps: { 'data-testid': 'fargate-size-options' } as object } }}
    >
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
