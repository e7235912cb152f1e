import Database from 'better-sqlite3';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test-only sign-in as any catalog user, doing what the auth backend does when a sign-in resolver
 * signs a user in: issue a token signed with the backend's key (here a key pair this test wrote,
 * auth.keyStore provider `static`, in a config file only tests pass) and record the user's ownership
 * refs in the auth plugin's user_info table (what plugins acting for the user look up). Production
 * keeps the database key store; nothing here is in the backend's code or configuration. SQLite only.
 */
export interface TestSigner {
  /** Config file (JSON) setting auth.keyStore to this key pair; pass it after app-config.yaml. */
  configFile: string;
  /** Signs the user in: a Backstage user token for `userEntityRef` with these ownership refs. */
  userToken(userEntityRef: string, ownershipEntityRefs: string[]): string;
}

const KEY_ID = 'golden-path-test';
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const es256 = (data: string, key: KeyObject) =>
  sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');

/**
 * `dir` holds the key pair (kept when it is there: a backend restarted on the same data dir accepts
 * the tokens of the one before, as production's database key store does); `sqliteDir` is the
 * backend's SQLite folder (backend.database.connection.directory).
 */
export function createTestSigner(dir: string, issuer: string, sqliteDir: string): TestSigner {
  const publicKeyFile = join(dir, 'test-signing-key.pub.pem');
  const privateKeyFile = join(dir, 'test-signing-key.pem');
  const { publicKey, privateKey } = existsSync(privateKeyFile)
    ? {
        privateKey: createPrivateKey(readFileSync(privateKeyFile)),
        publicKey: createPublicKey(readFileSync(publicKeyFile)),
      }
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const configFile = join(dir, 'app-config.test-signing-key.yaml');
  const keyStore = { provider: 'static', static: { keys: [{ publicKeyFile, privateKeyFile, keyId: KEY_ID }] } };
  writeFileSync(configFile, JSON.stringify({ auth: { keyStore } }, null, 2)); // JSON is YAML

  return {
    configFile,
    userToken(sub, ent) {
      const db = new Database(join(sqliteDir, 'auth.sqlite'));
      try {
        db.prepare(
          `INSERT INTO user_info (user_entity_ref, user_info, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (user_entity_ref) DO UPDATE SET user_info = excluded.user_info, updated_at = excluded.updated_at`,
        ).run(sub, JSON.stringify({ claims: { sub, ent } }), new Date().toISOString().replace('T', ' ').slice(0, 23));
      } finally {
        db.close();
      }
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + 3600;
      // As the auth backend's issueUserToken: `uip` proves the identity for limited (cookie) tokens.
      const limitedHeader = base64url({ typ: 'vnd.backstage.limited-user', alg: 'ES256', kid: KEY_ID });
      const uip = es256(`${limitedHeader}.${base64url({ sub, iat, exp })}`, privateKey);
      const header = base64url({ typ: 'vnd.backstage.user', alg: 'ES256', kid: KEY_ID });
      const payload = base64url({ iss: issuer, sub, ent, aud: 'backstage', iat, exp, uip });
      return `${header}.${payload}.${es256(`${header}.${payload}`, privateKey)}`;
    },
  };
}
