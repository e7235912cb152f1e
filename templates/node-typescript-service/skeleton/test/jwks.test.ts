import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyStore, parseKeySet, type KeyStoreOptions } from '../src/jwks.ts';
import { KeySetServer, ec, jwk, rsa } from './tokens.ts';

const provider = jwk(rsa().publicKey, { kid: 'provider' });
const rotated = jwk(ec().publicKey, { kid: 'rotated', alg: 'ES256' });

/** A key store on a local key set server, with a clock the test moves. */
async function withStore(
  keys: Record<string, unknown>[],
  test: (store: KeyStore, server: KeySetServer, clock: { now: number; errors: Error[] }) => Promise<void>,
  options: Partial<KeyStoreOptions> = {},
) {
  const server = new KeySetServer(keys);
  const clock = { now: 1_000_000, errors: [] as Error[] };
  const store = new KeyStore({
    url: await server.start(),
    now: () => clock.now,
    onError: error => clock.errors.push(error),
    ...options,
  });
  try {
    await test(store, server, clock);
  } finally {
    await server.stop();
  }
}

describe('KeyStore', () => {
  it('fetches the key set once and keeps it for the TTL', async () => {
    await withStore([provider], async (store, server, clock) => {
      const [first, second] = await Promise.all([store.find('provider'), store.find('provider')]);
      assert.equal(first.length, 1);
      assert.equal(second.length, 1);
      assert.equal((await store.find('provider'))[0]!.kid, 'provider');
      assert.equal(server.requests, 1);
      clock.now += 300_000;
      await store.find('provider');
      assert.equal(server.requests, 2);
    });
  });

  it('fetches again for an unknown key id (a rotation), at most once per refresh interval', async () => {
    await withStore([provider], async (store, server, clock) => {
      await store.find('provider');
      server.answer = res => KeySetServer.json(res, { keys: [provider, rotated] });
      clock.now += 10_000;
      assert.equal((await store.find('rotated'))[0]!.alg, 'ES256');
      assert.equal(server.requests, 2);
      assert.deepEqual(await store.find('forged-1'), []);
      assert.deepEqual(await store.find('forged-2'), []);
      assert.equal(server.requests, 2);
    });
  });

  it('trusts no key past the TTL when the provider cannot be reached', async () => {
    await withStore([provider], async (store, server, clock) => {
      await store.find('provider');
      server.answer = res => KeySetServer.json(res, {}, 500);
      clock.now += 300_000;
      assert.deepEqual(await store.find('provider'), []);
      assert.match(clock.errors[0]!.message, /HTTP 500/);
    });
  });

  for (const [name, answer, error] of [
    ['an error status', res => KeySetServer.json(res, {}, 500), /HTTP 500/],
    ['a redirect (not followed)', res => res.writeHead(302, { Location: 'http://127.0.0.1:1/keys' }).end(), /HTTP 302/],
    ['no key set', res => KeySetServer.json(res, { keys: 'none' }), /did not answer a key set/],
    ['null', res => KeySetServer.json(res, null), /did not answer a key set/],
    ['text that is not JSON', res => res.end('<html>'), /not valid JSON|Unexpected token/],
    ['an answer larger than the limit', res => KeySetServer.json(res, { keys: [provider, provider, provider] }), /larger than 1000 bytes/],
  ] as const satisfies readonly [string, KeySetServer['answer'], RegExp][]) {
    it(`keeps no keys from ${name}, and says why`, async () => {
      await withStore(
        [],
        async (store, server, clock) => {
          server.answer = answer;
          assert.deepEqual(await store.find('provider'), []);
          assert.match(clock.errors[0]!.message, error);
        },
        { maxBytes: 1000 },
      );
    });
  }

  it('keeps no keys when nothing answers at the URL', async () => {
    assert.deepEqual(await new KeyStore({ url: 'http://127.0.0.1:1/keys' }).find('provider'), []);
  });

  it('gives up on a key set that takes longer than the timeout', async () => {
    await withStore(
      [],
      async (store, server, clock) => {
        server.answer = () => {}; // never answers
        const started = Date.now();
        assert.deepEqual(await store.find('provider'), []);
        // Ends near the 100 ms timeout, not at a connection's own (minutes); room for a busy runner.
        assert.ok(Date.now() - started < 10_000);
        assert.equal(clock.errors[0]!.name, 'TimeoutError');
      },
      { timeoutMs: 100 },
    );
  });
});

describe('parseKeySet', () => {
  it('keeps the signature keys and leaves out the others', () => {
    const keys = parseKeySet({
      keys: [
        provider,
        { ...rotated, kid: undefined },
        { ...provider, kid: 'encryption', use: 'enc' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
        { kty: 'RSA', n: 'AQAB', kid: 'broken' },
        null,
      ],
    });
    assert.deepEqual(
      keys.map(k => [k.kid, k.alg, k.key.asymmetricKeyType]),
      [
        ['provider', undefined, 'rsa'],
        [undefined, 'ES256', 'ec'],
      ],
    );
  });
});
