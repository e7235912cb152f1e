import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { useLocation } from 'react-router-dom';
import { matchesSchemaPattern, templateNameFromPath } from './nameCheck';
import { useNameCheck, type NameCheckState } from './useNameCheck';

type Options = { template?: string; orgField?: string };

/**
 * The service's name: checked against the template's rules while typing and, after a pause,
 * against the catalog and the git remote by the golden-path backend. Taken names are refused by
 * `validateServiceName` (see serviceNameValidation.ts) when the user moves on.
 */
export function ServiceNamePicker(props: FieldExtensionComponentProps<string, Options>) {
  const { formData, onChange, schema, uiSchema, rawErrors, required, idSchema, formContext } = props;
  const location = useLocation();
  const options = uiSchema['ui:options'] ?? {};
  const name = formData ?? '';
  const followsPattern = matchesSchemaPattern(name, schema.pattern);
  const org = (formContext?.formData?.[options.orgField ?? 'githubOrg'] as string | undefined) ?? undefined;
  const template = options.template ?? templateNameFromPath(location.pathname);
  const check = useNameCheck(name && followsPattern ? { name, template, org } : undefined);
  const errors = rawErrors?.filter(Boolean) ?? [];

  return (
    <>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'Name'}
        required={required}
        value={name}
        onChange={e => onChange(e.target.value === '' ? undefined : e.target.value)}
        margin="normal"
        autoFocus={Boolean(uiSchema['ui:autofocus'])}
        error={errors.length > 0 || (name !== '' && !followsPattern) || isRefused(check)}
        inputProps={{ spellCheck: false, autoComplete: 'off', 'aria-describedby': 'service-name-status' }}
        // The rules stay in the neutral colour; what is wrong is said in the status below.
        FormHelperTextProps={{ margin: 'dense', error: false, style: { marginLeft: 0 } }}
        helperText={schema.description}
      />
      <NameStatus name={name} followsPattern={followsPattern} check={check} shownBelow={errors} />
    </>
  );
}

function isRefused(check: NameCheckState) {
  return check.state === 'done' && (!check.result.valid || !check.result.available);
}

/** `shownBelow`: the form's own errors for the field, which it prints under it; not repeated here. */
function NameStatus(props: { name: string; followsPattern: boolean; check: NameCheckState; shownBelow: string[] }) {
  const { name, followsPattern, check, shownBelow } = props;
  let state: string;
  let lines: string[];
  let color: string | undefined;
  if (!name) {
    state = 'empty';
    lines = [];
  } else if (!followsPattern) {
    state = 'invalid';
    lines = [`"${name}" does not follow the naming rules above.`];
    color = 'error';
  } else if (check.state === 'checking' || check.state === 'idle' || check.name !== name) {
    state = 'checking';
    lines = [`Checking whether "${name}" is free…`];
  } else if (check.state === 'error') {
    state = 'error';
    lines = [`Could not check the name (${check.message}); it will be checked again when the service is created.`];
    color = 'error';
  } else if (!check.result.valid || !check.result.available) {
    state = check.result.valid ? 'taken' : 'invalid';
    const problems = check.result.problems.length > 0 ? check.result.problems : ['no reason given'];
    const reasons = problems.every(p => shownBelow.includes(p)) ? [] : problems;
    lines = [state === 'taken' ? `✗ "${name}" is taken:` : `✗ "${name}" is not a valid name:`, ...reasons];
    color = 'error';
  } else {
    state = 'available';
    lines = [`✓ "${name}" is free in the catalog and in the git remote.`];
    color = 'primary';
  }
  return (
    <div id="service-name-status" data-testid="service-name-status" data-state={state} aria-live="polite">
      {lines.map(line => (
        <FormHelperText
          key={line}
          error={color === 'error'}
          style={color === 'primary' ? { color: '#2e7d32' } : undefined}
        >
          {line}
        </FormHelperText>
      ))}
    </div>
  );
}
