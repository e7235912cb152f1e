import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthenticator } from '../src/auth.ts';
import { INVALID, LEEWAY_SECONDS, UNKNOWN_KEY } from '../src/jwt.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { SERVICE } from '../src/service.ts';
import { MemorySink, testConfig, waitUntil } from './helpers.ts';
import { AUDIENCE, ISSUER, KeySetServer, ec, jwk, rsa, token } from './tokens.ts';

const REQUIRED = 'a bearer token is required';
const now = () => Math.floor(Date.now() / 1000);
// The provider's key, made once: RSA key generation is the slowest step of these tests.
const provider = rsa();

describe('bearer tokens (clientAuth jwt)', () => {
  const curve = ec();
  const curve384 = ec('P-384');
  const other = rsa();
  const weak = rsa(1024);
  const keySet = new KeySetServer([
    jwk(provider.publicKey, { kid: 'provider' }),
    jwk(curve.publicKey, { kid: 'ec', alg: 'ES256' }),
    jwk(curve384.publicKey, { kid: 'ec384' }),
    jwk(weak.publicKey, { kid: 'weak' }),
    jwk(provider.publicKey, { kid: 'rs384-only', alg: 'RS384' }),
  ]);
  const sink = new MemorySink();
  let running: RunningServer;
  let base: string;

  before(async () => {
    const jwksUrl = await keySet.start();
    const config = testConfig({ jwt: { issuer: ISSUER, audience: AUDIENCE, jwksUrl } });
    running = await startServer(config, createLogger('info', sink));
    base = `http://127.0.0.1:${running.port}`;
  });
  after(async () => {
    await running.shutdown();
    await keySet.stop();
  });

  const call = (authorization?: string, path = '/api/v1/info') =>
    fetch(`${base}${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  for (const [name, make] of [
    ['RS256', () => token(provider.privateKey)],
    ['PS256', () => token(provider.privateKey, { alg: 'PS256' })],
    ['ES256', () => token(curve.privateKey, { alg: 'ES256', kid: 'ec' })],
    ['ES384', () => token(curve384.privateKey, { alg: 'ES384', kid: 'ec384' })],
    ['an audience list', () => token(provider.privateKey, { aud: ['api://other', AUDIENCE] })],
    ['expired within the leeway', () => token(provider.privateKey, { exp: now() - LEEWAY_SECONDS + 5 })],
    ['valid from now', () => token(provider.privateKey, { nbf: now() })],
  ] as const) {
    it(`lets a valid token through: ${name}`, async () => {
      const res = await call(`Bearer ${make()}`);
      assert.equal(res.status, 200);
      assert.equal((await res.json() as { name: string }).name, SERVICE.name);
    });
  }

  const header = (fields: unknown) => Buffer.from(JSON.stringify(fields)).toString('base64url');
  const [h, p] = token(provider.privateKey).split('.');
  const refused: [string, () => string | undefined, string][] = [
    ['no Authorization header', () => undefined, REQUIRED],
    ['another scheme', () => `Basic ${token(provider.privateKey)}`, REQUIRED],
    ['an empty bearer token', () => 'Bearer ', REQUIRED],
    ['another audience', () => `Bearer ${token(provider.privateKey, { aud: 'api://another-service' })}`, INVALID],
    ['no audience', () => `Bearer ${token(provider.privateKey, { aud: undefined })}`, INVALID],
    ['another issuer', () => `Bearer ${token(provider.privateKey, { iss: 'https://evil.example.com' })}`, INVALID],
    ['expired', () => `Bearer ${token(provider.privateKey, { exp: now() - 3600 })}`, INVALID],
    ['no expiry', () => `Bearer ${token(provider.privateKey, { exp: undefined })}`, INVALID],
    ['an expiry that is not a number', () => `Bearer ${token(provider.privateKey, { exp: 'tomorrow' })}`, INVALID],
    ['not valid yet', () => `Bearer ${token(provider.privateKey, { nbf: now() + 3600 })}`, INVALID],
    ['a not-before that is not a number', () => `Bearer ${token(provider.privateKey, { nbf: 'now' })}`, INVALID],
    ['signed by another key', () => `Bearer ${token(other.privateKey)}`, INVALID],
    ['an unknown key id', () => `Bearer ${token(other.privateKey, { kid: 'unknown' })}`, UNKNOWN_KEY],
    ['no key id', () => `Bearer ${token(provider.privateKey, { header: { kid: undefined } })}`, UNKNOWN_KEY],
    ['alg none, unsigned', () => `Bearer ${h}.${p}.`, INVALID],
    ['alg none', () => `Bearer ${header({ alg: 'none', kid: 'provider' })}.${p}.c2ln`, INVALID],
    ['HS256 with the public key as secret', () => `Bearer ${token(provider.publicKey.export({ type: 'spki', format: 'pem' }) as string, { alg: 'HS256' })}`, INVALID],
    ['an RSA algorithm on an EC key', () => `Bearer ${token(curve384.privateKey, { kid: 'ec384' })}`, INVALID],
    ['an EC algorithm on an RSA key', () => `Bearer ${token(curve.privateKey, { alg: 'ES256', kid: 'provider' })}`, INVALID],
    ['ES256 on a P-384 key', () => `Bearer ${token(curve384.privateKey, { alg: 'ES256', kid: 'ec384' })}`, INVALID],
    ['an algorithm the key is not for', () => `Bearer ${token(provider.privateKey, { kid: 'rs384-only' })}`, INVALID],
    ['an RSA key under 2048 bits', () => `Bearer ${token(weak.privateKey, { kid: 'weak' })}`, INVALID],
    ['a signature of the wrong size', () => `Bearer ${token(curve.privateKey, { alg: 'ES256', kid: 'ec' }).slice(0, -8)}`, INVALID],
    ['a critical extension', () => `Bearer ${token(provider.privateKey, { header: { crit: ['exp'] } })}`, INVALID],
    ['a key id that is not a string', () => `Bearer ${token(provider.privateKey, { kid: 7 })}`, INVALID],
    ['a header that is not JSON', () => `Bearer ${Buffer.from('{alg').toString('base64url')}.${p}.c2ln`, INVALID],
    ['claims that are not an object', () => `Bearer ${h}.${header([1])}.c2ln`, INVALID],
    ['claims that are null', () => `Bearer ${h}.${header(null)}.c2ln`, INVALID],
    ['claims that are a number', () => `Bearer ${h}.${header(7)}.c2ln`, INVALID],
    ['not a JWT', () => 'Bearer not-a-jwt', INVALID],
    ['a part that is not base64url', () => `Bearer ${h}.${p}.a+b/`, INVALID],
  ];
  for (const [name, authorization, reason] of refused) {
    it(`refuses ${name} with 401`, async () => {
      const res = await call(authorization());
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(await res.json(), { error: 'unauthorized', detail: reason });
    });
  }

  it('needs a token for an unknown path too (nothing is revealed without one)', async () => {
    const res = await call(undefined, '/nothing/here');
    assert.equal(res.status, 401);
  });

  it('leaves the probes open: the load balancer carries no token', async () => {
    for (const path of [SERVICE.livenessPath, SERVICE.readinessPath]) {
      assert.equal((await call(undefined, path)).status, 200, path);
    }
  });

  it('fetched the key set once for all of these requests', () => {
    // The unknown key ids asked for it again, at most once in the refresh interval.
    assert.ok(keySet.requests >= 1 && keySet.requests <= 2, String(keySet.requests));
  });

  it('logs nothing of a token', async () => {
    const secret = token(provider.privateKey, { sub: 'client-secret-subject' });
    const logged = () => sink.lines.filter(l => l.msg === 'request').length;
    const before = logged();
    await (await call(`Bearer ${secret}`)).arrayBuffer();
    await (await call(`Bearer ${secret}x`)).arrayBuffer();
    await waitUntil(() => logged() >= before + 2, 'both requests in the access log');
    const text = JSON.stringify(sink.lines);
    assert.ok(sink.lines.some(l => l.status === 401));
    for (const piece of secret.split('.')) assert.ok(!text.includes(piece));
    assert.doesNotMatch(text, /client-secret-subject|Bearer/);
  });
});

describe('createAuthenticator', () => {
  it('warns once per failed fetch, with why, and refuses the token', async () => {
    const keySet = new KeySetServer([]);
    const url = await keySet.start();
    keySet.answer = res => KeySetServer.json(res, { error: 'down' }, 503);
    const sink = new MemorySink();
    try {
      const authenticate = createAuthenticator({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url }, createLogger('info', sink));
      assert.deepEqual(await authenticate(`Bearer ${token(provider.privateKey)}`), { refused: UNKNOWN_KEY });
      assert.equal(sink.lines[0]!.msg, 'could not fetch the identity provider keys');
      assert.match(String(sink.lines[0]!.reason), /HTTP 503/);
    } finally {
      await keySet.stop();
    }
  });

  it('lets an unexpected failure through (the request then fails with 500)', async () => {
    const failing = () => {
      throw new Error('no clock');
    };
    const config = { issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:1/keys' };
    const authenticate = createAuthenticator(config, createLogger('info', new MemorySink()), { now: failing });
    await assert.rejects(authenticate(`Bearer ${token(provider.privateKey)}`), /no clock/);
  });

  it('gives the claims of a valid token', async () => {
    const keySet = new KeySetServer([jwk(provider.publicKey, { kid: 'provider' })]);
    const url = await keySet.start();
    try {
      const authenticate = createAuthenticator({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url }, createLogger('info', new MemorySink()));
      const result = await authenticate(`bearer ${token(provider.privateKey, { sub: 'client-7' })}`);
      assert.ok('claims' in result);
      assert.equal(result.claims.sub, 'client-7');
    } finally {
      await keySet.stop();
    }
  });
});
