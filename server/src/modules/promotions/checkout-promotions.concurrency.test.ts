import { and, eq, sql } from 'drizzle-orm';
import type { PromotionRule } from '@siyu/shared';
import { flashSaleMemberPurchases, flashSales, memberCoupons, orderPromotionClaims, orders, promoCodeMemberUses, promoCodes } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey } from '../orders/test-factories';
import { giveCoupon, insertCouponTemplate, insertFlashSale, insertLiveCode } from './test-factories';

/** Caps that parallel orders must not pass: one coupon, a promo code's total and per-member caps, flash units. */
describe.each(concurrencyDrivers())('promotion caps under contention on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  const order = (
    member: TestMember,
    addressId: number,
    lines: { skuId: number; quantity: number }[],
    expectedPayableFen: number,
    extra: Record<string, unknown> = {},
  ) =>
    t
      .request()
      .post('/api/orders')
      .set(member.auth)
      .set('Idempotency-Key', newKey())
      .send({ lines, addressId, expectedPayableFen, ...extra });
  const buyers = (count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const member = await createMemberDirect(t);
        return { member, addressId: await createAddress(t, member) };
      }),
    );
  const successes = (statuses: number[]) => statuses.filter((status) => status === 201).length;

  it('one member firing 50 parallel orders with the same coupon: exactly one uses it, the rest COUPON_NOT_AVAILABLE (never 500)', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 100, privatePriceFen: 15000, publicPriceFen: 30000, costPriceFen: 1 });
    const [buyer] = await buyers(1);
    if (!buyer) throw new Error('no buyer');
    const coupon = await giveCoupon(
      t,
      buyer.member.id,
      await insertCouponTemplate(t, { kind: 'threshold_off', tiers: [{ thresholdFen: 10000, offFen: 2000 }] } as PromotionRule),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, () => order(buyer.member, buyer.addressId, [{ skuId: sku.id, quantity: 1 }], 13000, { couponId: coupon })),
    );
    expect(successes(results.map((res) => res.status))).toBe(1);
    expect(results.filter((res) => res.status !== 201).map((res) => res.body.error.code)).toEqual(Array(49).fill('COUPON_NOT_AVAILABLE'));
    const winner = results.find((res) => res.status === 201)?.body as { id: number };
    const [row] = await t.deps.db.select().from(memberCoupons).where(eq(memberCoupons.id, coupon));
    expect(row).toMatchObject({ status: 'locked', lockedOrderId: winner.id });
    const [claims] = await t.deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(orderPromotionClaims)
      .where(and(eq(orderPromotionClaims.kind, 'coupon'), eq(orderPromotionClaims.refId, coupon)));
    expect(claims?.count).toBe(1);
    const [count] = await t.deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.memberId, buyer.member.id));
    expect(count?.count).toBe(1);
  }, 120_000);

  it('100 members racing for a promo code capped at 25 uses: exactly 25 orders carry it', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 1000, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
    const { codeId } = await insertLiveCode(t, 'RACE25', { kind: 'fixed_off', offFen: 1000 } as PromotionRule, { totalCap: 25, perMemberCap: 1 });
    const people = await buyers(100);
    const results = await Promise.all(
      people.map(({ member, addressId }) => order(member, addressId, [{ skuId: sku.id, quantity: 1 }], 9800, { promoCode: 'RACE25' })),
    );
    expect(successes(results.map((res) => res.status))).toBe(25);
    expect(new Set(results.filter((res) => res.status !== 201).map((res) => res.body.error.code))).toEqual(new Set(['PROMO_CODE_CAP_REACHED']));
    const [code] = await t.deps.db.select().from(promoCodes).where(eq(promoCodes.id, codeId));
    expect(code?.usedCount).toBe(25);
    const [uses] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${promoCodeMemberUses.count}), 0)::int` })
      .from(promoCodeMemberUses)
      .where(eq(promoCodeMemberUses.codeId, codeId));
    expect(uses?.sum).toBe(25);
    const [withCode] = await t.deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.promoCode, 'RACE25'));
    expect(withCode?.count).toBe(25);
  }, 180_000);

  it('one member firing 10 parallel orders with a code capped at 2 per member: exactly 2', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 100, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
    await insertLiveCode(t, 'TWICE', { kind: 'fixed_off', offFen: 1000 } as PromotionRule, { perMemberCap: 2 });
    const [buyer] = await buyers(1);
    if (!buyer) throw new Error('no buyer');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => order(buyer.member, buyer.addressId, [{ skuId: sku.id, quantity: 1 }], 9800, { promoCode: 'TWICE' })),
    );
    expect(successes(results.map((res) => res.status))).toBe(2);
    expect(new Set(results.filter((res) => res.status !== 201).map((res) => res.body.error.code))).toEqual(new Set(['PROMO_CODE_MEMBER_CAP_REACHED']));
  }, 120_000);

  it('300 members for a 40-unit flash sale: exactly 40 sold at the flash price, no oversell, an exact member ledger', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 1000, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
    const flashId = await insertFlashSale(t, sku.id, 3000, { totalUnits: 40, perMemberLimit: 1 });
    const people = await buyers(300);
    const results = await Promise.all(people.map(({ member, addressId }) => order(member, addressId, [{ skuId: sku.id, quantity: 1 }], 3800)));
    expect(successes(results.map((res) => res.status))).toBe(40);
    expect(new Set(results.filter((res) => res.status !== 201).map((res) => res.body.error.code))).toEqual(new Set(['FLASH_SALE_SOLD_OUT']));
    const [sale] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId));
    expect(sale?.soldUnits).toBe(40);
    const [held] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${flashSaleMemberPurchases.quantity}), 0)::int` })
      .from(flashSaleMemberPurchases)
      .where(eq(flashSaleMemberPurchases.flashSaleId, flashId));
    expect(held?.sum).toBe(40);
    const [paid] = await t.deps.db
      .select({ count: sql<number>`count(*)::int`, sum: sql<number>`coalesce(sum(${orders.payableFen}), 0)::int` })
      .from(orders)
      .innerJoin(orderPromotionClaims, and(eq(orderPromotionClaims.orderId, orders.id), eq(orderPromotionClaims.kind, 'flash_sale')))
      .where(eq(orderPromotionClaims.refId, flashId));
    expect(paid).toEqual({ count: 40, sum: 40 * 3800 });
  }, 180_000);

  it('one member firing 10 parallel flash orders with a limit of 2: exactly 2', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 100, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
    await insertFlashSale(t, sku.id, 3000, { totalUnits: 50, perMemberLimit: 2 });
    const [buyer] = await buyers(1);
    if (!buyer) throw new Error('no buyer');
    const results = await Promise.all(Array.from({ length: 10 }, () => order(buyer.member, buyer.addressId, [{ skuId: sku.id, quantity: 1 }], 3800)));
    expect(successes(results.map((res) => res.status))).toBe(2);
    expect(new Set(results.filter((res) => res.status !== 201).map((res) => res.body.error.code))).toEqual(new Set(['FLASH_SALE_LIMIT_EXCEEDED']));
  }, 120_000);
});
