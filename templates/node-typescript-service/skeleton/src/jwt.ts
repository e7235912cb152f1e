// JWT bearer tokens (RFC 7519) from the identity provider: the signature, with one of its published
// keys under an allowed asymmetric algorithm, then the issuer, the audience and the validity period.
import { constants, verify, type KeyObject } from 'node:crypto';
import type { KeyStore } from './jwks.ts';

export interface JwtSettings {
  issuer: string;
  audience: string;
}

export type Claims = Record<string, unknown>;

interface Algorithm {
  hash: string;
  /** EC keys: the curve the algorithm is defined on; RSA keys otherwise. */
  curve?: string;
  pss?: boolean;
}

// Asymmetric algorithms only: a token "signed" with none, or with the public key as an HMAC
// secret (HS256), names an algorithm that is not here and is refused.
const ALGORITHMS = new Map<string, Algorithm>([
  ['RS256', { hash: 'sha256' }],
  ['RS384', { hash: 'sha384' }],
  ['RS512', { hash: 'sha512' }],
  ['PS256', { hash: 'sha256', pss: true }],
  ['ES256', { hash: 'sha256', curve: 'prime256v1' }],
  ['ES384', { hash: 'sha384', curve: 'secp384r1' }],
]);

/** Clock skew tolerated between the provider and the service, in seconds. */
export const LEEWAY_SECONDS = 30;
/** RSA keys shorter than this are refused. */
const MIN_RSA_BITS = 2048;

export const UNKNOWN_KEY = "the token's signing key is not the identity provider's";
export const INVALID = 'the token is not valid for this service';

/** Why a token is refused, in words safe to send back (never the token or its claims). */
export class TokenError extends Error {}

/** The token's claims when it is valid for this service; a TokenError otherwise. */
export async function verifyToken(
  token: string,
  settings: JwtSettings,
  keys: KeyStore,
  nowMs = Date.now(),
): Promise<Claims> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every(part => /^[A-Za-z0-9_-]+$/.test(part))) throw new TokenError(INVALID);
  const [header, payload, signature] = parts as [string, string, string];
  const { alg, kid, crit } = decode(header);
  const algorithm = ALGORITHMS.get(String(alg));
  // Extensions the token says must be understood (crit) are not: refused.
  if (!algorithm || crit !== undefined || (kid !== undefined && typeof kid !== 'string')) throw new TokenError(INVALID);
  const found = await keys.find(kid);
  if (!found.length) throw new TokenError(UNKNOWN_KEY);
  const signed = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  const valid = found.some(k => (k.alg ?? alg) === alg && fits(k.key, algorithm) && signs(k.key, algorithm, signed, bytes));
  if (!valid) throw new TokenError(INVALID);
  const claims = decode(payload);
  if (!acceptable(claims, settings, nowMs / 1000)) throw new TokenError(INVALID);
  return claims;
}

function decode(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError(INVALID);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TokenError(INVALID);
  return value as Record<string, unknown>;
}

/** The key is of the algorithm's type: the curve for ES*, a long enough RSA key for RS* and PS*. */
function fits(key: KeyObject, algorithm: Algorithm): boolean {
  const details = key.asymmetricKeyDetails!;
  if (algorithm.curve) return key.asymmetricKeyType === 'ec' && details.namedCurve === algorithm.curve;
  return key.asymmetricKeyType === 'rsa' && details.modulusLength! >= MIN_RSA_BITS;
}

/** The signature is the key's over the data (ES*: r and s as JOSE writes them, not DER). */
function signs(key: KeyObject, algorithm: Algorithm, data: Buffer, signature: Buffer): boolean {
  const padding = algorithm.pss
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : {};
  return verify(algorithm.hash, data, { key, dsaEncoding: 'ieee-p1363', ...padding }, signature);
}

/** Issued by the provider for this service, not expired, not before its time (with the leeway). */
function acceptable(claims: Claims, { issuer, audience }: JwtSettings, now: number): boolean {
  const { iss, aud, exp, nbf } = claims;
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  return (
    iss === issuer &&
    audiences.includes(audience) &&
    typeof exp === 'number' &&
    now < exp + LEEWAY_SECONDS &&
    (nbf === undefined || (typeof nbf === 'number' && nbf <= now + LEEWAY_SECONDS))
  );
}
