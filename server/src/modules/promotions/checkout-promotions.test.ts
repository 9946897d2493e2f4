import { eq } from 'drizzle-orm';
import type { CheckoutPromotionsView, Order, PromotionRule } from '@siyu/shared';
import { couponTemplates, flashSaleMemberPurchases, flashSales, liveSessions, memberCoupons, orders, promoCodes, storePromotions } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey, orderOf } from '../orders/test-factories';
import { fetchOrder, refundThrough } from '../refunds/test-factories';
import { giveCoupon, insertCouponTemplate, insertFlashSale, insertLiveCode, insertStorePromotion } from './test-factories';

const rule = (value: unknown) => value as PromotionRule;
const OFF_20_OVER_100 = rule({ kind: 'threshold_off', tiers: [{ thresholdFen: 10000, offFen: 2000 }] });
const TEN_PERCENT_CAP_50 = rule({ kind: 'percent_off', offBp: 1000, capFen: 5000, thresholdFen: 0 });

type QuoteBody = { payableTotalFen: number; explanation: string[]; promotions: CheckoutPromotionsView; shippingFeeFen: number; discountTotalFen: number };

describe.each(testDrivers())('checkout with promotions (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  interface Shopper {
    member: TestMember;
    addressId: number;
  }
  async function shopper(): Promise<Shopper> {
    const member = await loginMember(t);
    return { member, addressId: await createAddress(t, member) };
  }
  const sku = (priceFen: number, stock = 50) =>
    createSellableSku(t, owner.auth, { privatePriceFen: priceFen, publicPriceFen: priceFen * 2, costPriceFen: 1, stock });

  async function quote(who: Shopper, lines: { skuId: number; quantity: number }[], extra: Record<string, unknown> = {}): Promise<QuoteBody> {
    const res = await t
      .request()
      .post('/api/checkout/quote')
      .set(who.member.auth)
      .send({ lines, ...extra });
    if (res.status !== 200) throw new Error(`quote: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as QuoteBody;
  }
  const order = (who: Shopper, lines: { skuId: number; quantity: number }[], expectedPayableFen: number, extra: Record<string, unknown> = {}) =>
    t
      .request()
      .post('/api/orders')
      .set(who.member.auth)
      .set('Idempotency-Key', newKey())
      .send({ lines, addressId: who.addressId, expectedPayableFen, ...extra });
  async function quotedOrder(who: Shopper, lines: { skuId: number; quantity: number }[], extra: Record<string, unknown> = {}): Promise<Order> {
    const quoted = await quote(who, lines, extra);
    const res = await order(who, lines, quoted.payableTotalFen, extra);
    if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
    return orderOf(res.body);
  }
  const couponRow = async (id: number) => (await t.deps.db.select().from(memberCoupons).where(eq(memberCoupons.id, id)))[0];
  const cancel = (who: Shopper, orderId: number) => t.request().post(`/api/orders/${orderId}/cancel`).set(who.member.auth).send({});
  const decisionOf = (body: QuoteBody, candidateId: string) => body.promotions.decisions.find((entry) => entry.candidateId === candidateId);

  describe('coupons', () => {
    it("picks the coupon that saves most, explains the other, and prices the member's own choice", async () => {
      const who = await shopper();
      const item = await sku(15000);
      const threshold = await giveCoupon(t, who.member.id, await insertCouponTemplate(t, OFF_20_OVER_100, { name: '满100减20' }));
      const percent = await giveCoupon(t, who.member.id, await insertCouponTemplate(t, TEN_PERCENT_CAP_50, { name: '9折券' }));
      const lines = [{ skuId: item.id, quantity: 2 }];

      const best = await quote(who, lines);
      expect(best.payableTotalFen).toBe(27000); // 30000 − 10 % (3000); free shipping above ¥99
      expect(best.promotions.chosen.couponId).toBe(percent);
      expect(decisionOf(best, `coupon:${percent}`)).toMatchObject({ status: 'applied', amountFen: 3000 });
      expect(decisionOf(best, `coupon:${threshold}`)).toMatchObject({ status: 'not_chosen', amountFen: 2000 });
      expect(best.promotions.coupons.find((entry) => entry.memberCouponId === threshold)).toMatchObject({ usable: true, savingFen: 2000 });
      expect(best.explanation.join('\n')).toContain('9折券');
      expect(best.promotions.choiceDeltaFen).toBe(0);

      const chosen = await quote(who, lines, { couponId: threshold });
      expect(chosen.payableTotalFen).toBe(28000);
      expect(chosen.promotions.bestPayableFen).toBe(27000);
      expect(chosen.promotions.choiceDeltaFen).toBe(1000);

      const none = await quote(who, lines, { couponId: 'none' });
      expect(none.payableTotalFen).toBe(30000);
      expect(none.promotions.chosen.couponId).toBeNull();
    });

    it('locks the coupon with the order, gives it back on cancel, marks it used on payment and returns it after a full refund', async () => {
      const who = await shopper();
      const item = await sku(15000);
      const templateId = await insertCouponTemplate(t, OFF_20_OVER_100);
      const coupon = await giveCoupon(t, who.member.id, templateId);
      const lines = [{ skuId: item.id, quantity: 1 }];

      const first = await quotedOrder(who, lines);
      expect(first.payableFen).toBe(13000);
      expect(await couponRow(coupon)).toMatchObject({ status: 'locked', lockedOrderId: first.id });
      expect((await cancel(who, first.id)).status).toBe(200);
      expect(await couponRow(coupon)).toMatchObject({ status: 'available', lockedOrderId: null });

      const second = await quotedOrder(who, lines);
      expect((await t.request().post(`/api/orders/${second.id}/pay`).set(who.member.auth)).status).toBe(200);
      const deliveries = await t.paySimulator.pay(second.orderNo);
      expect(deliveries.map((delivery) => delivery.status)).toEqual([204]);
      expect(await couponRow(coupon)).toMatchObject({ status: 'used', usedOrderId: second.id, discountFen: 2000 });
      const [template] = await t.deps.db.select().from(couponTemplates).where(eq(couponTemplates.id, templateId));
      expect(template?.usedCount).toBe(1);

      const paid = { member: who.member, order: await fetchOrder(t, who.member, second.id), skus: [] };
      await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      expect((await fetchOrder(t, who.member, second.id)).status).toBe('refunded');
      expect(await couponRow(coupon)).toMatchObject({ status: 'available', usedOrderId: null });
      const [after] = await t.deps.db.select().from(couponTemplates).where(eq(couponTemplates.id, templateId));
      expect(after?.usedCount).toBe(0);
    });

    it('keeps the coupon used after a partial refund', async () => {
      const who = await shopper();
      const item = await sku(6000);
      const coupon = await giveCoupon(t, who.member.id, await insertCouponTemplate(t, OFF_20_OVER_100));
      const placed = await quotedOrder(who, [{ skuId: item.id, quantity: 2 }]);
      await t.request().post(`/api/orders/${placed.id}/pay`).set(who.member.auth);
      await t.paySimulator.pay(placed.orderNo);
      const paid = { member: who.member, order: await fetchOrder(t, who.member, placed.id), skus: [] };
      await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      expect((await fetchOrder(t, who.member, placed.id)).status).toBe('partially_refunded');
      expect(await couponRow(coupon)).toMatchObject({ status: 'used', usedOrderId: placed.id });
    });

    it('says why a chosen coupon does not apply, with its own code', async () => {
      const who = await shopper();
      const item = await sku(5000);
      const coupon = await giveCoupon(t, who.member.id, await insertCouponTemplate(t, OFF_20_OVER_100));
      const lines = [{ skuId: item.id, quantity: 1 }];
      const quoted = await quote(who, lines, { couponId: coupon });
      expect(quoted.payableTotalFen).toBe(5800);
      expect(quoted.promotions.coupons[0]).toMatchObject({ memberCouponId: coupon, usable: false });
      expect(decisionOf(quoted, `coupon:${coupon}`)).toMatchObject({ status: 'not_applicable', code: 'PROMOTION_THRESHOLD_NOT_MET' });
      expect(decisionOf(quoted, `coupon:${coupon}`)?.message).toContain('50.00');
      const res = await order(who, lines, 5800, { couponId: coupon });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PROMOTION_THRESHOLD_NOT_MET');
      expect(await couponRow(coupon)).toMatchObject({ status: 'available' });
    });

    it('refuses an expired, a foreign and a locked coupon', async () => {
      const who = await shopper();
      const other = await shopper();
      const item = await sku(15000);
      const templateId = await insertCouponTemplate(t, OFF_20_OVER_100);
      const now = t.deps.now().getTime();
      const expired = await giveCoupon(t, who.member.id, templateId, { validFrom: new Date(now - 2 * 86_400_000), expiresAt: new Date(now - 1000) });
      const foreign = await giveCoupon(t, other.member.id, templateId);
      const lines = [{ skuId: item.id, quantity: 1 }];
      const expiredRes = await t.request().post('/api/checkout/quote').set(who.member.auth).send({ lines, couponId: expired });
      expect([expiredRes.status, expiredRes.body.error.code]).toEqual([409, 'COUPON_EXPIRED']);
      const foreignRes = await order(who, lines, 13000, { couponId: foreign });
      expect([foreignRes.status, foreignRes.body.error.code]).toEqual([404, 'COUPON_NOT_FOUND']);
      const mine = await giveCoupon(t, who.member.id, templateId);
      await quotedOrder(who, lines, { couponId: mine });
      const again = await order(who, lines, 13000, { couponId: mine });
      expect([again.status, again.body.error.code]).toEqual([409, 'COUPON_NOT_AVAILABLE']);
    });
  });

  describe('store promotions', () => {
    it('applies the highest tier of a 满减 ladder that the cart reaches', async () => {
      const who = await shopper();
      const item = await sku(10000);
      const ladder = await insertStorePromotion(
        t,
        rule({
          kind: 'threshold_off',
          tiers: [
            { thresholdFen: 9900, offFen: 1000 },
            { thresholdFen: 19900, offFen: 3000 },
          ],
        }),
      );
      try {
        const two = await quote(who, [{ skuId: item.id, quantity: 2 }]);
        expect(decisionOf(two, `store:${ladder}`)).toMatchObject({ status: 'applied', amountFen: 3000 });
        expect(two.payableTotalFen).toBe(17000);
        const one = await quote(who, [{ skuId: item.id, quantity: 1 }]);
        expect(one.payableTotalFen).toBe(10000 - 1000 + 800); // ¥90 after the discount is below the free-shipping ¥99
      } finally {
        // Stopped again: the other tests price without it.
        await t.deps.db.update(storePromotions).set({ status: 'stopped' }).where(eq(storePromotions.id, ladder));
      }
    });
  });

  describe('live promo codes', () => {
    it('applies a code during its session, records the session on the order, and holds the per-member cap', async () => {
      const who = await shopper();
      const item = await sku(10000);
      const { sessionId, codeId } = await insertLiveCode(t, 'LIVEA1', rule({ kind: 'fixed_off', offFen: 1500 }));
      const lines = [{ skuId: item.id, quantity: 1 }];
      const quoted = await quote(who, lines, { promoCode: 'livea1' });
      expect(quoted.promotions.promoCode).toMatchObject({ code: 'LIVEA1', status: 'applied', liveSessionId: sessionId });
      expect(quoted.payableTotalFen).toBe(10000 - 1500 + 800);
      const placed = await quotedOrder(who, lines, { promoCode: 'LiveA1' });
      const [row] = await t.deps.db.select().from(orders).where(eq(orders.id, placed.id));
      expect(row).toMatchObject({ liveSessionId: sessionId, promoCode: 'LIVEA1' });
      const [code] = await t.deps.db.select().from(promoCodes).where(eq(promoCodes.id, codeId));
      expect(code?.usedCount).toBe(1);
      const again = await quote(who, lines, { promoCode: 'LIVEA1' });
      expect(again.promotions.promoCode).toMatchObject({ status: 'rejected', errorCode: 'PROMO_CODE_MEMBER_CAP_REACHED' });
      const res = await order(who, lines, quoted.payableTotalFen, { promoCode: 'LIVEA1' });
      expect([res.status, res.body.error.code]).toEqual([409, 'PROMO_CODE_MEMBER_CAP_REACHED']);
      // Cancelling gives the use back.
      expect((await cancel(who, placed.id)).status).toBe(200);
      const [released] = await t.deps.db.select().from(promoCodes).where(eq(promoCodes.id, codeId));
      expect(released?.usedCount).toBe(0);
      expect((await quote(who, lines, { promoCode: 'LIVEA1' })).promotions.promoCode?.status).toBe('applied');
    });

    it('refuses a code before its session, after it (grace included) and once the session was ended early', async () => {
      const who = await shopper();
      const item = await sku(10000);
      const lines = [{ skuId: item.id, quantity: 1 }];
      await insertLiveCode(t, 'SOON1', rule({ kind: 'fixed_off', offFen: 1000 }), { startsInMinutes: 30 });
      expect((await quote(who, lines, { promoCode: 'SOON1' })).promotions.promoCode).toMatchObject({ status: 'rejected', errorCode: 'PROMO_CODE_NOT_STARTED' });
      const early = await order(who, lines, 10000 - 1000 + 800, { promoCode: 'SOON1' });
      expect([early.status, early.body.error.code]).toEqual([409, 'PROMO_CODE_NOT_STARTED']);

      await insertLiveCode(t, 'GRACE1', rule({ kind: 'fixed_off', offFen: 1000 }), { startsInMinutes: -60, minutes: 50, graceMinutes: 15 });
      expect((await quote(who, lines, { promoCode: 'GRACE1' })).promotions.promoCode?.status).toBe('applied'); // 10 min after the end, within grace
      await insertLiveCode(t, 'LATE1', rule({ kind: 'fixed_off', offFen: 1000 }), { startsInMinutes: -60, minutes: 40, graceMinutes: 15 });
      expect((await quote(who, lines, { promoCode: 'LATE1' })).promotions.promoCode).toMatchObject({
        status: 'rejected',
        errorCode: 'PROMO_CODE_SESSION_ENDED',
      });

      const { sessionId } = await insertLiveCode(t, 'ENDED1', rule({ kind: 'fixed_off', offFen: 1000 }));
      expect((await quote(who, lines, { promoCode: 'ENDED1' })).promotions.promoCode?.status).toBe('applied');
      await t.deps.db.update(liveSessions).set({ endedAt: t.deps.now() }).where(eq(liveSessions.id, sessionId));
      const ended = await order(who, lines, 10000 - 1000 + 800, { promoCode: 'ENDED1' });
      expect([ended.status, ended.body.error.code]).toEqual([409, 'PROMO_CODE_SESSION_ENDED']);

      const unknown = await quote(who, lines, { promoCode: 'NOPE' });
      expect(unknown.promotions.promoCode).toMatchObject({ status: 'rejected', errorCode: 'PROMO_CODE_INVALID' });
      expect(unknown.payableTotalFen).toBe(10000); // ¥100 reaches free shipping (¥99)
    });

    it('stops a member who keeps guessing codes (429)', async () => {
      const who = await shopper();
      const item = await sku(1000);
      const lines = [{ skuId: item.id, quantity: 1 }];
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const res = await t
          .request()
          .post('/api/checkout/quote')
          .set(who.member.auth)
          .send({ lines, promoCode: `GUESS${attempt}` });
        expect(res.status).toBe(200);
      }
      const blocked = await t.request().post('/api/checkout/quote').set(who.member.auth).send({ lines, promoCode: 'GUESS99' });
      expect([blocked.status, blocked.body.error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
      // Without a code the member can still check out.
      expect((await t.request().post('/api/checkout/quote').set(who.member.auth).send({ lines })).status).toBe(200);
    });
  });

  describe('flash sales', () => {
    it("sells at the flash price up to the member's limit, blocks a non-combinable coupon on that line, and returns units on cancel", async () => {
      const who = await shopper();
      const item = await sku(10000);
      const flashId = await insertFlashSale(t, item.id, 5000, { totalUnits: 5, perMemberLimit: 1 });
      const coupon = await giveCoupon(t, who.member.id, await insertCouponTemplate(t, TEN_PERCENT_CAP_50, { name: '9折券' }));

      const one = await quote(who, [{ skuId: item.id, quantity: 1 }]);
      expect(one.payableTotalFen).toBe(5000 + 800);
      expect(decisionOf(one, `flash:${flashId}`)).toMatchObject({ status: 'applied', amountFen: 5000 });
      expect(decisionOf(one, `coupon:${coupon}`)).toMatchObject({ status: 'not_combinable', code: 'PROMOTION_NOT_COMBINABLE' });
      expect(decisionOf(one, `coupon:${coupon}`)?.message).toContain('秒杀');

      const two = await quote(who, [{ skuId: item.id, quantity: 2 }]);
      expect(decisionOf(two, `flash:${flashId}`)).toMatchObject({ status: 'applied', amountFen: 5000 }); // one unit at the flash price

      const placed = await quotedOrder(who, [{ skuId: item.id, quantity: 1 }]);
      const [sale] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId));
      expect(sale?.soldUnits).toBe(1);
      const after = await quote(who, [{ skuId: item.id, quantity: 1 }]);
      expect(after.promotions.decisions.find((entry) => entry.candidateId === `flash:${flashId}`)).toMatchObject({
        status: 'unavailable',
        code: 'FLASH_SALE_LIMIT_EXCEEDED',
      });
      const overLimit = await order(who, [{ skuId: item.id, quantity: 1 }], 5800);
      expect([overLimit.status, overLimit.body.error.code]).toEqual([409, 'FLASH_SALE_LIMIT_EXCEEDED']);

      expect((await cancel(who, placed.id)).status).toBe(200);
      const [returned] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId));
      expect(returned?.soldUnits).toBe(0);
      const [held] = await t.deps.db.select().from(flashSaleMemberPurchases).where(eq(flashSaleMemberPurchases.flashSaleId, flashId));
      expect(held?.quantity).toBe(0);
    });

    it('says the flash sale sold out instead of charging the full price', async () => {
      const who = await shopper();
      const item = await sku(10000);
      const flashId = await insertFlashSale(t, item.id, 4000, { totalUnits: 1 });
      const lines = [{ skuId: item.id, quantity: 1 }];
      const quoted = await quote(who, lines);
      expect(quoted.payableTotalFen).toBe(4800);
      await t.deps.db.update(flashSales).set({ soldUnits: 1 }).where(eq(flashSales.id, flashId));
      const res = await order(who, lines, 4800);
      expect([res.status, res.body.error.code]).toEqual([409, 'FLASH_SALE_SOLD_OUT']);
      // Refused by the flash-sale fast path, before pricing (flash-sales/checkout-guard.ts); a new quote shows the full price.
      expect(res.body.error.details).toEqual({ flashSaleId: flashId });
      expect((await quote(who, lines)).payableTotalFen).toBe(10000);
    });

    it('does not apply before the start or after a stop', async () => {
      const who = await shopper();
      const item = await sku(10000);
      const flashId = await insertFlashSale(t, item.id, 4000, { startsInMinutes: 10 });
      const lines = [{ skuId: item.id, quantity: 1 }];
      expect((await quote(who, lines)).payableTotalFen).toBe(10000);
      t.clock.advance(11 * 60_000);
      expect((await quote(who, lines)).payableTotalFen).toBe(4800);
      await t.deps.db.update(flashSales).set({ stoppedAt: t.deps.now() }).where(eq(flashSales.id, flashId));
      expect((await quote(who, lines)).payableTotalFen).toBe(10000);
    });
  });

  it('an order without promotions still prices as before', async () => {
    const who = await shopper();
    const item = await sku(2000);
    const quoted = await quote(who, [{ skuId: item.id, quantity: 1 }]);
    expect(quoted.payableTotalFen).toBe(2800);
    expect(quoted.promotions.decisions).toEqual([]);
    expect(quoted.promotions.promoCode).toBeNull();
  });
});
