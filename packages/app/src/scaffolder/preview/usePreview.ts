import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { Preview, PreviewRefusal } from '@golden-path/common';
import { useEffect, useState } from 'react';
import { askUntilFree, fetchPreview } from './previewClient';

export type PreviewState =
  | { state: 'idle' }
  | { state: 'running'; waiting?: string }
  | { state: 'refused'; issues: PreviewRefusal['issues'] }
  | { state: 'done'; preview: Preview }
  | { state: 'error'; message: string };

/** How long the form must stay unchanged before the backend is asked. */
export const PREVIEW_DEBOUNCE_MS = 600;

/**
 * The preview of `values` for golden path `template`, asked once the form stops changing; newer
 * values cancel the older request (and, on the backend, its gate unless another caller waits).
 */
export function usePreview(template: string | undefined, values: Record<string, unknown>): PreviewState {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [state, setState] = useState<PreviewState>({ state: 'idle' });
  const key = JSON.stringify(values);

  useEffect(() => {
    if (!template) {
      setState({ state: 'error', message: 'the golden path of this form is not known' });
      return undefined;
    }
    setState({ state: 'running' });
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => {
      askUntilFree(
        () => fetchPreview({ discoveryApi, fetchApi }, { template, values: JSON.parse(key) }, signal),
        signal,
        // The user's other previews hold the backend's share for one user: wait, then ask again.
        waiting => setState({ state: 'running', waiting }),
      ).then(
        outcome =>
          setState(
            outcome.kind === 'refused'
              ? { state: 'refused', issues: outcome.issues }
              : { state: 'done', preview: outcome.preview },
          ),
        (error: unknown) => {
          if (signal.aborted) return;
          setState({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [discoveryApi, fetchApi, template, key]);

  return state;
}
