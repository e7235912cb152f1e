import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { SERVICE } from '../src/service.ts';

describe('loadConfig', () => {
  it('has defaults for every variable', () => {
    assert.deepEqual(loadConfig({}), {
      host: '0.0.0.0',
      port: SERVICE.port,
      logLevel: 'info',
      serviceVersion: 'unknown',
      environment: 'local',
      shutdownTimeoutMs: 20_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '9000',
      LOG_LEVEL: 'DEBUG',
      SERVICE_VERSION: '3f2c1ab',
      APP_ENVIRONMENT: 'production',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    });
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 9000,
      logLevel: 'debug',
      serviceVersion: '3f2c1ab',
      environment: 'production',
      shutdownTimeoutMs: 5000,
    });
  });

  for (const [variable, value] of [
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['SHUTDOWN_TIMEOUT_SECONDS', '-1'],
    ['LOG_LEVEL', 'verbose'],
    ['SERVICE_VERSION', 'v1\nforged log line'],
    ['APP_ENVIRONMENT', 'x'.repeat(65)],
  ] as const) {
    it(`refuses ${variable}=${JSON.stringify(value)}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(variable),
      );
    });
  }
});
