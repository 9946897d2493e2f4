import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import { describeRule, type CouponCenterItem, type MemberCouponStatus, type MemberCouponView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { couponMemberCounts, couponTemplates, memberCoupons } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { hitRateLimit, type RateLimitRule } from '../../lib/rate-limit';
import { grantCouponOnce, templateLimitRefusal } from './grant';
import { ruleOf, scopeOf, toMemberCouponView, validityText, type TemplateRow } from './views';

/** Claim attempts (successful or not) per member and per IP: a bot cannot hammer the coupon center. */
export const CLAIM_RATE_LIMITS = {
  member: { limit: 20, windowSeconds: 60 },
  ip: { limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;

/** Templates in the coupon center: public, active, approved, claim window not over, validity not over. */
function centerConditions(now: Date): SQL[] {
  return [
    eq(couponTemplates.visibility, 'public'),
    eq(couponTemplates.status, 'active'),
    inArray(couponTemplates.approvalStatus, ['not_required', 'approved']),
    or(isNull(couponTemplates.claimEndsAt), gt(couponTemplates.claimEndsAt, now)) as SQL,
    or(eq(couponTemplates.validityKind, 'after_claim'), gt(couponTemplates.validTo, now)) as SQL,
  ];
}

function isClaimWindowOpen(row: TemplateRow, now: Date): boolean {
  const at = now.getTime();
  return (row.claimStartsAt === null || row.claimStartsAt.getTime() <= at) && (row.claimEndsAt === null || row.claimEndsAt.getTime() > at);
}

/** Coupons left to claim: the lower of what the count and the budget allow (null: unlimited). */
function remainingOf(row: TemplateRow): number | null {
  const byCount = row.totalCount === null ? null : Math.max(0, row.totalCount - row.issuedCount);
  const byBudget = row.budgetFen === null || row.faceValueFen <= 0 ? null : Math.max(0, Math.floor((row.budgetFen - row.committedFen) / row.faceValueFen));
  if (byCount === null) return byBudget;
  return byBudget === null ? byCount : Math.min(byCount, byBudget);
}

function centerItem(row: TemplateRow, now: Date, memberId: number | undefined, claimedByMe: number): CouponCenterItem {
  let reason: string | null = null;
  if (row.claimStartsAt !== null && row.claimStartsAt.getTime() > now.getTime()) reason = 'COUPON_CLAIM_NOT_OPEN';
  else reason = templateLimitRefusal(row);
  if (!reason && claimedByMe >= row.perMemberCap) reason = 'COUPON_CLAIM_CAP_REACHED';
  if (!reason && memberId === undefined) reason = 'UNAUTHENTICATED';
  return {
    templateId: row.id,
    name: row.name,
    description: row.description,
    ruleText: describeRule(ruleOf(row)),
    rule: ruleOf(row),
    scope: scopeOf(row),
    validityText: validityText(row),
    claimEndsAt: row.claimEndsAt?.toISOString() ?? null,
    perMemberCap: row.perMemberCap,
    claimedByMe,
    remaining: remainingOf(row),
    canClaim: reason === null,
    reason,
  };
}

/** GET /api/coupons/center: guests see the list too, with canClaim false (reason UNAUTHENTICATED). */
export async function listCouponCenter(sc: ServiceContext): Promise<{ items: CouponCenterItem[]; serverNow: string }> {
  const rows = await sc.db
    .select()
    .from(couponTemplates)
    .where(and(...centerConditions(sc.now)))
    .orderBy(desc(couponTemplates.createdAt), desc(couponTemplates.id));
  const counts = new Map<number, number>();
  if (sc.memberId !== undefined && rows.length > 0) {
    const held = await sc.db
      .select()
      .from(couponMemberCounts)
      .where(
        and(
          eq(couponMemberCounts.memberId, sc.memberId),
          inArray(
            couponMemberCounts.templateId,
            rows.map((row) => row.id),
          ),
        ),
      );
    for (const entry of held) counts.set(entry.templateId, entry.count);
  }
  return { items: rows.map((row) => centerItem(row, sc.now, sc.memberId, counts.get(row.id) ?? 0)), serverNow: sc.now.toISOString() };
}

/** Claiming adds to the grant's checks: the coupon is in the center (public) and its claim window is open. */
function assertClaimable(row: TemplateRow, now: Date): void {
  if (row.visibility !== 'public') throw new AppError('COUPON_NOT_CLAIMABLE');
  if (!isClaimWindowOpen(row, now))
    throw new AppError('COUPON_CLAIM_NOT_OPEN', undefined, {
      claimStartsAt: row.claimStartsAt?.toISOString() ?? null,
      claimEndsAt: row.claimEndsAt?.toISOString() ?? null,
    });
}

/** Counts one claim attempt per member and per IP (committed whatever the claim's outcome); 429 past either limit. */
export async function limitClaimAttempts(sc: ServiceContext, memberId: number): Promise<void> {
  const byMember = await hitRateLimit(sc.db, `coupon-claim:member:${memberId}`, CLAIM_RATE_LIMITS.member, sc.now);
  const byIp = await hitRateLimit(sc.db, `coupon-claim:ip:${sc.ip ?? 'unknown'}`, CLAIM_RATE_LIMITS.ip, sc.now);
  if (byMember > CLAIM_RATE_LIMITS.member.limit || byIp > CLAIM_RATE_LIMITS.ip.limit) throw new AppError('TOO_MANY_ATTEMPTS');
}

/**
 * POST /api/coupons/center/:templateId/claim, in one transaction. The key carries the member's new
 * count of the template, so two devices of one member cannot both take the last slot.
 */
export async function claimCoupon(sc: ServiceContext, memberId: number, templateId: number): Promise<MemberCouponView> {
  return inTransaction(sc, async (tx) => {
    const input = { templateId, memberId, source: 'claim' as const, sourceKey: (n: number) => `claim:${templateId}:${memberId}:${n}` };
    return (await grantCouponOnce(tx, input, assertClaimable)).coupon;
  });
}

/** GET /api/me/coupons?status=…: 'expired' is derived (available, expiry passed); available ones soonest expiry first. */
export async function listMemberCoupons(sc: ServiceContext, memberId: number, status: MemberCouponStatus): Promise<{ items: MemberCouponView[] }> {
  const conditions: SQL[] = [eq(memberCoupons.memberId, memberId)];
  let order: SQL[] = [desc(memberCoupons.updatedAt), desc(memberCoupons.id)];
  if (status === 'available') {
    conditions.push(eq(memberCoupons.status, 'available'), gt(memberCoupons.expiresAt, sc.now));
    order = [asc(memberCoupons.expiresAt), asc(memberCoupons.id)];
  } else if (status === 'expired') {
    conditions.push(eq(memberCoupons.status, 'available'), lte(memberCoupons.expiresAt, sc.now));
    order = [desc(memberCoupons.expiresAt), desc(memberCoupons.id)];
  } else {
    conditions.push(eq(memberCoupons.status, status));
    if (status === 'used') order = [desc(memberCoupons.usedAt), desc(memberCoupons.id)];
  }
  const rows = await sc.db
    .select({
      coupon: memberCoupons,
      template: { name: couponTemplates.name, rule: couponTemplates.rule, scope: couponTemplates.scope, stackingGroup: couponTemplates.stackingGroup },
    })
    .from(memberCoupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, memberCoupons.templateId))
    .where(and(...conditions))
    .orderBy(...order);
  return { items: rows.map(({ coupon, template }) => toMemberCouponView(coupon, template, sc.now)) };
}
