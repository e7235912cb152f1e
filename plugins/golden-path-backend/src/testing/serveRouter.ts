import { mockErrorHandler } from '@backstage/backend-test-utils';
import express from 'express';
import type { AddressInfo } from 'node:net';

/**
 * Serves a router on a free local port with Backstage's error handler after it (as the backend
 * mounts a plugin's router): `base` is its address; call `close` when the test is done.
 */
export async function serveRouter(router: express.RequestHandler): Promise<{ base: string; close: () => void }> {
  const app = express();
  app.use(router);
  app.use(mockErrorHandler());
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
