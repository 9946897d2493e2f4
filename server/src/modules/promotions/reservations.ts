/**
 * What an order takes from promotions, inside the order's transaction, by conditional updates only —
 * so no race passes a cap: flash-sale units (total and per member), the promo code's uses (total and
 * per member), the member's coupons (available → locked). Each take is recorded in
 * order_promotion_claims, which is what closing, paying and refunding the order act on, once.
 *
 * Lock order, the same in every transaction (no deadlocks): flash sales by id → the promo code → the
 * member's coupons; then the checkout takes stock in SKU order, then the member's points.
 */
import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import {
  couponTemplates,
  flashSaleMemberPurchases,
  flashSales,
  liveSessions,
  memberCoupons,
  orderPromotionClaims,
  orders,
  promoCodeMemberUses,
  promoCodes,
} from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { PromotionSelections } from './engine';
import { spendPoints } from '../points';

async function takeFlashUnits(tx: ServiceContext, memberId: number, entry: PromotionSelections['flashSales'][number]): Promise<void> {
  const [taken] = await tx.db
    .update(flashSales)
    .set({ soldUnits: sql`${flashSales.soldUnits} + ${entry.quantity}`, updatedAt: tx.now })
    .where(
      and(
        eq(flashSales.id, entry.flashSaleId),
        sql`${flashSales.soldUnits} + ${entry.quantity} <= ${flashSales.totalUnits}`,
        isNull(flashSales.stoppedAt),
        lte(flashSales.startsAt, tx.now),
        gt(flashSales.endsAt, tx.now),
      ),
    )
    .returning({ id: flashSales.id, perMemberLimit: flashSales.perMemberLimit });
  if (!taken) throw new AppError('FLASH_SALE_SOLD_OUT', undefined, { flashSaleId: entry.flashSaleId });
  const [held] = await tx.db
    .insert(flashSaleMemberPurchases)
    .values({ flashSaleId: entry.flashSaleId, memberId, quantity: entry.quantity })
    .onConflictDoUpdate({
      target: [flashSaleMemberPurchases.flashSaleId, flashSaleMemberPurchases.memberId],
      set: { quantity: sql`${flashSaleMemberPurchases.quantity} + ${entry.quantity}` },
      setWhere: sql`${flashSaleMemberPurchases.quantity} + ${entry.quantity} <= ${taken.perMemberLimit}`,
    })
    .returning({ quantity: flashSaleMemberPurchases.quantity });
  if (!held || held.quantity > taken.perMemberLimit)
    throw new AppError('FLASH_SALE_LIMIT_EXCEEDED', undefined, { flashSaleId: entry.flashSaleId, limit: taken.perMemberLimit });
}

async function takePromoCodeUse(tx: ServiceContext, memberId: number, promo: NonNullable<PromotionSelections['promoCode']>): Promise<void> {
  const nowSql = sql`${tx.now.toISOString()}::timestamptz`;
  const [taken] = await tx.db
    .update(promoCodes)
    .set({ usedCount: sql`${promoCodes.usedCount} + 1`, updatedAt: tx.now })
    .where(
      and(
        eq(promoCodes.id, promo.codeId),
        eq(promoCodes.status, 'active'),
        sql`(${promoCodes.totalCap} is null or ${promoCodes.usedCount} < ${promoCodes.totalCap})`,
        // The session is still on (ended early stops codes at once), grace included.
        sql`exists (select 1 from ${liveSessions} where ${liveSessions.id} = ${promoCodes.sessionId} and ${liveSessions.endedAt} is null
              and ${liveSessions.startsAt} <= ${nowSql} and ${nowSql} < ${liveSessions.endsAt} + make_interval(mins => ${promoCodes.graceMinutes}))`,
      ),
    )
    .returning({ perMemberCap: promoCodes.perMemberCap });
  if (!taken) {
    const [row] = await tx.db
      .select({ code: promoCodes, endedAt: liveSessions.endedAt })
      .from(promoCodes)
      .innerJoin(liveSessions, eq(liveSessions.id, promoCodes.sessionId))
      .where(eq(promoCodes.id, promo.codeId));
    const capped = row && row.code.totalCap !== null && row.code.usedCount >= row.code.totalCap;
    throw new AppError(capped ? 'PROMO_CODE_CAP_REACHED' : 'PROMO_CODE_SESSION_ENDED', undefined, { code: promo.code });
  }
  const [held] = await tx.db
    .insert(promoCodeMemberUses)
    .values({ codeId: promo.codeId, memberId, count: 1 })
    .onConflictDoUpdate({
      target: [promoCodeMemberUses.codeId, promoCodeMemberUses.memberId],
      set: { count: sql`${promoCodeMemberUses.count} + 1` },
      setWhere: sql`${promoCodeMemberUses.count} < ${taken.perMemberCap}`,
    })
    .returning({ count: promoCodeMemberUses.count });
  if (!held) throw new AppError('PROMO_CODE_MEMBER_CAP_REACHED', undefined, { code: promo.code });
}

async function lockCoupon(tx: ServiceContext, memberId: number, orderId: number, memberCouponId: number): Promise<void> {
  const [locked] = await tx.db
    .update(memberCoupons)
    .set({ status: 'locked', lockedOrderId: orderId, updatedAt: tx.now })
    .where(
      and(
        eq(memberCoupons.id, memberCouponId),
        eq(memberCoupons.memberId, memberId),
        eq(memberCoupons.status, 'available'),
        gt(memberCoupons.expiresAt, tx.now),
      ),
    )
    .returning({ id: memberCoupons.id });
  if (!locked) throw new AppError('COUPON_NOT_AVAILABLE', undefined, { memberCouponId });
}

/** Takes everything the order's quote used, in the lock order above, and records each take. */
export async function reservePromotions(tx: ServiceContext, orderId: number, memberId: number, selections: PromotionSelections): Promise<void> {
  const claims: (typeof orderPromotionClaims.$inferInsert)[] = [];
  const base = { orderId, memberId, createdAt: tx.now, updatedAt: tx.now };
  for (const entry of [...selections.flashSales].sort((a, b) => a.flashSaleId - b.flashSaleId)) {
    await takeFlashUnits(tx, memberId, entry);
    claims.push({ ...base, kind: 'flash_sale', refId: entry.flashSaleId, quantity: entry.quantity, discountFen: entry.discountFen });
  }
  if (selections.promoCode) {
    await takePromoCodeUse(tx, memberId, selections.promoCode);
    claims.push({ ...base, kind: 'promo_code', refId: selections.promoCode.codeId, discountFen: selections.promoCode.discountFen });
    await tx.db.update(orders).set({ liveSessionId: selections.promoCode.sessionId, promoCode: selections.promoCode.code }).where(eq(orders.id, orderId));
  }
  for (const coupon of [...selections.coupons].sort((a, b) => a.memberCouponId - b.memberCouponId)) {
    await lockCoupon(tx, memberId, orderId, coupon.memberCouponId);
    claims.push({ ...base, kind: 'coupon', refId: coupon.memberCouponId, discountFen: coupon.discountFen });
  }
  for (const store of selections.storePromotions) claims.push({ ...base, kind: 'store_promotion', refId: store.id, discountFen: store.discountFen });
  if (claims.length > 0) await tx.db.insert(orderPromotionClaims).values(claims);
}

/**
 * Points paying for the order: taken after the stock (last in the lock order — the member's points
 * account row — as the points mall and the close flow take it), under the operation key that closing
 * the order releases.
 */
export async function reservePoints(tx: ServiceContext, orderId: number, memberId: number, selections: PromotionSelections): Promise<void> {
  if (!selections.points) return;
  await spendPoints(tx, {
    memberId,
    points: selections.points.points,
    operationKey: `order:${String(orderId)}:points`,
    reason: `订单抵扣 ${String(selections.points.points)} 积分`,
    orderId,
  });
  await tx.db.update(orders).set({ pointsUsed: selections.points.points }).where(eq(orders.id, orderId));
}

/** Claims still reserved by an order, each moved to `to` once (a replay finds nothing to move). */
async function moveClaims(db: Executor, orderId: number, from: string, to: string, now: Date, kind?: string) {
  const conditions = [eq(orderPromotionClaims.orderId, orderId), eq(orderPromotionClaims.status, from)];
  if (kind) conditions.push(eq(orderPromotionClaims.kind, kind));
  return db
    .update(orderPromotionClaims)
    .set({ status: to, updatedAt: now })
    .where(and(...conditions))
    .returning();
}

/** An unpaid order closed: flash units, promo-code uses and coupons go back, once. */
export async function releasePromotions(db: Executor, orderId: number, memberId: number, now: Date): Promise<void> {
  for (const claim of await moveClaims(db, orderId, 'reserved', 'released', now)) {
    if (claim.kind === 'flash_sale') {
      await db
        .update(flashSales)
        .set({ soldUnits: sql`${flashSales.soldUnits} - ${claim.quantity}`, updatedAt: now })
        .where(eq(flashSales.id, claim.refId));
      await db
        .update(flashSaleMemberPurchases)
        .set({ quantity: sql`greatest(${flashSaleMemberPurchases.quantity} - ${claim.quantity}, 0)` })
        .where(and(eq(flashSaleMemberPurchases.flashSaleId, claim.refId), eq(flashSaleMemberPurchases.memberId, memberId)));
    } else if (claim.kind === 'promo_code') {
      await db
        .update(promoCodes)
        .set({ usedCount: sql`greatest(${promoCodes.usedCount} - 1, 0)`, updatedAt: now })
        .where(eq(promoCodes.id, claim.refId));
      await db
        .update(promoCodeMemberUses)
        .set({ count: sql`greatest(${promoCodeMemberUses.count} - 1, 0)` })
        .where(and(eq(promoCodeMemberUses.codeId, claim.refId), eq(promoCodeMemberUses.memberId, memberId)));
    } else if (claim.kind === 'coupon') {
      await db
        .update(memberCoupons)
        .set({ status: 'available', lockedOrderId: null, updatedAt: now })
        .where(and(eq(memberCoupons.id, claim.refId), eq(memberCoupons.status, 'locked'), eq(memberCoupons.lockedOrderId, orderId)));
    }
  }
}

/** The order was paid: its locked coupons become used (with what they took off), counted on their templates. */
export async function markCouponsUsed(db: Executor, orderId: number, now: Date): Promise<void> {
  const claims = await db
    .select()
    .from(orderPromotionClaims)
    .where(and(eq(orderPromotionClaims.orderId, orderId), eq(orderPromotionClaims.kind, 'coupon'), eq(orderPromotionClaims.status, 'reserved')));
  for (const claim of claims) {
    const [used] = await db
      .update(memberCoupons)
      .set({ status: 'used', usedOrderId: orderId, usedAt: now, discountFen: claim.discountFen, updatedAt: now })
      .where(and(eq(memberCoupons.id, claim.refId), eq(memberCoupons.status, 'locked'), eq(memberCoupons.lockedOrderId, orderId)))
      .returning({ templateId: memberCoupons.templateId });
    if (used)
      await db
        .update(couponTemplates)
        .set({ usedCount: sql`${couponTemplates.usedCount} + 1` })
        .where(eq(couponTemplates.id, used.templateId));
  }
}

/**
 * The whole order was refunded: coupons it used come back to the member if they have not expired
 * (an expired one stays used). A partial refund keeps them used; the refund returns the line's paid share.
 */
export async function returnCouponsAfterFullRefund(db: Executor, orderId: number, now: Date): Promise<number> {
  let returned = 0;
  const claims = await db
    .select()
    .from(orderPromotionClaims)
    .where(and(eq(orderPromotionClaims.orderId, orderId), eq(orderPromotionClaims.kind, 'coupon'), eq(orderPromotionClaims.status, 'reserved')));
  for (const claim of claims) {
    const [back] = await db
      .update(memberCoupons)
      .set({ status: 'available', usedOrderId: null, usedAt: null, lockedOrderId: null, discountFen: null, updatedAt: now })
      .where(and(eq(memberCoupons.id, claim.refId), eq(memberCoupons.status, 'used'), eq(memberCoupons.usedOrderId, orderId), gt(memberCoupons.expiresAt, now)))
      .returning({ templateId: memberCoupons.templateId });
    if (!back) continue;
    await db
      .update(couponTemplates)
      .set({ usedCount: sql`greatest(${couponTemplates.usedCount} - 1, 0)` })
      .where(eq(couponTemplates.id, back.templateId));
    await db.update(orderPromotionClaims).set({ status: 'returned', updatedAt: now }).where(eq(orderPromotionClaims.id, claim.id));
    returned += 1;
  }
  return returned;
}
