// The identity provider's signing keys (a JWKS, RFC 7517), fetched from AUTH_JWT_JWKS_URL and kept
// for a bounded time. A token naming a key id the cache lacks triggers a refresh (the provider
// rotated its keys), at most once per MIN_REFRESH_MS so random key ids cannot flood the provider.
import { createPublicKey, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string | undefined;
  /** The JWK's own `alg`, when it names one: the key may then only verify that algorithm. */
  alg: string | undefined;
  key: KeyObject;
}

export interface KeyStoreOptions {
  url: string;
  /** How long fetched keys are trusted before they are fetched again. */
  ttlMs?: number;
  /** The least time between two fetches, whatever the tokens ask for. */
  minRefreshMs?: number;
  timeoutMs?: number;
  /** The largest key set read; a bigger answer is refused. */
  maxBytes?: number;
  now?: () => number;
  /** Told why a fetch failed (the keys then stay as they were). */
  onError?: (error: Error) => void;
}

export class KeyStore {
  readonly #options: Required<KeyStoreOptions>;
  #keys: SigningKey[] = [];
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;

  constructor(options: KeyStoreOptions) {
    this.#options = {
      ttlMs: 300_000,
      minRefreshMs: 10_000,
      timeoutMs: 5_000,
      maxBytes: 256 * 1024,
      now: Date.now,
      onError: () => {},
      ...options,
    };
  }

  /** The keys with this key id (absent matches absent, as in PyJWT), fetched again when needed. */
  async find(kid: string | undefined): Promise<SigningKey[]> {
    const { now, ttlMs, minRefreshMs } = this.#options;
    const fresh = now() - this.#fetchedAt < ttlMs;
    if (!this.#pending && (!fresh || !this.#matching(kid).length) && now() - this.#attemptedAt >= minRefreshMs) {
      this.#pending = this.#refresh().finally(() => (this.#pending = undefined));
    }
    await this.#pending; // one fetch at a time, which every caller meanwhile waits for
    // Keys older than the TTL are not trusted, even when the provider cannot be reached.
    return now() - this.#fetchedAt < ttlMs ? this.#matching(kid) : [];
  }

  #matching(kid: string | undefined): SigningKey[] {
    return this.#keys.filter(k => k.kid === kid);
  }

  async #refresh(): Promise<void> {
    this.#attemptedAt = this.#options.now();
    try {
      this.#keys = parseKeySet(await this.#fetch());
      this.#fetchedAt = this.#attemptedAt;
    } catch (error) {
      this.#options.onError(error as Error);
    }
  }

  async #fetch(): Promise<unknown> {
    const { url, timeoutMs, maxBytes } = this.#options;
    // A redirect is not followed: the keys come from the configured address only.
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`the JWKS URL answered HTTP ${res.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new Error(`the key set is larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }
}

/** The signature keys of a JWKS document; keys for encryption or of another type are left out. */
export function parseKeySet(document: unknown): SigningKey[] {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the JWKS URL did not answer a key set ({"keys": [...]})');
  return keys.flatMap((jwk: Record<string, unknown>) => {
    try {
      if ((jwk.use ?? 'sig') !== 'sig' || (jwk.kty !== 'RSA' && jwk.kty !== 'EC')) return [];
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      return [{ kid: text(jwk.kid), alg: text(jwk.alg), key }];
    } catch {
      return []; // not a key, or a malformed one: it cannot verify anything
    }
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
