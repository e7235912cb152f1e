// The HTTP server and its graceful shutdown: on SIGTERM (ECS stopping a task) the service reports
// itself not ready, stops accepting connections, lets in-flight requests finish, and closes what is
// left after the shutdown timeout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export interface RunningServer {
  server: Server;
  /** The port it listens on (PORT=0 picks a free one: tests). */
  port: number;
  /** Resolves once every connection is closed; a second call returns the same promise. */
  shutdown(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  let stopping: Promise<void> | undefined;
  const app = createApp({ config, logger, readiness: () => (stopping ? 'shutting down' : undefined) });
  // While stopping, every response closes its connection: a keep-alive client cannot hold the
  // server open, and reconnects to a task that is not stopping.
  const server = createServer((req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    app(req, res);
  });
  // Longer than the load balancer's idle timeout (60 s), so it never reuses a connection the
  // service has just closed; slow clients cannot hold a request open for more than 30 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const shutdown = () => {
    stopping ??= new Promise<void>(resolve => {
      const force = setTimeout(() => {
        logger.warn('closing connections still open after the shutdown timeout', {
          timeout_ms: config.shutdownTimeoutMs,
        });
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return stopping;
  };
  return { server, port: (server.address() as AddressInfo).port, shutdown };
}
