// Configuration comes from the environment only (twelve-factor): the ECS task definition sets it in
// AWS, and a wrong value stops the service at start with the variable's name, never later.
import { SERVICE } from './service.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  host: string;
  port: number;
  logLevel: LogLevel;
  serviceVersion: string;
  environment: string;
  /** How long in-flight requests may take to finish after SIGTERM before their connections are closed. */
  shutdownTimeoutMs: number;
  /** Bearer tokens every request but the probes must carry (clientAuth jwt), or undefined. */
  jwt: JwtConfig | undefined;
}

export interface JwtConfig {
  issuer: string;
  audience: string;
  /** Where the issuer publishes its signing keys (a JWKS), over HTTPS. */
  jwksUrl: string;
}

/** A variable with a value the service cannot run with; the message names it and what is allowed. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

/** A plain label (a commit, an environment name): anything else would be logged as given. */
function label(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) {
    throw new ConfigError(name, 'must be 1 to 64 letters, digits, dots, underscores or hyphens');
  }
  return raw;
}

const JWT_VARIABLES = ['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'AUTH_JWT_JWKS_URL'] as const;

/** AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and AUTH_JWT_JWKS_URL, all or none (the ECS module sets them). */
function jwt(env: Env): JwtConfig | undefined {
  const [issuer, audience, jwksUrl] = JWT_VARIABLES.map(name => env[name]?.trim() ?? '') as [string, string, string];
  if (!issuer && !audience && !jwksUrl) return undefined;
  const missing = JWT_VARIABLES.find(name => !env[name]?.trim());
  if (missing) throw new ConfigError(missing, `must be set too: all of ${JWT_VARIABLES.join(', ')}, or none`);
  if (URL.parse(jwksUrl)?.protocol !== 'https:') throw new ConfigError('AUTH_JWT_JWKS_URL', 'must be an https:// URL');
  return { issuer, audience, jwksUrl };
}

export function loadConfig(env: Env): Config {
  return {
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', SERVICE.port, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    serviceVersion: label(env, 'SERVICE_VERSION', 'unknown'),
    environment: label(env, 'APP_ENVIRONMENT', 'local'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 20, 0, 120) * 1000,
    jwt: jwt(env),
  };
}
