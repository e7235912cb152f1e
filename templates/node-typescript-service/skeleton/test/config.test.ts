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
      jwt: undefined,
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
      AUTH_JWT_ISSUER: 'https://idp.example.com',
      AUTH_JWT_AUDIENCE: ' api://orders ',
      AUTH_JWT_JWKS_URL: 'https://idp.example.com/keys',
    });
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 9000,
      logLevel: 'debug',
      serviceVersion: '3f2c1ab',
      environment: 'production',
      shutdownTimeoutMs: 5000,
      jwt: { issuer: 'https://idp.example.com', audience: 'api://orders', jwksUrl: 'https://idp.example.com/keys' },
    });
  });

  for (const [variable, value] of [
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['SHUTDOWN_TIMEOUT_SECONDS', '-1'],
    ['LOG_LEVEL', 'verbose'],
    ['SERVICE_VERSION', 'v1\nforged log line'],
    ['APP_ENVIRONMENT', 'x'.repeat(65)],
    ['AUTH_JWT_JWKS_URL', 'http://idp.example.com/keys'],
    ['AUTH_JWT_JWKS_URL', 'not a URL'],
  ] as const) {
    it(`refuses ${variable}=${JSON.stringify(value)}, naming the variable`, () => {
      const jwt = { AUTH_JWT_ISSUER: 'https://idp.example.com', AUTH_JWT_AUDIENCE: 'api://orders' };
      assert.throws(
        () => loadConfig({ ...(variable.startsWith('AUTH_JWT_') ? jwt : {}), [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(variable),
      );
    });
  }

  it('takes the AUTH_JWT_* variables all or none, naming one missing', () => {
    const all = {
      AUTH_JWT_ISSUER: 'https://idp.example.com',
      AUTH_JWT_AUDIENCE: 'api://orders',
      AUTH_JWT_JWKS_URL: 'https://idp.example.com/keys',
    };
    for (const name of Object.keys(all)) {
      assert.throws(
        () => loadConfig({ ...all, [name]: ' ' }),
        (error: unknown) => error instanceof ConfigError && error.variable === name && /all of AUTH_JWT_ISSUER/.test(error.message),
      );
    }
    assert.equal(loadConfig({ AUTH_JWT_ISSUER: '', AUTH_JWT_AUDIENCE: ' ' }).jwt, undefined);
  });
});
