/**
 * One-time redemption codes. A code is 16 characters drawn with node:crypto from a 32-letter alphabet
 * without look-alikes (no 0/O, 1/I/L): 80 random bits, so codes cannot be found by enumeration, and
 * failed attempts are throttled per member and per IP on top.
 */
import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CouponCodesResult, MemberCouponView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { couponCodes } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../../lib/rate-limit';
import { recordAudit } from '../audit';
import { grantCoupon, lockTemplate } from './grant';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 16;
const INSERT_CHUNK = 1000;

/** Failed redemptions (unknown or used codes) per member and per IP. */
export const REDEEM_RATE_LIMITS = {
  member: { limit: 10, windowSeconds: 600 },
  ip: { limit: 30, windowSeconds: 600 },
} as const satisfies Record<string, RateLimitRule>;

export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a member typed, as stored: upper-case, without spaces or dashes ("abcd-efgh …" → "ABCDEFGH…"). */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-‐-―－]/g, '');
}

/** Inserts `count` fresh codes; a (vanishingly rare) collision with an existing code is drawn again. */
async function insertCodes(tx: ServiceContext, templateId: number, batch: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const wanted = Math.min(INSERT_CHUNK, count - codes.length);
    const values = Array.from({ length: wanted }, () => ({ templateId, batch, code: generateCode(), createdAt: tx.now }));
    const inserted = await tx.db.insert(couponCodes).values(values).onConflictDoNothing().returning({ code: couponCodes.code });
    codes.push(...inserted.map((row) => row.code));
  }
  return codes;
}

/** POST /api/admin/coupon-templates/:id/codes: a new batch of codes, shown once; audited with the count only. */
export async function generateCodes(sc: ServiceContext, templateId: number, body: { count: number; batch: string }): Promise<CouponCodesResult> {
  return inTransaction(sc, async (tx) => {
    const template = await lockTemplate(tx.db, templateId);
    if (template.status !== 'active') throw new AppError('COUPON_STOPPED');
    const [existing] = await tx.db
      .select({ id: couponCodes.id })
      .from(couponCodes)
      .where(and(eq(couponCodes.templateId, templateId), eq(couponCodes.batch, body.batch)))
      .limit(1);
    if (existing) throw new AppError('COUPON_CODE_BATCH_EXISTS', undefined, { batch: body.batch });
    const codes = await insertCodes(tx, templateId, body.batch, body.count);
    await recordAudit(tx, {
      action: 'coupon_template.codes',
      targetType: 'coupon_template',
      targetId: templateId,
      after: { batch: body.batch, count: codes.length },
    });
    return { batch: body.batch, codes };
  });
}

const FAILURE_CODES = new Set(['COUPON_CODE_INVALID', 'COUPON_CODE_USED']);

function redeemKeys(sc: ServiceContext, memberId: number) {
  return { member: `coupon-redeem:member:${memberId}`, ip: `coupon-redeem:ip:${sc.ip ?? 'unknown'}` };
}

/**
 * POST /api/coupons/redeem. The failure limits are checked before the code is looked up, so a member
 * (or an IP) that is locked out learns nothing more. Marking the code and granting the coupon are one
 * transaction: a refused grant (sold out, cap) leaves the code unredeemed.
 */
export async function redeemCode(sc: ServiceContext, memberId: number, input: string): Promise<MemberCouponView> {
  const keys = redeemKeys(sc, memberId);
  const memberFailures = await peekRateLimit(sc.db, keys.member, REDEEM_RATE_LIMITS.member, sc.now);
  const ipFailures = await peekRateLimit(sc.db, keys.ip, REDEEM_RATE_LIMITS.ip, sc.now);
  if (memberFailures >= REDEEM_RATE_LIMITS.member.limit || ipFailures >= REDEEM_RATE_LIMITS.ip.limit) throw new AppError('TOO_MANY_ATTEMPTS');
  const code = normaliseCode(input);
  try {
    return await inTransaction(sc, async (tx) => {
      const [row] = await tx.db.select().from(couponCodes).where(eq(couponCodes.code, code));
      if (!row) throw new AppError('COUPON_CODE_INVALID');
      const [taken] = await tx.db
        .update(couponCodes)
        .set({ redeemedBy: memberId, redeemedAt: tx.now })
        .where(and(eq(couponCodes.id, row.id), isNull(couponCodes.redeemedBy)))
        .returning({ id: couponCodes.id });
      if (!taken) throw new AppError('COUPON_CODE_USED');
      return grantCoupon(tx, { templateId: row.templateId, memberId, source: 'code', sourceKey: `code:${row.id}` });
    });
  } catch (error) {
    if (error instanceof AppError && FAILURE_CODES.has(error.code)) {
      await hitRateLimit(sc.db, keys.member, REDEEM_RATE_LIMITS.member, sc.now);
      await hitRateLimit(sc.db, keys.ip, REDEEM_RATE_LIMITS.ip, sc.now);
    }
    throw error;
  }
}

/** Codes of a template: how many exist and how many were redeemed. */
export async function codeCounts(sc: ServiceContext, templateId: number): Promise<{ total: number; redeemed: number }> {
  const [row] = await sc.db
    .select({ total: sql<number>`count(*)::int`, redeemed: sql<number>`count(${couponCodes.redeemedBy})::int` })
    .from(couponCodes)
    .where(eq(couponCodes.templateId, templateId));
  return { total: row?.total ?? 0, redeemed: row?.redeemed ?? 0 };
}
