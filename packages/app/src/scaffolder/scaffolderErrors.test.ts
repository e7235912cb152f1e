import { ScaffolderClient } from '@backstage/plugin-scaffolder-common';
import { describe, expect, it } from 'vitest';
import { backendMessage, withBackendMessages } from './scaffolderErrors';

const refusal = {
  error: {
    name: 'ServiceUnavailableError',
    message:
      'The portal is at capacity: 20 tasks are waiting to start (at most 20 may wait): nothing was created; try again in 30 seconds.',
  },
  request: { method: 'POST', url: '/v2/tasks' },
  response: { statusCode: 503 },
};

/** Backstage's client, wrapped, over a fetch that answers every request with `response`. */
function client(response: () => Response) {
  return withBackendMessages(
    new ScaffolderClient({
      discoveryApi: { getBaseUrl: async id => `http://host/api/${id}` },
      fetchApi: { fetch: async () => response() },
      identityApi: {
        getBackstageIdentity: async () => ({
          type: 'user',
          userEntityRef: 'user:default/ada',
          ownershipEntityRefs: [],
        }),
      },
      scmIntegrationsApi: {} as never,
    }),
  );
}

describe('withBackendMessages', () => {
  it("throws the backend's sentence when a task is refused, not the raw response", async () => {
    const refused = client(
      () =>
        new Response(JSON.stringify(refusal), {
          status: 503,
          statusText: 'Service Unavailable',
          headers: { 'Retry-After': '30' },
        }),
    );
    await expect(refused.scaffold({ templateRef: 'template:default/x', values: {} })).rejects.toThrow(
      new Error(refusal.error.message),
    );
  });

  it('creates the task as Backstage does when the backend takes it', async () => {
    const taken = client(() => new Response(JSON.stringify({ id: 'abc' }), { status: 201 }));
    expect(await taken.scaffold({ templateRef: 'template:default/x', values: {} })).toEqual({ taskId: 'abc' });
  });

  it('keeps any other failure as Backstage reports it', () => {
    expect(backendMessage(new Error('Backend request failed, 400 Bad Request {"errors":[{"message":"x"}]}'))).toBe(
      undefined,
    );
    expect(backendMessage(new Error('Backend request failed, 502 Bad Gateway <html>'))).toBe(undefined);
    expect(backendMessage('not an error')).toBe(undefined);
  });
});
