import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { Preview } from '@golden-path/common';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { templateNameFromPath } from '../nameCheck';
import { FileTreeView } from './FileTreeView';
import { previewValues } from './previewClient';
import { usePreview, type PreviewState } from './usePreview';

type Options = { template?: string };

const OK = '#2e7d32';
const FAIL = '#c62828';

/**
 * `ui:field: GoldenPathPreview` on a display-only property (type null) of the form's last step:
 * once the values are valid, what the golden path renders for them (a tree of the files, each
 * readable) and the policy gate's verdict per validator with its problems by file and line. The
 * field's validation (previewValidation.ts) lets the form go on to Create only on a passing verdict.
 */
export function GoldenPathPreview(props: FieldExtensionComponentProps<null, Options>) {
  const { formData, onChange, uiSchema, formContext, schema } = props;
  const location = useLocation();
  // The key must be in the form's data for the field's validation to run (the engine drops the value).
  useEffect(() => {
    if (formData !== null) onChange(null);
  }, [formData, onChange]);
  const template = uiSchema['ui:options']?.template ?? templateNameFromPath(location.pathname);
  const state = usePreview(template, previewValues(formContext?.formData as Record<string, unknown> | undefined));
  const [last, setLast] = useState<Preview>();
  useEffect(() => {
    if (state.state === 'done') setLast(state.preview);
  }, [state]);
  const shown = state.state === 'done' ? state.preview : state.state === 'running' ? last : undefined;

  return (
    <div data-testid="golden-path-preview" style={{ marginTop: 16 }}>
      <Typography variant="h6">{schema.title ?? 'Preview'}</Typography>
      {schema.description && <Typography variant="body2">{schema.description}</Typography>}
      <Status state={state} />
      {shown && <PreviewBody preview={shown} stale={state.state !== 'done'} />}
    </div>
  );
}

function Status({ state }: { state: PreviewState }) {
  let kind: string;
  let lines: string[];
  let color: string | undefined;
  if (state.state === 'running' || state.state === 'idle') {
    kind = 'running';
    lines = ['Rendering these values and running the policy gate on them… (a first check can take a minute)'];
    if (state.state === 'running' && state.waiting) lines.push(`Waiting: ${state.waiting}.`);
  } else if (state.state === 'refused') {
    kind = 'refused';
    lines = ['The preview starts once the values are valid:', ...state.issues.map(i => `${i.field}: ${i.message}`)];
    color = FAIL;
  } else if (state.state === 'error') {
    kind = 'error';
    lines = [`The preview failed: ${state.message}. Create stays blocked until the policy gate passes.`];
    color = FAIL;
  } else if (state.preview.verdict.passed) {
    const { verdict } = state.preview;
    kind = 'passed';
    lines = [
      `✓ The policy gate passes: ${verdict.validators.filter(v => v.passed).length} validators on ${state.preview.files.length} files${verdict.reused ? ` (verdict of ${verdict.checkedAt}, reused for this identical render)` : ''}. Create will reuse this verdict.`,
    ];
    color = OK;
  } else {
    kind = 'failed';
    lines = [
      '✗ The policy gate fails on these values: Create is blocked until it passes (the problems are listed below).',
    ];
    color = FAIL;
  }
  return (
    <div data-testid="golden-path-preview-status" data-state={kind} aria-live="polite" style={{ margin: '8px 0' }}>
      {kind === 'running' && <LinearProgress />}
      {lines.map(line => (
        <Typography key={line} variant="body2" style={color ? { color } : undefined}>
          {line}
        </Typography>
      ))}
    </div>
  );
}

function PreviewBody({ preview, stale }: { preview: Preview; stale: boolean }) {
  const [selected, setSelected] = useState<string>();
  const file = preview.files.find(f => f.path === selected);
  const { verdict } = preview;
  return (
    <div style={{ opacity: stale ? 0.5 : 1 }}>
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        The policy gate, per validator
      </Typography>
      <table data-testid="preview-verdict" data-passed={String(verdict.passed)} style={{ borderCollapse: 'collapse' }}>
        <tbody>
          {verdict.validators.map(v => (
            <tr
              key={v.validator}
              data-testid="preview-validator"
              data-validator={v.validator}
              data-passed={String(v.passed)}
            >
              <td style={{ color: v.passed ? OK : FAIL, paddingRight: 8 }}>{v.passed ? '✓' : '✗'}</td>
              <td style={{ paddingRight: 16 }}>{v.validator}</td>
              <td style={{ paddingRight: 16 }}>
                {v.skipped ? `did not run: ${v.skipped}` : `${v.errors} errors, ${v.warnings} warnings`}
              </td>
              <td>{(v.durationMs / 1000).toFixed(1)} s</td>
            </tr>
          ))}
        </tbody>
      </table>
      {verdict.problems.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            Problems
          </Typography>
          <ul data-testid="preview-problems" style={{ marginTop: 0 }}>
            {verdict.problems.map((p, i) => (
              <li key={i} data-severity={p.severity} style={{ color: p.severity === 'error' ? FAIL : undefined }}>
                [{p.validator}] <code>{`${p.file}${p.line ? `:${p.line}` : ''}`}</code> {p.severity}: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Files ({preview.files.length}, golden path {preview.template.id} {preview.template.version})
      </Typography>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ minWidth: 260, maxHeight: 480, overflow: 'auto', fontFamily: 'monospace', fontSize: 13 }}>
          <FileTreeView files={preview.files} selected={selected} onSelect={setSelected} />
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          {file ? (
            <>
              <Typography variant="caption" data-testid="preview-file-path">
                {file.path} ({file.size} bytes, mode {file.mode.toString(8)})
              </Typography>
              <pre
                data-testid="preview-file-content"
                style={{ maxHeight: 480, overflow: 'auto', background: '#f5f5f5', padding: 8, fontSize: 12, margin: 0 }}
              >
                {file.text ?? '(binary or larger than the preview shows)'}
              </pre>
            </>
          ) : (
            <Typography variant="body2">Select a file to read it.</Typography>
          )}
        </div>
      </div>
    </div>
  );
}
