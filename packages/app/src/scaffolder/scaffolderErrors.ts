import type { ScaffolderApi } from '@backstage/plugin-scaffolder-react';

/**
 * The message a refused task creation carries: Backstage's client throws "Backend request failed,
 * <status> <body>", and our backend's body is Backstage's JSON error (a 503 with Retry-After when it
 * cannot take another task says why and when to try again). Undefined when there is none.
 */
export function backendMessage(error: unknown): string | undefined {
  const text = error instanceof Error ? error.message : '';
  const body = /^Backend request failed, \d{3}[^{]*(\{[\s\S]*\})$/.exec(text)?.[1];
  if (!body) return undefined;
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' && message ? message : undefined;
  } catch {
    return undefined;
  }
}

/** `api`, except that a refused Create throws the backend's own sentence, which the portal's alert shows. */
export function withBackendMessages<T extends ScaffolderApi>(api: T): T {
  const wrapped = Object.create(api) as T;
  wrapped.scaffold = async (...args) => {
    try {
      return await api.scaffold(...args);
    } catch (error) {
      const message = backendMessage(error);
      throw message ? new Error(message) : error;
    }
  };
  return wrapped;
}
