import type { ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../../lib/rate-limit';

/** Wrong promo codes a member (or an IP) may type before being told to wait: codes cannot be enumerated. */
export const CODE_ATTEMPTS_PER_MEMBER: RateLimitRule = { limit: 20, windowSeconds: 600 };
export const CODE_ATTEMPTS_PER_IP: RateLimitRule = { limit: 60, windowSeconds: 600 };

function attemptKeys(sc: ServiceContext, memberId: number): [string, RateLimitRule][] {
  const keys: [string, RateLimitRule][] = [[`promo-code:member:${String(memberId)}`, CODE_ATTEMPTS_PER_MEMBER]];
  if (sc.ip) keys.push([`promo-code:ip:${sc.ip}`, CODE_ATTEMPTS_PER_IP]);
  return keys;
}

/** 429 when this member or IP already typed too many unknown codes (checked before looking the code up). */
async function assertCodeAttemptsLeft(sc: ServiceContext, memberId: number): Promise<void> {
  for (const [key, rule] of attemptKeys(sc, memberId)) {
    if ((await peekRateLimit(sc.db, key, rule, sc.now)) >= rule.limit)
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: rule.windowSeconds });
  }
}

async function countFailedCodeAttempt(sc: ServiceContext, memberId: number): Promise<void> {
  for (const [key, rule] of attemptKeys(sc, memberId)) await hitRateLimit(sc.db, key, rule, sc.now);
}

/**
 * Every use case that looks up a typed promo code (the quote, the order) runs through here: refused
 * with 429 when the member or IP typed too many unknown codes, and an unknown code — reported in the
 * result or thrown — counts one attempt. `sc` must not be inside a transaction: the count has to
 * survive the rollback of an order refused for its code.
 */
export async function withPromoCodeAttempts<T>(
  sc: ServiceContext,
  memberId: number,
  code: string | undefined,
  run: () => Promise<T>,
  isUnknownCode: (result: T) => boolean,
): Promise<T> {
  if (!code) return run();
  await assertCodeAttemptsLeft(sc, memberId);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'PROMO_CODE_INVALID') await countFailedCodeAttempt(sc, memberId);
    throw error;
  }
  if (isUnknownCode(result)) await countFailedCodeAttempt(sc, memberId);
  return result;
}
