import { and, eq, sql } from 'drizzle-orm';
import type { CheckoutPromotionsView, Order } from '@siyu/shared';
import { growthEntries, memberAccounts, members, orders, pointsEntries, pointsLots, skus, tiers } from '../db/schema';
import { checkLedger, earnPoints } from '../modules/points';
import { serviceAt } from '../modules/points/test-factories';
import { createAddress, createSellableSku, newKey, orderOf } from '../modules/orders/test-factories';
import { fetchOrder, refundThrough } from '../modules/refunds/test-factories';
import { testDrivers } from '../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestMember, type TestStaff } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const DAY = 24 * 60 * 60 * 1000;
type QuoteBody = { payableTotalFen: number; shippingFeeFen: number; promotions: CheckoutPromotionsView; explanation: string[] };

/** The membership loop through the real order flows: tier perks and points at checkout, points on payment, growth on completion, reversals on refund. */
describe.each(testDrivers())('membership in the order flows (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const sku = (priceFen: number, extra: Record<string, unknown> = {}) =>
    createSellableSku(t, owner.auth, { privatePriceFen: priceFen, publicPriceFen: priceFen * 2, costPriceFen: 1, stock: 50, ...extra });
  const quote = async (member: TestMember, lines: { skuId: number; quantity: number }[], extra: Record<string, unknown> = {}) => {
    const res = await t
      .request()
      .post('/api/checkout/quote')
      .set(member.auth)
      .send({ lines, ...extra });
    if (res.status !== 200) throw new Error(`quote: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as QuoteBody;
  };
  async function order(member: TestMember, lines: { skuId: number; quantity: number }[], extra: Record<string, unknown> = {}): Promise<Order> {
    const quoted = await quote(member, lines, extra);
    const res = await t
      .request()
      .post('/api/orders')
      .set(member.auth)
      .set('Idempotency-Key', newKey())
      .send({ lines, addressId: await createAddress(t, member), expectedPayableFen: quoted.payableTotalFen, ...extra });
    if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
    return orderOf(res.body);
  }
  async function pay(member: TestMember, placed: Order): Promise<void> {
    expect((await t.request().post(`/api/orders/${placed.id}/pay`).set(member.auth)).status).toBe(200);
    expect((await t.paySimulator.pay(placed.orderNo)).map((delivery) => delivery.status)).toEqual([204]);
  }
  const give = (memberId: number, amount: number) =>
    earnPoints(serviceAt(t.deps.db, t.deps.now()), {
      memberId,
      amount,
      source: 'manual',
      sourceKey: `test:${memberId}:${Date.now()}:${Math.random()}`,
      reason: '测试积分',
      availableAt: new Date(t.deps.now().getTime() - 1000),
    });
  const balance = async (memberId: number) =>
    (await t.deps.db.select({ balance: memberAccounts.pointsBalance }).from(memberAccounts).where(eq(memberAccounts.memberId, memberId)))[0]?.balance ?? 0;

  it('a new member gets the sign-up points at once', async () => {
    const member = await loginMember(t);
    expect(await balance(member.id)).toBe(100);
  });

  it('pays part of the goods with points (capped at half), releases them on cancel, and prices shipping before points', async () => {
    const member = await createMemberDirect(t);
    await give(member.id, 20_000);
    const item = await sku(12000);
    const lines = [{ skuId: item.id, quantity: 1 }];
    const plain = await quote(member, lines);
    expect(plain.promotions.points).toMatchObject({ available: 20_000, usable: 6000, usableValueFen: 6000, used: 0 });
    const withPoints = await quote(member, lines, { usePoints: true });
    expect(withPoints.payableTotalFen).toBe(6000); // ¥120 − ¥60 of points, shipping still free (¥120 ≥ ¥99)
    expect(withPoints.shippingFeeFen).toBe(0);
    expect(withPoints.promotions.explanation).toContain('应付 ¥60.00');
    expect(withPoints.promotions.explanation.filter((line) => line.startsWith('应付'))).toHaveLength(1);
    const placed = await order(member, lines, { usePoints: true });
    expect(placed.payableFen).toBe(6000);
    expect(await balance(member.id)).toBe(14_000);
    const [row] = await t.deps.db.select({ pointsUsed: orders.pointsUsed }).from(orders).where(eq(orders.id, placed.id));
    expect(row?.pointsUsed).toBe(6000);
    expect((await t.request().post(`/api/orders/${placed.id}/cancel`).set(member.auth).send({})).status).toBe(200);
    expect(await balance(member.id)).toBe(20_000);
    expect((await checkLedger(t.deps.db)).mismatches).toEqual([]);
  });

  it('never spends more points than the member has when two orders race (409 POINTS_INSUFFICIENT)', async () => {
    const member = await createMemberDirect(t);
    await give(member.id, 3000);
    const item = await sku(10000);
    const lines = [{ skuId: item.id, quantity: 1 }];
    const first = await quote(member, lines, { usePoints: true });
    await order(member, lines, { usePoints: true }); // takes the 3000
    const second = await t
      .request()
      .post('/api/orders')
      .set(member.auth)
      .set('Idempotency-Key', newKey())
      .send({ lines, addressId: await createAddress(t, member), expectedPayableFen: first.payableTotalFen, usePoints: true });
    expect(second.status).toBe(409); // the quote now has no points to use: the member is told the price changed
    expect(await balance(member.id)).toBe(0);
  });

  it('earns pending points on payment, credits growth on completion, upgrades the tier, and reverses both on a full refund', async () => {
    const member = await loginMember(t);
    const item = await sku(60000); // ¥600
    const placed = await order(member, [{ skuId: item.id, quantity: 1 }]);
    await pay(member, placed);
    const lots = await t.deps.db
      .select()
      .from(pointsLots)
      .where(and(eq(pointsLots.memberId, member.id), eq(pointsLots.source, 'order')));
    expect(lots).toHaveLength(1);
    expect(lots[0]?.amount).toBe(600);
    // Pending for 7 days from the payment time (WeChat reports it to the second).
    expect(Math.abs((lots[0]?.availableAt.getTime() ?? 0) - (t.deps.now().getTime() + 7 * DAY))).toBeLessThan(2000);
    const summary = await t.request().get('/api/me/points').set(member.auth);
    expect(summary.body).toMatchObject({ pending: 600 + 200 }); // order points + first-purchase bonus, both pending

    await t.deps.db.update(orders).set({ status: 'shipped', shippedAt: t.deps.now() }).where(eq(orders.id, placed.id));
    expect((await t.request().post(`/api/orders/${placed.id}/confirm-receipt`).set(member.auth)).status).toBe(200);
    const [growth] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${growthEntries.delta}), 0)::int` })
      .from(growthEntries)
      .where(eq(growthEntries.memberId, member.id));
    expect(growth?.sum).toBe(600);
    const [upgraded] = await t.deps.db.select({ tier: members.tierCode }).from(members).where(eq(members.id, member.id));
    expect(upgraded?.tier).toBe('silver'); // 600 ≥ 500
    const membership = await t.request().get('/api/me/membership').set(member.auth);
    expect(membership.body).toMatchObject({ tierCode: 'silver', growthValue: 600 });

    const paid = { member, order: await fetchOrder(t, member, placed.id), skus: [] };
    await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
    const [after] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${growthEntries.delta}), 0)::int` })
      .from(growthEntries)
      .where(eq(growthEntries.memberId, member.id));
    expect(after?.sum).toBe(0);
    const earned = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)::int` })
      .from(pointsEntries)
      .where(and(eq(pointsEntries.memberId, member.id), eq(pointsEntries.orderId, placed.id)));
    expect(earned[0]?.sum).toBe(0);
    expect((await checkLedger(t.deps.db)).mismatches).toEqual([]);
  });

  it('applies the tier discount as the member_discount promotion and the tier free-shipping perk', async () => {
    await t.deps.db.update(tiers).set({ discountBp: 500, freeShippingThresholdFen: 0 }).where(eq(tiers.code, 'platinum'));
    try {
      const member = await createMemberDirect(t, 'platinum');
      const item = await sku(5000);
      const quoted = await quote(member, [{ skuId: item.id, quantity: 1 }]);
      expect(quoted.promotions.decisions).toEqual([expect.objectContaining({ candidateId: 'tier:platinum', status: 'applied', amountFen: 250 })]);
      expect(quoted.shippingFeeFen).toBe(0);
      expect(quoted.payableTotalFen).toBe(4750);
      expect(quoted.promotions.tier).toMatchObject({ code: 'platinum', discountBp: 500 });
      // A SKU priced for the tier keeps its tier price and gets no extra discount.
      const tierPriced = await sku(5000, { tierPrices: { platinum: 4500 } });
      expect((await quote(member, [{ skuId: tierPriced.id, quantity: 1 }])).payableTotalFen).toBe(4500);
    } finally {
      await t.deps.db.update(tiers).set({ discountBp: 300, freeShippingThresholdFen: 0 }).where(eq(tiers.code, 'platinum'));
    }
  });

  it('keeps exclusive SKUs to members at or above their tier', async () => {
    const item = await sku(3000);
    await t.deps.db.update(skus).set({ minTier: 'gold' }).where(eq(skus.id, item.id));
    const bronze = await createMemberDirect(t, 'bronze');
    const gold = await createMemberDirect(t, 'gold');
    const refused = await t
      .request()
      .post('/api/checkout/quote')
      .set(bronze.auth)
      .send({ lines: [{ skuId: item.id, quantity: 1 }] });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'SKU_TIER_REQUIRED']);
    expect((await quote(gold, [{ skuId: item.id, quantity: 1 }])).payableTotalFen).toBe(3800);
    const product = item.productId;
    const asBronze = await t.request().get(`/api/products/${product}`).set(bronze.auth);
    const asGold = await t.request().get(`/api/products/${product}`).set(gold.auth);
    expect(asGold.body.skus.map((entry: { id: number; minTier: string }) => [entry.id, entry.minTier])).toEqual([[item.id, 'gold']]);
    expect(asBronze.status === 404 || (asBronze.body.skus as unknown[]).length === 0).toBe(true);
  });
});
