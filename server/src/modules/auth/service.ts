import type { WechatLoginBody, WechatLoginResponse, TokenPair } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../../lib/rate-limit';
import { toMeResponse, upsertMemberOnLogin } from '../members/repo';
import { familyOf, issueTokenPair, revokeFamily, rotateRefreshToken } from './refresh-tokens';
import { toAppError } from './wechat-errors';
import { ensureMemberAccount } from '../membership';
import { awardSignupPoints } from '../points';
import { attributeLogin } from '../touches';
import { mergeDeviceBehaviour } from '../behaviour';

/** Code exchanges per IP per minute, and failed exchanges per IP per 10 minutes, before 429. */
export const WECHAT_LOGIN_LIMIT: RateLimitRule = { limit: 60, windowSeconds: 60 };
export const WECHAT_LOGIN_FAILURE_LIMIT: RateLimitRule = { limit: 10, windowSeconds: 600 };

/**
 * POST /api/auth/wechat: code → openid through WeChat (outside any transaction), then the member is
 * created or found and a token pair issued in one transaction.
 */
export async function loginWithWechat(sc: ServiceContext, deps: AppDeps, body: WechatLoginBody): Promise<WechatLoginResponse> {
  const ipKey = sc.ip ?? 'unknown';
  const failures = await peekRateLimit(sc.db, `wxlogin-fail:${ipKey}`, WECHAT_LOGIN_FAILURE_LIMIT, sc.now);
  const attempts = await hitRateLimit(sc.db, `wxlogin:${ipKey}`, WECHAT_LOGIN_LIMIT, sc.now);
  if (failures >= WECHAT_LOGIN_FAILURE_LIMIT.limit || attempts > WECHAT_LOGIN_LIMIT.limit) {
    throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: WECHAT_LOGIN_FAILURE_LIMIT.windowSeconds });
  }
  let session;
  try {
    session = await deps.wechat.code2Session(body.code);
  } catch (error) {
    await hitRateLimit(sc.db, `wxlogin-fail:${ipKey}`, WECHAT_LOGIN_FAILURE_LIMIT, sc.now);
    throw toAppError(error, 'WECHAT_CODE_INVALID');
  }
  return inTransaction(sc, async (tx) => {
    const { member, isNew } = await upsertMemberOnLogin(tx.db, {
      openid: session.openid,
      unionid: session.unionid,
      nickname: `微信用户${session.openid.slice(-4)}`,
      firstLaunch: body.launch ?? null,
      now: tx.now,
    });
    if (isNew) {
      await ensureMemberAccount(tx.db, member.id, tx.now);
      await awardSignupPoints(tx, member.id);
    }
    await attributeLogin(tx.db, { memberId: member.id, isNew, deviceId: body.deviceId ?? null, now: tx.now });
    await mergeDeviceBehaviour(tx.db, { deviceId: body.deviceId ?? null, memberId: member.id, now: tx.now });
    const tokens = await issueTokenPair(tx.db, deps.config.jwtSecret, member.id, tx.now);
    return { ...tokens, member: toMeResponse(member, deps.phoneCrypto), isNewMember: isNew };
  });
}

/** POST /api/auth/refresh: rotates the refresh token; a reused one revokes its family and fails. */
export async function refreshTokens(sc: ServiceContext, deps: AppDeps, refreshToken: string): Promise<TokenPair> {
  const outcome = await inTransaction(sc, async (tx) => {
    const rotation = await rotateRefreshToken(tx.db, refreshToken, tx.now);
    if (!rotation.ok) return rotation;
    return { ok: true as const, pair: await issueTokenPair(tx.db, deps.config.jwtSecret, rotation.memberId, tx.now, rotation.familyId) };
  });
  // Thrown after the commit, so that a family revoked on reuse stays revoked.
  if (!outcome.ok) throw new AppError('REFRESH_TOKEN_INVALID', undefined, { reason: outcome.reason });
  return outcome.pair;
}

/** POST /api/auth/logout: revokes the session (the token's family). Idempotent. */
export async function logout(sc: ServiceContext, refreshToken: string): Promise<void> {
  const familyId = await familyOf(sc.db, refreshToken);
  if (familyId) await revokeFamily(sc.db, familyId, sc.now);
}
