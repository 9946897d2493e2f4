import { and, eq } from 'drizzle-orm';
import { memberSkuPurchases, skus, stockMovements } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey, orderOf, placeOrder } from './test-factories';

describe.each(testDrivers())('checkout on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const stockOf = async (skuId: number) => (await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, skuId)))[0]?.stock;

  describe('POST /api/checkout/quote', () => {
    it('prices lines at the member price with shipping, without side effects', async () => {
      const sku = await createSellableSku(t, owner.auth, { privatePriceFen: 1500, publicPriceFen: 2000, stock: 5 });
      const member = await loginMember(t);
      const res = await t
        .request()
        .post('/api/checkout/quote')
        .set(member.auth)
        .send({ lines: [{ skuId: sku.id, quantity: 2 }] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ goodsSubtotalFen: 3000, shippingFeeFen: 800, payableTotalFen: 3800 });
      expect(await stockOf(sku.id)).toBe(5);
    });

    it('ships free at the threshold', async () => {
      const sku = await createSellableSku(t, owner.auth, { privatePriceFen: 9900, publicPriceFen: 12000 });
      const member = await loginMember(t);
      const res = await t
        .request()
        .post('/api/checkout/quote')
        .set(member.auth)
        .send({ lines: [{ skuId: sku.id, quantity: 1 }] });
      expect(res.body).toMatchObject({ goodsSubtotalFen: 9900, shippingFeeFen: 0, payableTotalFen: 9900 });
    });

    it('answers 409 ORDER_LINES_UNAVAILABLE naming an unknown SKU', async () => {
      const member = await loginMember(t);
      const res = await t
        .request()
        .post('/api/checkout/quote')
        .set(member.auth)
        .send({ lines: [{ skuId: 999999, quantity: 1 }] });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ORDER_LINES_UNAVAILABLE', details: { lines: [{ skuId: 999999, reason: 'not_found' }] } });
    });

    it('requires a member', async () => {
      expect(
        (
          await t
            .request()
            .post('/api/checkout/quote')
            .send({ lines: [{ skuId: 1, quantity: 1 }] })
        ).status,
      ).toBe(401);
    });
  });

  describe('POST /api/orders', () => {
    it('creates a pending order: stock reserved with a movement, quota claimed, prices snapshotted', async () => {
      const sku = await createSellableSku(t, owner.auth, { privatePriceFen: 1500, stock: 5, purchaseLimit: 3 });
      const member = await loginMember(t);
      const addressId = await createAddress(t, member);
      const res = await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 2 }]);
      expect(res.status).toBe(201);
      const order = orderOf(res.body);
      expect(order).toMatchObject({
        status: 'pending_payment',
        goodsSubtotalFen: 3000,
        payableFen: 3800,
        address: { recipientName: '张三', phone: '13800138000' },
      });
      expect(order.orderNo).toMatch(/^S\d{14}[0-9A-Z]{8}$/);
      expect(order.lines[0]).toMatchObject({ skuId: sku.id, quantity: 2, unitPriceFen: 1500, subtotalFen: 3000, payableFen: 3000 });
      expect(await stockOf(sku.id)).toBe(3);
      const movements = await t.deps.db
        .select()
        .from(stockMovements)
        .where(eq(stockMovements.sourceKey, `order:${order.id}:line:1:reserve`));
      expect(movements).toEqual([expect.objectContaining({ delta: -2, stockAfter: 3 })]);
      const [quota] = await t.deps.db
        .select()
        .from(memberSkuPurchases)
        .where(and(eq(memberSkuPurchases.memberId, member.id), eq(memberSkuPurchases.skuId, sku.id)));
      expect(quota?.quantity).toBe(2);
    });

    it('returns the same order for the same key and body, and 409 for the same key with another body', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 10 });
      const member = await loginMember(t);
      const addressId = await createAddress(t, member);
      const key = newKey();
      const first = await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 1 }], key);
      const again = await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 1 }], key);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await stockOf(sku.id)).toBe(9);
      const other = await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 2 }], key);
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('answers 409 PRICE_CHANGED with the new quote when the shown total is stale, writing nothing', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 4 });
      const member = await loginMember(t);
      const addressId = await createAddress(t, member);
      const res = await t
        .request()
        .post('/api/orders')
        .set(member.auth)
        .set('Idempotency-Key', newKey())
        .send({ lines: [{ skuId: sku.id, quantity: 1 }], addressId, expectedPayableFen: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'PRICE_CHANGED', details: { quote: { payableTotalFen: 2300 } } });
      expect(await stockOf(sku.id)).toBe(4);
      expect((await t.request().get('/api/orders').set(member.auth)).body.items).toHaveLength(0);
    });

    it('answers 409 ORDER_STOCK_INSUFFICIENT and 409 ORDER_LIMIT_EXCEEDED with the offending lines, writing nothing', async () => {
      const scarce = await createSellableSku(t, owner.auth, { stock: 1 });
      const limited = await createSellableSku(t, owner.auth, { stock: 50, purchaseLimit: 2 });
      const member = await loginMember(t);
      const addressId = await createAddress(t, member);
      const short = await placeOrder(t, member, addressId, [{ skuId: scarce.id, quantity: 2 }]);
      expect(short.body.error).toMatchObject({ code: 'ORDER_STOCK_INSUFFICIENT', details: { lines: [{ skuId: scarce.id, requested: 2 }] } });
      expect((await placeOrder(t, member, addressId, [{ skuId: limited.id, quantity: 2 }])).status).toBe(201);
      const over = await placeOrder(t, member, addressId, [{ skuId: limited.id, quantity: 1 }]);
      expect(over.body.error).toMatchObject({ code: 'ORDER_LIMIT_EXCEEDED', details: { lines: [{ skuId: limited.id, limit: 2 }] } });
      expect(await stockOf(scarce.id)).toBe(1);
      expect(await stockOf(limited.id)).toBe(48);
    });

    it.each([
      ['no lines', { lines: [] }, 'body.lines'],
      ['a float quantity', { lines: [{ skuId: 1, quantity: 1.5 }] }, 'body.lines.0.quantity'],
      [
        'a duplicate SKU',
        {
          lines: [
            { skuId: 1, quantity: 1 },
            { skuId: 1, quantity: 2 },
          ],
        },
        'body.lines',
      ],
      ['a float expected total', { expectedPayableFen: 10.5 }, 'body.expectedPayableFen'],
      ['an unknown field', { giftCard: 3 }, 'body.giftCard'],
      ['a malformed coupon choice', { couponId: 'best' }, 'body.couponId'],
    ])('rejects %s with VALIDATION_FAILED', async (_name, override, field) => {
      const member = await loginMember(t);
      const body = { lines: [{ skuId: 1, quantity: 1 }], addressId: 1, expectedPayableFen: 100, ...override };
      const res = await t.request().post('/api/orders').set(member.auth).set('Idempotency-Key', newKey()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
    });

    it('requires an Idempotency-Key header', async () => {
      const member = await loginMember(t);
      const res = await t
        .request()
        .post('/api/orders')
        .set(member.auth)
        .send({ lines: [{ skuId: 1, quantity: 1 }], addressId: 1, expectedPayableFen: 100 });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    });

    it('does not accept another member’s address', async () => {
      const sku = await createSellableSku(t, owner.auth);
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const aliceAddress = await createAddress(t, alice);
      const res = await placeOrder(t, bob, aliceAddress, [{ skuId: sku.id, quantity: 1 }]);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ADDRESS_NOT_FOUND');
    });
  });

  describe('cancel and the sweeper', () => {
    it('POST /api/orders/:id/cancel returns stock and quota once, and is idempotent', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 5, purchaseLimit: 2 });
      const member = await loginMember(t);
      const addressId = await createAddress(t, member);
      const order = orderOf((await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 2 }])).body);
      const cancel = await t.request().post(`/api/orders/${order.id}/cancel`).set(member.auth).send({});
      expect(cancel.body).toMatchObject({ status: 'cancelled', cancelReason: '买家取消' });
      expect((await t.request().post(`/api/orders/${order.id}/cancel`).set(member.auth).send({})).status).toBe(200);
      expect(await stockOf(sku.id)).toBe(5);
      expect((await placeOrder(t, member, addressId, [{ skuId: sku.id, quantity: 2 }])).status).toBe(201);
    });

    it('another member’s order is not found', async () => {
      const sku = await createSellableSku(t, owner.auth);
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const order = orderOf((await placeOrder(t, alice, await createAddress(t, alice), [{ skuId: sku.id, quantity: 1 }])).body);
      expect((await t.request().get(`/api/orders/${order.id}`).set(bob.auth)).status).toBe(404);
      expect((await t.request().post(`/api/orders/${order.id}/cancel`).set(bob.auth).send({})).body.error.code).toBe('ORDER_NOT_FOUND');
    });

    it('the sweeper closes orders whose payment window passed and releases their stock', async () => {
      const { closeExpiredOrders } = await import('./service');
      const sku = await createSellableSku(t, owner.auth, { stock: 3 });
      const userKey = `sweep${Date.now()}`;
      const member = await loginMember(t, userKey);
      const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 3 }])).body);
      expect(await stockOf(sku.id)).toBe(0);
      t.clock.advance(31 * 60 * 1000);
      const sc = { db: t.deps.db, requestId: 'sweeper-test', now: t.clock.now(), ip: null };
      expect(await closeExpiredOrders(sc, t.deps)).toBeGreaterThanOrEqual(1);
      expect(await closeExpiredOrders(sc, t.deps)).toBe(0);
      expect(await stockOf(sku.id)).toBe(3);
      const again = await loginMember(t, userKey); // the old access token expired with the clock
      const detail = await t.request().get(`/api/orders/${order.id}`).set(again.auth);
      expect(detail.body).toMatchObject({ status: 'cancelled', cancelReason: '超时未支付，系统自动关闭' });
    });
  });
});
