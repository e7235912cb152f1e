// Bearer-token authentication, when the service is configured for it (clientAuth jwt): every
// request but the probes must carry `Authorization: Bearer <JWT>` signed by one of the identity
// provider's keys (published at AUTH_JWT_JWKS_URL), issued by AUTH_JWT_ISSUER for
// AUTH_JWT_AUDIENCE, and not expired. Nothing about a token is logged.
import type { JwtConfig } from './config.ts';
import { KeyStore, type KeyStoreOptions } from './jwks.ts';
import { TokenError, verifyToken, type Claims } from './jwt.ts';
import type { Logger } from './logger.ts';

export type Authentication = { claims: Claims } | { refused: string };

/** Checks a request's Authorization header: its token's claims, or why it is refused. */
export type Authenticator = (authorization: string | undefined) => Promise<Authentication>;

export function createAuthenticator(
  config: JwtConfig,
  logger: Logger,
  keyStore: Partial<KeyStoreOptions> = {},
): Authenticator {
  const keys = new KeyStore({
    url: config.jwksUrl,
    onError: error => logger.warn('could not fetch the identity provider keys', { reason: error.message }),
    ...keyStore,
  });
  return async authorization => {
    const token = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    if (!token) return { refused: 'a bearer token is required' };
    try {
      return { claims: await verifyToken(token, config, keys) };
    } catch (error) {
      if (error instanceof TokenError) return { refused: error.message };
      throw error;
    }
  };
}
