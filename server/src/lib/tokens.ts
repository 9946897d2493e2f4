import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { idParamSchema } from '@siyu/shared';
import { AppError } from './errors';

export const MEMBER_ACCESS_TTL_SECONDS = 15 * 60;
export const MEMBER_REFRESH_TTL_SECONDS = 30 * 24 * 3600;
export const STAFF_ACCESS_TTL_SECONDS = 8 * 3600;

const ISSUER = 'siyu';
type Audience = 'siyu:member' | 'siyu:staff';

const hmacKeys = new Map<string, crypto.KeyObject>();

/**
 * The HS256 secret as a KeyObject, made once per secret. Given a string, jsonwebtoken first tries to
 * parse it as a PEM public key on every call and builds the secret key after that throws: ~1 ms per
 * request under load, measured in the flash-sale benchmark (issue 11). Same key bytes, same checks.
 */
function hmacKey(secret: string): crypto.KeyObject {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.createSecretKey(Buffer.from(secret));
    hmacKeys.set(secret, key);
  }
  return key;
}

/** Signs a short-lived HS256 access token for a member or a staff account. */
export function signAccessToken(secret: string, audience: Audience, subject: number, ttlSeconds: number, now: Date, claims: object = {}): string {
  const iat = Math.floor(now.getTime() / 1000);
  return jwt.sign({ ...claims, iat }, hmacKey(secret), { algorithm: 'HS256', audience, issuer: ISSUER, subject: String(subject), expiresIn: ttlSeconds });
}

/** Verifies an access token; expired → 401 TOKEN_EXPIRED, anything else wrong → 401 TOKEN_INVALID. */
export function verifyAccessToken(secret: string, audience: Audience, token: string, now: Date): jwt.JwtPayload & { sub: string } {
  try {
    const payload = jwt.verify(token, hmacKey(secret), {
      algorithms: ['HS256'],
      audience,
      issuer: ISSUER,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    // The subject is a member or staff id (int4): anything else, even correctly signed, names nobody.
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || !idParamSchema.safeParse(payload.sub).success) {
      throw new AppError('TOKEN_INVALID');
    }
    return payload as jwt.JwtPayload & { sub: string };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED');
    throw new AppError('TOKEN_INVALID');
  }
}

/** Reads `Authorization: Bearer <token>`; null when absent, 401 when malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
  if (!match?.[1]) throw new AppError('TOKEN_INVALID');
  return match[1];
}

/** A fresh opaque refresh token (256 random bits). */
export function newOpaqueToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** SHA-256 of an opaque token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}
