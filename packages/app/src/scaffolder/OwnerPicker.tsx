import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import { myGroupsFilter, ownerOptions, type OwnerOption } from './ownerOptions';

type Groups = { state: 'loading' } | { state: 'loaded'; options: OwnerOption[] } | { state: 'failed'; message: string };

/**
 * `ui:field: OwnerPicker`, in place of Backstage's (which lists every Group): only the Groups the
 * signed-in user is a member of, since only their members may create a service a Group owns. The
 * backend checks it again before anything is published.
 */
export function OwnerPicker(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [groups, setGroups] = useState<Groups>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    (async () => {
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const { items } = await catalogApi.getEntities({
        filter: myGroupsFilter(userEntityRef),
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
      });
      if (live) setGroups({ state: 'loaded', options: ownerOptions(items) });
    })().catch((e: Error) => live && setGroups({ state: 'failed', message: e.message }));
    return () => {
      live = false;
    };
  }, [identityApi, catalogApi]);

  // A person in one team need not choose it.
  const only = groups.state === 'loaded' && groups.options.length === 1 ? groups.options[0]!.value : undefined;
  useEffect(() => {
    if (only && !formData) onChange(only);
  }, [only, formData, onChange]);

  const options = groups.state === 'loaded' ? groups.options : [];
  const help =
    groups.state === 'failed'
      ? `Could not load your groups: ${groups.message}`
      : groups.state === 'loaded' && !options.length
        ? 'You are not a member of any group, so you cannot own a service; ask the platform team.'
        : schema.description;
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Owner'}
      required={required}
      value={options.some(o => o.value === formData) ? formData : ''}
      onChange={e => onChange(e.target.value)}
      margin="normal"
      disabled={groups.state !== 'loaded'}
      error={(rawErrors?.length ?? 0) > 0 || groups.state === 'failed'}
      helperText={help}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
      SelectProps={{ MenuProps: { PaperProps: { 'data-testid': 'owner-options' } as object } }}
    >
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
