import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { PointsMallItemView, PointsMallRedemptionView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { memberCoupons, orderEvents, orderLines, orders, pointsEntries, pointsLots, pointsMallRedemptions, skus, stockMovements } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStoreSku, createTemplate } from '../coupons/test-factories';
import { createAddress, createSellableSku } from '../orders/test-factories';
import { releaseSpentPoints } from '../points';
import { completeMallRedemptionForOrder, releaseMallRedemptionForOrder } from './order-hooks';
import { createItem, givePoints, itemRow, memberCount, newKey, pointsOf, redeem } from './test-factories';

describe.each(testDrivers())('points mall redemptions (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let templateId: number;

  const contextOf = (db: ServiceContext['db']): ServiceContext => ({ db, requestId: crypto.randomUUID(), now: t.clock.now(), ip: null });
  const skuStock = async (skuId: number) => (await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, skuId)))[0]?.stock;
  const couponsOf = (memberId: number) => t.deps.db.$count(memberCoupons, eq(memberCoupons.memberId, memberId));
  const ordersOf = (memberId: number) => t.deps.db.$count(orders, eq(orders.memberId, memberId));
  const redemptionsOf = (memberId: number) => t.deps.db.$count(pointsMallRedemptions, eq(pointsMallRedemptions.memberId, memberId));
  const couponItem = (overrides: Record<string, unknown> = {}) => createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, ...overrides });
  const goodsItem = async (overrides: Record<string, unknown> = {}) => {
    const sku = await createSellableSku(t, owner.auth, { stock: 5 });
    return { sku, item: await createItem(t, owner.auth, { kind: 'goods', skuId: sku.id, pointsPrice: 800, ...overrides }) };
  };
  /** A member with points and a shipping address. */
  const richMember = async (points = 1000, tier = 'bronze') => {
    const member = await createMemberDirect(t, tier);
    if (points > 0) await givePoints(t, member.id, points);
    return { member, addressId: await createAddress(t, member) };
  };
  const shopItem = async (member: TestMember | null, id: number) => {
    const request = t.request().get('/api/points-mall/items');
    const res = await (member ? request.set(member.auth) : request);
    expect(res.status).toBe(200);
    return (res.body.items as PointsMallItemView[]).find((item) => item.id === id);
  };

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    templateId = (await createTemplate(t, owner.auth, { totalCount: null, perMemberCap: 10 })).id;
  });
  afterAll(() => t.close());

  describe('POST /api/points-mall/items/:id/redeem — coupon items', () => {
    it('grants the coupon, spends the points under mall:<id> and counts the unit', async () => {
      const item = await couponItem({ pointsPrice: 300 });
      const { member } = await richMember(1000);
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(201);
      const redemption = res.body as PointsMallRedemptionView;
      expect(redemption).toMatchObject({ itemId: item.id, points: 300, cashFen: 0, status: 'completed', orderId: null, memberCouponId: expect.any(Number) });
      const [coupon] = await t.deps.db
        .select()
        .from(memberCoupons)
        .where(eq(memberCoupons.id, redemption.memberCouponId as number));
      expect(coupon).toMatchObject({ memberId: member.id, templateId, status: 'available', sourceKey: `mall:${redemption.id}` });
      expect(await pointsOf(t, member.id)).toEqual({ balance: 700, entries: 700 });
      const spends = await t.deps.db
        .select()
        .from(pointsEntries)
        .where(eq(pointsEntries.operationKey, `mall:${redemption.id}`));
      expect(spends.reduce((sum, entry) => sum + entry.delta, 0)).toBe(-300);
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 1 });
      expect(await memberCount(t, item.id, member.id)).toBe(1);
      expect(await shopItem(member, item.id)).toMatchObject({ redeemedByMe: 1, remaining: 9, canRedeem: false, reason: 'POINTS_MALL_LIMIT_REACHED' });
    });

    it('refuses a member short of points with 409 POINTS_INSUFFICIENT and writes nothing', async () => {
      const item = await couponItem({ pointsPrice: 300 });
      const { member } = await richMember(299);
      expect(await shopItem(member, item.id)).toMatchObject({ canRedeem: false, reason: 'POINTS_INSUFFICIENT' });
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_INSUFFICIENT');
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 0 });
      expect(await memberCount(t, item.id, member.id)).toBe(0);
      expect(await couponsOf(member.id)).toBe(0);
      expect(await redemptionsOf(member.id)).toBe(0);
      expect(await pointsOf(t, member.id)).toEqual({ balance: 299, entries: 299 });
    });

    it('gives exactly `stock` units: the next member gets 409 POINTS_MALL_SOLD_OUT', async () => {
      const item = await couponItem({ stock: 2 });
      for (let i = 0; i < 2; i += 1) expect((await redeem(t, (await richMember()).member, item.id)).status).toBe(201);
      const { member } = await richMember();
      expect(await shopItem(member, item.id)).toMatchObject({ remaining: 0, canRedeem: false, reason: 'POINTS_MALL_SOLD_OUT' });
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_MALL_SOLD_OUT');
      expect(await pointsOf(t, member.id)).toEqual({ balance: 1000, entries: 1000 });
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 2 });
    });

    it('holds a member to the per-member limit with 409 POINTS_MALL_LIMIT_REACHED', async () => {
      const item = await couponItem({ perMemberLimit: 2, pointsPrice: 100 });
      const { member } = await richMember(1000);
      expect((await redeem(t, member, item.id)).status).toBe(201);
      expect((await redeem(t, member, item.id)).status).toBe(201);
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'POINTS_MALL_LIMIT_REACHED', details: { perMemberLimit: 2 } });
      expect(await pointsOf(t, member.id)).toEqual({ balance: 800, entries: 800 });
      expect(await couponsOf(member.id)).toBe(2);
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 2 });
    });

    it('refuses a member below the minimum tier with 403 POINTS_MALL_TIER_REQUIRED, lets gold and above redeem', async () => {
      const item = await couponItem({ minTier: 'gold' });
      const { member: silver } = await richMember(1000, 'silver');
      expect(await shopItem(silver, item.id)).toMatchObject({ canRedeem: false, reason: 'POINTS_MALL_TIER_REQUIRED' });
      const res = await redeem(t, silver, item.id);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('POINTS_MALL_TIER_REQUIRED');
      expect(await redemptionsOf(silver.id)).toBe(0);
      for (const tier of ['gold', 'diamond']) {
        const { member } = await richMember(1000, tier);
        expect(await shopItem(member, item.id)).toMatchObject({ canRedeem: true, reason: null });
        expect((await redeem(t, member, item.id)).status).toBe(201);
      }
    });

    it('rolls everything back when the coupon template cannot grant (stopped since)', async () => {
      const template = await createTemplate(t, owner.auth, { totalCount: null });
      const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: template.id });
      await t.request().post(`/api/admin/coupon-templates/${template.id}/stop`).set(owner.auth).send();
      const { member } = await richMember(1000);
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('COUPON_STOPPED');
      expect(await pointsOf(t, member.id)).toEqual({ balance: 1000, entries: 1000 });
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 0 });
      expect(await memberCount(t, item.id, member.id)).toBe(0);
    });
  });

  describe('POST /api/points-mall/items/:id/redeem — goods items', () => {
    it('points only: a paid order with one zero-priced line, stock taken with a movement, points spent under the order key', async () => {
      const { sku, item } = await goodsItem();
      const { member, addressId } = await richMember(1000);
      const res = await redeem(t, member, item.id, { addressId });
      expect(res.status).toBe(201);
      const redemption = res.body as PointsMallRedemptionView;
      expect(redemption).toMatchObject({ status: 'completed', points: 800, cashFen: 0, memberCouponId: null, orderId: expect.any(Number) });
      const orderId = redemption.orderId as number;
      const [order] = await t.deps.db.select().from(orders).where(eq(orders.id, orderId));
      expect(order).toMatchObject({
        memberId: member.id,
        status: 'paid',
        payableFen: 0,
        shippingFen: 0,
        goodsSubtotalFen: 0,
        pointsUsed: 800,
        paidAt: expect.any(Date),
      });
      const lines = await t.deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
      expect(lines).toEqual([
        expect.objectContaining({ skuId: sku.id, quantity: 1, unitPriceFen: 0, subtotalFen: 0, payableFen: 0, publicPriceFen: sku.publicPriceFen }),
      ]);
      expect(await skuStock(sku.id)).toBe(4);
      const movements = await t.deps.db
        .select()
        .from(stockMovements)
        .where(eq(stockMovements.sourceKey, `order:${orderId}:line:1:reserve`));
      expect(movements).toEqual([expect.objectContaining({ skuId: sku.id, delta: -1, stockAfter: 4 })]);
      const events = await t.deps.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(orderEvents.id);
      expect(events.map((event) => [event.type, event.actorType])).toEqual([
        ['created', 'member'],
        ['paid', 'system'],
      ]);
      expect(events[1]?.data).toEqual({ pointsMall: true });
      const spends = await t.deps.db
        .select()
        .from(pointsEntries)
        .where(eq(pointsEntries.operationKey, `order:${orderId}:points`));
      expect(spends.reduce((sum, entry) => sum + entry.delta, 0)).toBe(-800);
      expect(await pointsOf(t, member.id)).toEqual({ balance: 200, entries: 200 });
      const detail = await t.request().get(`/api/orders/${orderId}`).set(member.auth);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ status: 'paid', payableFen: 0 });
    });

    it('needs an address (400 POINTS_MALL_ADDRESS_REQUIRED) of the member’s own (404 ADDRESS_NOT_FOUND)', async () => {
      const { item } = await goodsItem();
      const { member } = await richMember(1000);
      const { addressId: othersAddress } = await richMember(0);
      const missing = await redeem(t, member, item.id);
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('POINTS_MALL_ADDRESS_REQUIRED');
      const others = await redeem(t, member, item.id, { addressId: othersAddress });
      expect(others.status).toBe(404);
      expect(others.body.error.code).toBe('ADDRESS_NOT_FOUND');
      expect(await redemptionsOf(member.id)).toBe(0);
    });

    it('refuses a member short of points with 409 POINTS_INSUFFICIENT: no order, stock, count or points move', async () => {
      const { sku, item } = await goodsItem({ cashFen: 500 });
      const { member, addressId } = await richMember(799);
      const res = await redeem(t, member, item.id, { addressId });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_INSUFFICIENT');
      expect(await skuStock(sku.id)).toBe(5);
      expect(await ordersOf(member.id)).toBe(0);
      expect(await redemptionsOf(member.id)).toBe(0);
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 0 });
      expect(await memberCount(t, item.id, member.id)).toBe(0);
      expect(await pointsOf(t, member.id)).toEqual({ balance: 799, entries: 799 });
    });

    it('answers 409 POINTS_MALL_SOLD_OUT when the warehouse has no unit left, and rolls back', async () => {
      const { sku, item } = await goodsItem();
      await t.deps.db.update(skus).set({ stock: 0 }).where(eq(skus.id, sku.id));
      const { member, addressId } = await richMember(1000);
      const res = await redeem(t, member, item.id, { addressId });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'POINTS_MALL_SOLD_OUT', details: { reason: 'sku_stock' } });
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 0 });
      expect(await pointsOf(t, member.id)).toEqual({ balance: 1000, entries: 1000 });
    });

    it('points + cash: a pending order for the cash; closing it gives back the count, the counter, the stock and (the ledger hook) the points', async () => {
      const { sku, item } = await goodsItem({ cashFen: 1990, perMemberLimit: 1 });
      const { member, addressId } = await richMember(1000);
      const res = await redeem(t, member, item.id, { addressId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'pending_payment', points: 800, cashFen: 1990 });
      const orderId = res.body.orderId as number;
      const [order] = await t.deps.db.select().from(orders).where(eq(orders.id, orderId));
      expect(order).toMatchObject({ status: 'pending_payment', payableFen: 1990, goodsSubtotalFen: 1990, shippingFen: 0, pointsUsed: 800 });
      expect(order?.paymentExpiresAt.getTime()).toBe((order?.createdAt.getTime() ?? 0) + t.deps.config.commerce.paymentWindowMinutes * 60_000);
      const [line] = await t.deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
      expect(line).toMatchObject({ unitPriceFen: 1990, payableFen: 1990 });
      expect(await pointsOf(t, member.id)).toEqual({ balance: 200, entries: 200 });
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 1 });

      const cancel = await t.request().post(`/api/orders/${orderId}/cancel`).set(member.auth).send({});
      expect(cancel.status).toBe(200);
      // What the close flow runs for a mall order (the lead wires both into it); both are idempotent.
      for (let i = 0; i < 2; i += 1) {
        await t.deps.db.transaction(async (tx) => {
          const sc = contextOf(tx);
          await releaseMallRedemptionForOrder(sc, orderId);
          await releaseSpentPoints(sc, `order:${orderId}:points`, '订单取消，积分退回');
        });
      }
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 0 });
      expect(await memberCount(t, item.id, member.id)).toBe(0);
      expect(await skuStock(sku.id)).toBe(5);
      expect(await pointsOf(t, member.id)).toEqual({ balance: 1000, entries: 1000 });
      const [row] = await t.deps.db.select().from(pointsMallRedemptions).where(eq(pointsMallRedemptions.orderId, orderId));
      expect(row?.status).toBe('cancelled');
      const mine = await t.request().get('/api/me/points-mall/redemptions').set(member.auth);
      expect(mine.body.items[0]).toMatchObject({ id: res.body.id, status: 'cancelled' });
      // The counter went back, so the member may redeem again.
      expect((await redeem(t, member, item.id, { addressId })).status).toBe(201);
    });

    it('points + cash paid: the redemption completes and a later release changes nothing', async () => {
      const { item } = await goodsItem({ cashFen: 100 });
      const { member, addressId } = await richMember(1000);
      const res = await redeem(t, member, item.id, { addressId });
      const orderId = res.body.orderId as number;
      await t.deps.db.update(orders).set({ status: 'paid', paidAt: t.clock.now() }).where(eq(orders.id, orderId));
      const listed = await t.request().get('/api/me/points-mall/redemptions').set(member.auth);
      expect(listed.body.items[0]).toMatchObject({ orderId, status: 'completed' });
      await t.deps.db.transaction(async (tx) => {
        await completeMallRedemptionForOrder(contextOf(tx), orderId);
        await releaseMallRedemptionForOrder(contextOf(tx), orderId);
      });
      const [row] = await t.deps.db.select().from(pointsMallRedemptions).where(eq(pointsMallRedemptions.orderId, orderId));
      expect(row?.status).toBe('completed');
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 1 });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the same key with 200 and the same redemption, spending once', async () => {
      const item = await couponItem({ perMemberLimit: 5, pointsPrice: 100 });
      const { member } = await richMember(1000);
      const key = newKey();
      const first = await redeem(t, member, item.id, {}, key);
      const second = await redeem(t, member, item.id, {}, key);
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await pointsOf(t, member.id)).toEqual({ balance: 900, entries: 900 });
      expect(await couponsOf(member.id)).toBe(1);
      expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 1 });
    });

    it('replays a goods redemption with its order', async () => {
      const { item } = await goodsItem();
      const { member, addressId } = await richMember(1000);
      const key = newKey();
      const first = await redeem(t, member, item.id, { addressId }, key);
      const second = await redeem(t, member, item.id, { addressId }, key);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await ordersOf(member.id)).toBe(1);
    });

    it('refuses the same key for another item with 409 IDEMPOTENCY_KEY_REUSED, and a missing key with 400', async () => {
      const one = await couponItem();
      const two = await couponItem();
      const { member } = await richMember(1000);
      const key = newKey();
      expect((await redeem(t, member, one.id, {}, key)).status).toBe(201);
      const reused = await redeem(t, member, two.id, {}, key);
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const missing = await t.request().post(`/api/points-mall/items/${one.id}/redeem`).set(member.auth).send({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      expect(await redemptionsOf(member.id)).toBe(1);
    });

    it('lets another member use the same key', async () => {
      const item = await couponItem();
      const key = newKey();
      expect((await redeem(t, (await richMember()).member, item.id, {}, key)).status).toBe(201);
      expect((await redeem(t, (await richMember()).member, item.id, {}, key)).status).toBe(201);
    });
  });

  describe('GET /api/points-mall/items', () => {
    it('shows guests the items on sale with canRedeem false (UNAUTHENTICATED); hides off-sale items', async () => {
      const item = await couponItem({ sortOrder: 0 });
      const hidden = await couponItem();
      await t.request().patch(`/api/admin/points-mall/items/${hidden.id}`).set(owner.auth).send({ status: 'off_sale' });
      expect(await shopItem(null, item.id)).toMatchObject({ remaining: 10, redeemedByMe: 0, canRedeem: false, reason: 'UNAUTHENTICATED' });
      expect(await shopItem(null, hidden.id)).toBeUndefined();
      const detail = await t.request().get(`/api/points-mall/items/${hidden.id}`);
      expect(detail.status).toBe(404);
      expect(detail.body.error.code).toBe('POINTS_MALL_ITEM_NOT_FOUND');
      const { member } = await richMember();
      const redeemHidden = await redeem(t, member, hidden.id);
      expect(redeemHidden.status).toBe(404);
      expect(redeemHidden.body.error.code).toBe('POINTS_MALL_ITEM_NOT_FOUND');
    });

    it('GET /api/points-mall/items/:id answers a member whether they can redeem', async () => {
      const item = await couponItem({ pointsPrice: 100 });
      const { member } = await richMember(100);
      const res = await t.request().get(`/api/points-mall/items/${item.id}`).set(member.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: item.id, canRedeem: true, reason: null, redeemedByMe: 0 });
    });

    it('does not count pending or expired lots as spendable', async () => {
      const item = await couponItem({ pointsPrice: 100 });
      const { member } = await richMember(500);
      // The member's only lot becomes pending: earned, not usable yet.
      await t.deps.db
        .update(pointsLots)
        .set({ availableAt: new Date(t.clock.now().getTime() + 7 * 24 * 3600 * 1000) })
        .where(eq(pointsLots.memberId, member.id));
      expect(await shopItem(member, item.id)).toMatchObject({ canRedeem: false, reason: 'POINTS_INSUFFICIENT' });
      const res = await redeem(t, member, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_INSUFFICIENT');
    });

    it('refuses redeeming without a member token with 401', async () => {
      const item = await couponItem();
      const res = await t.request().post(`/api/points-mall/items/${item.id}/redeem`).set('Idempotency-Key', newKey()).send({});
      expect(res.status).toBe(401);
    });
  });

  describe('GET /api/me/points-mall/redemptions', () => {
    it('lists the member’s own redemptions newest first with the item, page by page', async () => {
      const items = [await couponItem({ pointsPrice: 10 }), await couponItem({ pointsPrice: 20 }), await couponItem({ pointsPrice: 30 })];
      const { member } = await richMember(1000);
      const other = await richMember(1000);
      for (const item of items) expect((await redeem(t, member, item.id)).status).toBe(201);
      expect((await redeem(t, other.member, items[0]?.id as number)).status).toBe(201);
      const first = await t.request().get('/api/me/points-mall/redemptions?limit=2').set(member.auth);
      expect(first.status).toBe(200);
      expect(first.body.items.map((r: PointsMallRedemptionView) => r.points)).toEqual([30, 20]);
      expect(first.body.items[0].item).toEqual({ title: items[2]?.title, kind: 'coupon', image: null });
      const second = await t.request().get(`/api/me/points-mall/redemptions?limit=2&cursor=${first.body.nextCursor}`).set(member.auth);
      expect(second.body.items.map((r: PointsMallRedemptionView) => r.points)).toEqual([10]);
      expect(second.body.nextCursor).toBeNull();
      const mine = await t.deps.db
        .select()
        .from(pointsMallRedemptions)
        .where(and(eq(pointsMallRedemptions.memberId, member.id)));
      expect(mine).toHaveLength(3);
    });
  });
});
