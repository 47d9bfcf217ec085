import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/** JOSE tokens. Both kinds are HS256 JWTs told apart by the pinned `typ` header:
 * - access (`at+jwt`): ≤15 min, `sub` = user id, `sid` = device session id;
 * - device (`device+jwt`): carries the device session id, its generation and a 256-bit secret
 *   whose sha256 is all the database keeps. The secret is HMAC(key, nonce), so the server can
 *   hand out the same current token again (a client that lost a refresh answer) without
 *   storing it: a database leak alone yields no usable token. */
const ALG = 'HS256';
const ISSUER = 'intranet-messenger';
const AUDIENCE = 'intranet-messenger';
export const ACCESS_TYP = 'at+jwt';
export const DEVICE_TYP = 'device+jwt';

export interface AccessClaims {
  userId: number;
  sessionId: number;
  expiresAt: number; // epoch seconds
}

export interface DeviceClaims {
  sessionId: number;
  generation: number;
  secret: string;
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** Verified access tokens, so a client's repeated requests cost one map lookup instead of an
 * HMAC each. Bounded; an entry never outlives its token's exp. Revocation is checked separately
 * (session state) on every request, so caching the signature check changes nothing there. */
class VerifiedCache {
  private map = new Map<string, AccessClaims>();
  constructor(private readonly max = 10_000) {}
  get(token: string): AccessClaims | undefined {
    const hit = this.map.get(token);
    if (hit && hit.expiresAt * 1000 <= Date.now()) {
      this.map.delete(token);
      return undefined;
    }
    return hit;
  }
  set(token: string, claims: AccessClaims): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(token, claims);
  }
}

export class TokenService {
  /** Imported once: jose would otherwise import the raw key on every sign and verify. */
  private readonly key: Promise<CryptoKey>;
  private readonly verified = new VerifiedCache();

  constructor(
    jwtKey: Uint8Array,
    private readonly hmacKey: Uint8Array,
    private readonly accessTtlSeconds: number,
  ) {
    this.key = crypto.webcrypto.subtle.importKey('raw', jwtKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) as Promise<CryptoKey>;
  }

  async signAccess(userId: number, sessionId: number): Promise<{ token: string; expiresAt: Date }> {
    const exp = Math.floor(Date.now() / 1000) + this.accessTtlSeconds;
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: ALG, typ: ACCESS_TYP })
      .setSubject(String(userId))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** null for anything but a valid, unexpired access token of ours. */
  async verifyAccess(token: string): Promise<AccessClaims | null> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALG],
        typ: ACCESS_TYP,
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'sid', 'exp'],
      });
      const userId = Number(payload.sub);
      const sessionId = payload.sid;
      if (!Number.isSafeInteger(userId) || userId <= 0 || typeof sessionId !== 'number' || !Number.isSafeInteger(sessionId)) {
        return null;
      }
      const claims = { userId, sessionId, expiresAt: payload.exp! };
      this.verified.set(token, claims);
      return claims;
    } catch {
      return null;
    }
  }

  /** The secret is derived from a per-generation random nonce, so it is known before the row
   * (and its id) exists, and can be derived again for the grace answer. */
  deviceSecret(nonce: string): string {
    return crypto.createHmac('sha256', this.hmacKey).update(`device:${nonce}`).digest('base64url');
  }

  /** Deterministic for a given (session, generation, nonce, expiry): no iat, no jti. */
  async signDevice(sessionId: number, generation: number, nonce: string, expiresAt: Date): Promise<{ token: string; hash: string }> {
    const secret = this.deviceSecret(nonce);
    const token = await new SignJWT({ sid: sessionId, gen: generation, sec: secret })
      .setProtectedHeader({ alg: ALG, typ: DEVICE_TYP })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, hash: sha256Hex(secret) };
  }

  /** Signature, typ, audience and exp checked (exp equals the session's sliding expiry at issue). */
  async verifyDevice(token: string): Promise<DeviceClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALG],
        typ: DEVICE_TYP,
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sid', 'gen', 'sec'],
      });
      const { sid, gen, sec } = payload;
      if (typeof sid !== 'number' || typeof gen !== 'number' || typeof sec !== 'string') return null;
      return { sessionId: sid, generation: gen, secret: sec };
    } catch {
      return null;
    }
  }

  /** Cheap look at the header, to tell a device token from an access token on Authorization. */
  static kindOf(token: string): 'access' | 'device' | null {
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { typ?: unknown };
      return header.typ === ACCESS_TYP ? 'access' : header.typ === DEVICE_TYP ? 'device' : null;
    } catch {
      return null;
    }
  }

  /** CSRF token bound to the device session: stable for the session's whole life, so it never
   * expires under an hour of use (the origin's expired after an hour and broke long sessions). */
  csrfToken(sessionId: number): string {
    return crypto.createHmac('sha256', this.hmacKey).update(`csrf:${sessionId}`).digest('base64url');
  }

  checkCsrf(sessionId: number, presented: string | undefined | null): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfToken(sessionId));
    const got = Buffer.from(presented);
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  }
}
