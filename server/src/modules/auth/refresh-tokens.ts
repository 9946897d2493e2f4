import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { TokenPair } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { refreshTokens } from '../../db/schema';
import { hashToken, MEMBER_ACCESS_TTL_SECONDS, MEMBER_REFRESH_TTL_SECONDS, newOpaqueToken, signAccessToken } from '../../lib/tokens';

/** Issues an access token and a new refresh token in `familyId` (a new family on login). */
export async function issueTokenPair(db: Executor, jwtSecret: string, memberId: number, now: Date, familyId: string = crypto.randomUUID()): Promise<TokenPair> {
  const refreshToken = newOpaqueToken();
  await db.insert(refreshTokens).values({
    memberId,
    tokenHash: hashToken(refreshToken),
    familyId,
    expiresAt: new Date(now.getTime() + MEMBER_REFRESH_TTL_SECONDS * 1000),
    createdAt: now,
  });
  return {
    accessToken: signAccessToken(jwtSecret, 'siyu:member', memberId, MEMBER_ACCESS_TTL_SECONDS, now),
    accessTokenExpiresIn: MEMBER_ACCESS_TTL_SECONDS,
    refreshToken,
    refreshTokenExpiresIn: MEMBER_REFRESH_TTL_SECONDS,
  };
}

export type RotationResult = { ok: true; memberId: number; familyId: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Marks the presented refresh token as rotated, once: the conditional update lets exactly one of two
 * racing refreshes win. Presenting a token that was already rotated means it leaked: the whole family
 * is revoked (the caller commits that and answers 401).
 */
export async function rotateRefreshToken(db: Executor, token: string, now: Date): Promise<RotationResult> {
  const [row] = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  const rotated = await db
    .update(refreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (rotated.length === 0) {
    await revokeFamily(db, row.familyId, now);
    return { ok: false, reason: 'reused' };
  }
  return { ok: true, memberId: row.memberId, familyId: row.familyId };
}

/** Revokes every live token of a family (logout, or reuse detected). */
export async function revokeFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** The family of a token, if the token is known. */
export async function familyOf(db: Executor, token: string): Promise<string | null> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashToken(token)));
  return row?.familyId ?? null;
}
