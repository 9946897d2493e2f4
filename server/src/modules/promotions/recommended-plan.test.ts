import type { CheckoutPromotionsView, PromotionRule } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { uniqueCode } from '../live-sessions/test-factories';
import { createAddress, createSellableSku, newKey, orderOf } from '../orders/test-factories';
import { giveCoupon, insertCouponTemplate, insertLiveCode } from './test-factories';

const rule = (value: unknown) => value as PromotionRule;
type QuoteBody = { payableTotalFen: number; promotions: CheckoutPromotionsView };
type Lines = { skuId: number; quantity: number }[];

// Issue 12 §1: with a live code typed, the shopper held two coupons the code blocks and paid ¥405 instead
// of ¥373. The quote now names the cheaper plan (remove the code), and that plan prices and orders as named.
describe.each(testDrivers())('the recommended checkout plan (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const quote = async (member: TestMember, lines: Lines, extra: Record<string, unknown> = {}) =>
    t
      .request()
      .post('/api/checkout/quote')
      .set(member.auth)
      .send({ lines, ...extra });
  const order = async (member: TestMember, addressId: number, lines: Lines, expectedPayableFen: number, extra: Record<string, unknown> = {}) =>
    t
      .request()
      .post('/api/orders')
      .set(member.auth)
      .set('Idempotency-Key', newKey())
      .send({ lines, addressId, expectedPayableFen, ...extra });

  /** ¥443 of goods (free shipping), LIVE code −¥38, and the member holds 满400减70 and 无门槛减20. */
  async function liveCase() {
    const member = await loginMember(t);
    const item = await createSellableSku(t, owner.auth, { privatePriceFen: 44_300, publicPriceFen: 50_000, costPriceFen: 1, stock: 20 });
    const big = await giveCoupon(t, member.id, await insertCouponTemplate(t, rule({ kind: 'threshold_off', tiers: [{ thresholdFen: 40_000, offFen: 7000 }] })));
    const small = await giveCoupon(t, member.id, await insertCouponTemplate(t, rule({ kind: 'fixed_off', offFen: 2000 })));
    const code = uniqueCode('LIVE');
    await insertLiveCode(t, code, rule({ kind: 'fixed_off', offFen: 3800 }));
    return { member, lines: [{ skuId: item.id, quantity: 1 }], big, small, code };
  }

  describe('POST /api/checkout/quote', () => {
    it('recommends removing a live code that blocks better coupons, and marks those coupons as blocked by it', async () => {
      const { member, lines, big, small, code } = await liveCase();
      const res = await quote(member, lines, { promoCode: code });
      expect(res.status).toBe(200);
      const body = res.body as QuoteBody;
      expect(body.payableTotalFen).toBe(40_500);
      expect(body.promotions.promoCode).toMatchObject({ code, status: 'applied' });
      expect(body.promotions.coupons.map((coupon) => [coupon.memberCouponId, coupon.usable, coupon.isBlockedByPromoCode])).toEqual(
        expect.arrayContaining([
          [big, false, true],
          [small, false, true],
        ]),
      );
      expect(body.promotions.recommendedPlan).toEqual({
        couponId: 'auto',
        shippingCouponId: 'auto',
        promoCode: null,
        removesPromoCode: true,
        payableFen: 37_300,
        savingFen: 3200,
        couponIds: [big],
      });
    });

    it('prices the recommended plan as it said, with nothing left to recommend', async () => {
      const { member, lines, code } = await liveCase();
      const plan = (await quote(member, lines, { promoCode: code })).body.promotions.recommendedPlan as NonNullable<CheckoutPromotionsView['recommendedPlan']>;
      const taken = (await quote(member, lines, { couponId: plan.couponId, shippingCouponId: plan.shippingCouponId })).body as QuoteBody;
      expect(taken.payableTotalFen).toBe(plan.payableFen);
      expect(taken.promotions.recommendedPlan).toBeNull();
    });

    it('recommends the best coupon back when the member forced a worse one, keeping nothing else', async () => {
      const { member, lines, big, small } = await liveCase();
      const body = (await quote(member, lines, { couponId: small })).body as QuoteBody;
      expect(body.payableTotalFen).toBe(42_300);
      expect(body.promotions.recommendedPlan).toMatchObject({
        removesPromoCode: false,
        promoCode: null,
        payableFen: 37_300,
        savingFen: 5000,
        couponIds: [big],
      });
    });

    it("lists only the member's own coupons", async () => {
      const { lines, code } = await liveCase();
      const stranger = await loginMember(t);
      const body = (await quote(stranger, lines, { promoCode: code })).body as QuoteBody;
      expect(body.promotions.coupons).toEqual([]);
      expect(body.promotions.recommendedPlan).toBeNull();
    });
  });

  describe('POST /api/orders', () => {
    it('places the recommended plan at the lower amount, the code not used', async () => {
      const { member, lines, big, code } = await liveCase();
      const addressId = await createAddress(t, member);
      const plan = (await quote(member, lines, { promoCode: code })).body.promotions.recommendedPlan as NonNullable<CheckoutPromotionsView['recommendedPlan']>;
      const res = await order(member, addressId, lines, plan.payableFen, { couponId: plan.couponId, shippingCouponId: plan.shippingCouponId });
      expect(res.status).toBe(201);
      const placed = orderOf(res.body);
      expect(placed.payableFen).toBe(37_300);
      expect(placed.discountFen).toBe(7000);
      // The coupon went to the order; the code was not used (still usable once by this member).
      const after = (await quote(member, lines, { promoCode: code })).body as QuoteBody;
      expect(after.promotions.coupons.map((coupon) => coupon.memberCouponId)).not.toContain(big);
      expect(after.promotions.promoCode).toMatchObject({ status: 'applied' });
    });
  });

  describe('promo-code attempts (one service for the quote and the order)', () => {
    it('counts unknown codes typed at the quote and at the order alike, then answers 429 TOO_MANY_ATTEMPTS', async () => {
      const { member, lines } = await liveCase();
      const addressId = await createAddress(t, member);
      for (let attempt = 0; attempt < 10; attempt += 1) {
        expect((await quote(member, lines, { promoCode: uniqueCode('NOPE') })).body.promotions.promoCode.errorCode).toBe('PROMO_CODE_INVALID');
        expect((await order(member, addressId, lines, 44_300, { promoCode: uniqueCode('NOPE') })).body.error.code).toBe('PROMO_CODE_INVALID');
      }
      expect((await quote(member, lines, { promoCode: uniqueCode('NOPE') })).body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      expect((await order(member, addressId, lines, 44_300, { promoCode: uniqueCode('NOPE') })).body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      // Without a code the member still checks out.
      expect((await quote(member, lines)).status).toBe(200);
    });
  });
});
