// Test keys and tokens, made when the tests run (no key or secret is kept in the repository), and
// an identity provider's key set served on the loopback interface.
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ISSUER = 'https://idp.example.com';
export const AUDIENCE = 'api://orders';

export const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
export const ec = (namedCurve = 'P-256') => generateKeyPairSync('ec', { namedCurve });

/** A public key as a JWKS entry. */
export function jwk(key: KeyObject, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...key.export({ format: 'jwk' }), use: 'sig', ...fields };
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signed compact JWT: alg and kid in the header, the provider's usual claims unless overridden. */
export function token(
  key: KeyObject | string,
  { alg = 'RS256', kid = 'provider', header = {}, ...claims }: Record<string, unknown> = {},
): string {
  const payload = { iss: ISSUER, aud: AUDIENCE, sub: 'client-1', exp: Math.floor(Date.now() / 1000) + 300, ...claims };
  const data = `${part({ alg, kid, ...(header as object) })}.${part(payload)}`;
  return `${data}.${signature(String(alg), key, data).toString('base64url')}`;
}

function signature(alg: string, key: KeyObject | string, data: string): Buffer {
  const hash = `sha${alg.slice(2)}`;
  if (typeof key === 'string') return createHmac(hash, key).update(data).digest();
  if (alg.startsWith('PS')) {
    return sign(hash, Buffer.from(data), {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  }
  return sign(hash, Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' });
}

/** An HTTP server whose answer a test sets; it counts the requests it gets. */
export class KeySetServer {
  requests = 0;
  answer: (res: ServerResponse) => void;
  #server: Server;

  constructor(keys: Record<string, unknown>[]) {
    this.answer = res => KeySetServer.json(res, { keys });
    this.#server = createServer((_req: IncomingMessage, res: ServerResponse) => {
      this.requests++;
      this.answer(res);
    });
  }

  static json(res: ServerResponse, body: unknown, status = 200): void {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  async start(): Promise<string> {
    await new Promise<void>(resolve => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/keys`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise(resolve => this.#server.close(() => resolve()));
  }
}
