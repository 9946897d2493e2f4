import { eq, sql } from 'drizzle-orm';
import type { PromotionRule, PromotionScope } from '@siyu/shared';
import { couponTemplates, flashSales, liveSessions, memberCoupons, promoCodes, storePromotions } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';

/**
 * Promotions written straight into the database (their admin APIs have their own tests): the
 * checkout tests only need them to exist.
 */

const MINUTE = 60_000;
let serial = 0;
const next = () => (serial += 1);

export async function insertCouponTemplate(
  t: TestApp,
  rule: PromotionRule,
  options: { name?: string; scope?: PromotionScope; stackingGroup?: 'coupon' | 'shipping_coupon' } = {},
): Promise<number> {
  const [row] = await t.deps.db
    .insert(couponTemplates)
    .values({
      name: options.name ?? `券${String(next())}`,
      rule,
      scope: options.scope ?? { kind: 'all' },
      stackingGroup: options.stackingGroup ?? (rule.kind === 'free_shipping' ? 'shipping_coupon' : 'coupon'),
      validityKind: 'after_claim',
      validDays: 7,
      visibility: 'public',
      faceValueFen: 0,
      perMemberCap: 10,
    })
    .returning({ id: couponTemplates.id });
  if (!row) throw new Error('coupon template insert returned nothing');
  return row.id;
}

/** A coupon of `templateId` held by the member, valid from now for `days` (or until `expiresAt`). */
export async function giveCoupon(t: TestApp, memberId: number, templateId: number, options: { expiresAt?: Date; validFrom?: Date } = {}): Promise<number> {
  const now = t.deps.now();
  const [row] = await t.deps.db
    .insert(memberCoupons)
    .values({
      templateId,
      memberId,
      source: 'issue',
      sourceKey: `test:${String(templateId)}:${String(memberId)}:${String(next())}`,
      validFrom: options.validFrom ?? new Date(now.getTime() - MINUTE),
      expiresAt: options.expiresAt ?? new Date(now.getTime() + 7 * 24 * 60 * MINUTE),
    })
    .returning({ id: memberCoupons.id });
  if (!row) throw new Error('member coupon insert returned nothing');
  // As a grant does: the template counts every coupon that exists (used ≤ issued is a table check).
  await t.deps.db
    .update(couponTemplates)
    .set({ issuedCount: sql`${couponTemplates.issuedCount} + 1` })
    .where(eq(couponTemplates.id, templateId));
  return row.id;
}

export async function insertStorePromotion(
  t: TestApp,
  rule: PromotionRule,
  options: { scope?: PromotionScope; startsInMinutes?: number; minutes?: number } = {},
): Promise<number> {
  const now = t.deps.now().getTime();
  const startsAt = new Date(now + (options.startsInMinutes ?? -1) * MINUTE);
  const [row] = await t.deps.db
    .insert(storePromotions)
    .values({
      name: `活动${String(next())}`,
      rule,
      scope: options.scope ?? { kind: 'all' },
      startsAt,
      endsAt: new Date(startsAt.getTime() + (options.minutes ?? 600) * MINUTE),
    })
    .returning({ id: storePromotions.id });
  if (!row) throw new Error('store promotion insert returned nothing');
  return row.id;
}

/** A live session (starting `startsInMinutes` from now, lasting `minutes`) with one promo code. */
export async function insertLiveCode(
  t: TestApp,
  code: string,
  rule: PromotionRule,
  options: { startsInMinutes?: number; minutes?: number; graceMinutes?: number; perMemberCap?: number; totalCap?: number | null } = {},
): Promise<{ sessionId: number; codeId: number }> {
  const now = t.deps.now().getTime();
  const startsAt = new Date(now + (options.startsInMinutes ?? -5) * MINUTE);
  const n = next();
  const [session] = await t.deps.db
    .insert(liveSessions)
    .values({
      title: `直播${String(n)}`,
      platform: 'channels',
      roomId: `room${String(n)}`,
      hostName: '主播',
      startsAt,
      endsAt: new Date(startsAt.getTime() + (options.minutes ?? 60) * MINUTE),
      sceneCode: `test${String(n)}-${String(now)}`,
    })
    .returning({ id: liveSessions.id });
  if (!session) throw new Error('live session insert returned nothing');
  const [row] = await t.deps.db
    .insert(promoCodes)
    .values({
      sessionId: session.id,
      code,
      rule,
      scope: { kind: 'all' },
      graceMinutes: options.graceMinutes ?? 0,
      perMemberCap: options.perMemberCap ?? 1,
      totalCap: options.totalCap ?? null,
    })
    .returning({ id: promoCodes.id });
  if (!row) throw new Error('promo code insert returned nothing');
  return { sessionId: session.id, codeId: row.id };
}

export async function insertFlashSale(
  t: TestApp,
  skuId: number,
  priceFen: number,
  options: { totalUnits?: number; perMemberLimit?: number; startsInMinutes?: number; minutes?: number } = {},
): Promise<number> {
  const now = t.deps.now().getTime();
  const startsAt = new Date(now + (options.startsInMinutes ?? -1) * MINUTE);
  const [row] = await t.deps.db
    .insert(flashSales)
    .values({
      title: '秒杀',
      skuId,
      flashPriceFen: priceFen,
      totalUnits: options.totalUnits ?? 10,
      perMemberLimit: options.perMemberLimit ?? 1,
      startsAt,
      endsAt: new Date(startsAt.getTime() + (options.minutes ?? 60) * MINUTE),
    })
    .returning({ id: flashSales.id });
  if (!row) throw new Error('flash sale insert returned nothing');
  return row.id;
}
