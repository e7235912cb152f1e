// The entry point: configuration from the environment, the server, and SIGTERM/SIGINT handling.
import type { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger, type LogSink } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';

export interface MainOptions {
  /** Where SIGTERM and SIGINT come from (the process; an emitter in tests). */
  signals?: EventEmitter;
  sink?: LogSink;
}

/** Starts the service; on a configuration or listen error logs why and sets exit status 1. */
export async function main(
  env: Record<string, string | undefined>,
  { signals = process, sink = process.stdout }: MainOptions = {},
): Promise<RunningServer | undefined> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger('info', sink).error('invalid configuration', { variable: error.variable, reason: error.message });
    process.exitCode = 1;
    return undefined;
  }
  const logger = createLogger(config.logLevel, sink);
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
  } catch (error) {
    logger.error('could not listen', { error, host: config.host, port: config.port });
    process.exitCode = 1;
    return undefined;
  }
  logger.info('listening', { port: running.port, version: config.serviceVersion, environment: config.environment });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    signals.once(signal, () => {
      logger.info('shutting down', { signal });
      void running.shutdown().then(() => logger.info('stopped'));
    });
  }
  return running;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.env);
