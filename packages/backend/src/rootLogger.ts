import { coreServices, createServiceFactory, type RootConfigService } from '@backstage/backend-plugin-api';
import { WinstonLogger, type WinstonLoggerLevelOverride } from '@backstage/backend-defaults/rootLogger';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import type { JsonObject } from '@backstage/types';
import { format, transports } from 'winston';
import { loadConfigSchemaInChild } from './configSchema.js';

const LEVELS = ['error', 'warn', 'info', 'debug'];

/** backend.logger.* (declared by @backstage/backend-defaults), read as Backstage's own root logger reads it. */
function loggerConfig(config: RootConfigService) {
  const overrides = config.getOptionalConfigArray('backend.logger.overrides')?.map((override, i) => {
    const level = override.getString('level');
    if (!LEVELS.includes(level))
      throw new Error(
        `Invalid config at backend.logger.overrides[${i}].level, '${level}' is not a valid logging level, must be one of ${LEVELS.map(l => `'${l}'`).join(', ')}.`,
      );
    return { matchers: override.getConfig('matchers').get(), level } as WinstonLoggerLevelOverride;
  });
  return {
    level: config.getOptionalString('backend.logger.level'),
    meta: config.getOptionalConfig('backend.logger.meta')?.get<JsonObject>(),
    overrides: overrides ?? [],
  };
}

/**
 * Backstage's root logger (@backstage/backend-defaults rootLoggerServiceFactory: winston, secrets
 * of the config redacted from every line, level overrides), except that the config schema that
 * says which values are secrets is compiled in a child process (configSchema.ts) instead of in the
 * backend: that compilation loaded TypeScript twice into the backend for its whole life.
 */
export const rootLoggerServiceFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const settings = loggerConfig(config);
    const logger = WinstonLogger.create({
      meta: { service: 'backstage', ...settings.meta },
      level: process.env.LOG_LEVEL || settings.level || 'info',
      format: process.env.NODE_ENV === 'production' ? format.json() : WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    });
    const schema = await loadConfigSchemaInChild(logger);
    const secrets = await createConfigSecretEnumerator({ logger, schema });
    logger.addRedactions(secrets(config));
    config.subscribe?.(() => logger.addRedactions(secrets(config)));
    logger.setLevelOverrides(settings.overrides);
    config.subscribe?.(() => logger.setLevelOverrides(loggerConfig(config).overrides));
    return logger;
  },
});
