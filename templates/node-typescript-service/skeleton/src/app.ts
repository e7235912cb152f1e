// The HTTP API on node:http: the probes, the service's own routes, request ids, access logs and,
// when configured, bearer tokens. Every response is JSON, carries X-Request-Id and is never cached.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createAuthenticator, type Authenticator } from './auth.ts';
import type { Config } from './config.ts';
import type { Claims } from './jwt.ts';
import type { Logger } from './logger.ts';
import { requestId } from './requestId.ts';
import { SERVICE } from './service.ts';

export interface Readiness {
  /** Undefined when the service can take traffic, else why not (e.g. it is shutting down). */
  (): string | undefined;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  readiness: Readiness;
  /** Checks bearer tokens; by default the one config.jwt asks for, or none without it. */
  authenticate?: Authenticator | undefined;
}

interface Route {
  methods: readonly string[];
  /** claims: the bearer token's, when the service requires one. */
  handle(res: ServerResponse, claims: Claims | undefined): void;
}

const READ = ['GET', 'HEAD'] as const;

export function createApp({
  config,
  logger,
  readiness,
  authenticate = config.jwt && createAuthenticator(config.jwt, logger),
}: AppOptions): RequestListener {
  const routes: Record<string, Route> = {
    // Liveness: the process answers. It checks nothing else, so an outage elsewhere never restarts tasks.
    [SERVICE.livenessPath]: { methods: READ, handle: res => send(res, 200, { status: 'ok' }) },
    // Readiness: 503 while the service cannot take traffic, so the load balancer stops sending it.
    [SERVICE.readinessPath]: {
      methods: READ,
      handle: res => {
        const reason = readiness();
        if (reason === undefined) send(res, 200, { status: 'ready' });
        else send(res, 503, { status: 'not_ready', reason });
      },
    },
    '/api/v1/info': {
      methods: READ,
      handle: res =>
        send(res, 200, {
          name: SERVICE.name,
          title: SERVICE.title,
          description: SERVICE.description,
          system: SERVICE.system,
          version: config.serviceVersion,
          environment: config.environment,
        }),
    },
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const id = requestId(req.headers['x-request-id']);
    const path = pathOf(req.url);
    const log = logger.child({ request_id: id });
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const fields = {
        method: req.method,
        path,
        status: res.statusCode,
        duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      };
      // Probes arrive every few seconds from the load balancer: kept out of the info log.
      if (path === SERVICE.livenessPath || path === SERVICE.readinessPath) log.debug('request', fields);
      else log.info('request', fields);
    });
    const respond = async () => {
      let claims: Claims | undefined;
      // The load balancer's probes carry no token; every other path needs one when configured.
      if (authenticate && path !== SERVICE.livenessPath && path !== SERVICE.readinessPath) {
        const result = await authenticate(req.headers.authorization);
        if ('refused' in result) return unauthorized(res, result.refused);
        claims = result.claims;
      }
      const route = routes[path];
      if (!route) return send(res, 404, { error: 'not_found' });
      if (!route.methods.includes(req.method ?? '')) {
        res.setHeader('Allow', route.methods.join(', '));
        return send(res, 405, { error: 'method_not_allowed' });
      }
      route.handle(res, claims);
    };
    respond().catch((error: unknown) => {
      log.error('request failed', { error });
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  };
}

function unauthorized(res: ServerResponse, reason: string): void {
  res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  send(res, 401, { error: 'unauthorized', detail: reason });
}

/** The path alone: the query string is neither routed on nor logged. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0]!;
  return path === '' ? '/' : path;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
