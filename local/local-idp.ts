/**
 * The local stand-in for Cognito: an RS256 key pair kept under .data/, tokens shaped like Cognito
 * access tokens, and a verifier that applies the HTTP API JWT authorizer's rules (signature by a
 * known key id, issuer, an expiry that must be there and not passed, an access token — never an ID
 * token — with the audience in `aud` or `client_id`). Exists only locally.
 */
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const LOCAL_ISSUER = 'urn:union-benefits:local-idp';
export const LOCAL_AUDIENCE = 'union-benefits-local-app';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

type Key = Awaited<ReturnType<typeof importJWK>>;

export class LocalIdentityProvider {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: Key,
    private readonly publicKey: Key,
  ) {}

  /** Loads the key pair from `dir`, creating it on first use. */
  static async open(dir: string): Promise<LocalIdentityProvider> {
    const file = path.join(dir, 'local-idp-key.json');
    let stored: StoredKey;
    if (existsSync(file)) {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    } else {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      stored = { kid: randomUUID(), privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    }
    return new LocalIdentityProvider(
      stored.kid,
      await importJWK(stored.privateJwk, 'RS256'),
      await importJWK(stored.publicJwk, 'RS256'),
    );
  }

  /** A Cognito-style access token for `subject`, valid for `ttlSeconds`. */
  async issue(subject: string, options: { username?: string; ttlSeconds?: number; now?: Date } = {}): Promise<string> {
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    return new SignJWT({
      client_id: LOCAL_AUDIENCE,
      token_use: 'access',
      scope: 'openid profile',
      username: options.username ?? subject,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.ttlSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /**
   * Verifies a bearer token as the HTTP API JWT authorizer does. Returns the claims, or a reason
   * the token was refused.
   */
  async verify(authorization: string | undefined): Promise<{ claims: JWTPayload } | { refused: string }> {
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
    if (!match) return { refused: 'no bearer token in the Authorization header' };
    try {
      const { payload } = await jwtVerify(match[1]!, async (header) => {
        if (header.kid !== this.kid) throw new Error('unknown signing key');
        return this.publicKey;
      }, { issuer: LOCAL_ISSUER, algorithms: ['RS256'], requiredClaims: ['exp'] });
      // Like the deployed authorizer: access tokens only (an ID token carries the audience too).
      if (payload.token_use !== 'access') return { refused: 'not an access token' };
      const audiences = [payload.aud, payload.client_id].flat().filter((v): v is string => typeof v === 'string');
      if (!audiences.includes(LOCAL_AUDIENCE)) return { refused: 'the token is for another audience' };
      return { claims: payload };
    } catch (error) {
      return { refused: (error as Error).message };
    }
  }
}

/**
 * Claims as the HTTP API JWT authorizer hands them to Lambda: every value a string, arrays as
 * "[a b]".
 */
export function authorizerClaims(claims: JWTPayload): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    result[key] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : String(value);
  }
  return result;
}
