import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEffect, useState } from 'react';
import type { NameCheck, NameCheckRequest } from '@golden-path/common';
import { fetchNameCheck } from './nameCheck';

export type NameCheckState =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'done'; name: string; result: NameCheck }
  | { state: 'error'; name: string; message: string };

/** How long typing must pause before the backend is asked. */
export const NAME_CHECK_DEBOUNCE_MS = 350;

/** Asks the backend about the name once the user stops typing; a newer name cancels the older request. */
export function useNameCheck(request: NameCheckRequest | undefined): NameCheckState {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [state, setState] = useState<NameCheckState>({ state: 'idle' });
  const { name, template, org } = request ?? { name: '' };

  useEffect(() => {
    if (!name) {
      setState({ state: 'idle' });
      return undefined;
    }
    setState({ state: 'checking', name });
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchNameCheck({ discoveryApi, fetchApi }, { name, template, org }, controller.signal).then(
        result => setState({ state: 'done', name, result }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ state: 'error', name, message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, NAME_CHECK_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [discoveryApi, fetchApi, name, template, org]);

  return state;
}
