import { and, eq } from 'drizzle-orm';
import { auditLog, memberSkuPurchases, orderEvents, skus, stockMovements } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';
import { approveRefund, createPaidOrder, createRefund, fetchOrder, postRefund, refundThrough } from './test-factories';

describe.each(testDrivers())('refunds on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
  });
  afterAll(() => t.close());

  const stockOf = async (skuId: number) => (await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, skuId)))[0]?.stock;
  const eventTypes = async (orderId: number) =>
    (await t.deps.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(orderEvents.id)).map((e) => e.type);

  describe('POST /api/orders/:id/refunds', () => {
    it('moves the order to refunding, keeps its status before, and lists the request', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 400, quantity: 3, payableFen: 1000 }]);
      const res = await postRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }], '尺码不合适');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'requested',
        orderStatusBefore: 'paid',
        amountFen: 333,
        shippingFen: 0,
        lines: [{ lineNo: 1, quantity: 1, amountFen: 333 }],
        reason: '尺码不合适',
      });
      expect(res.body.outRefundNo).toBe(`${paid.order.orderNo}R1`);
      expect((await fetchOrder(t, paid.member, paid.order.id)).status).toBe('refunding');
      const list = await t.request().get(`/api/orders/${paid.order.id}/refunds`).set(paid.member.auth);
      expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, status: 'requested' })]);
    });

    it.each<[string, unknown]>([
      ['quantity 0', { lines: [{ lineNo: 1, quantity: 0 }], reason: '不想要了' }],
      ['no lines', { lines: [], reason: '不想要了' }],
      ['no reason', { lines: [{ lineNo: 1, quantity: 1 }] }],
      [
        'the same line twice',
        {
          lines: [
            { lineNo: 1, quantity: 1 },
            { lineNo: 1, quantity: 1 },
          ],
          reason: 'x',
        },
      ],
      ['an unknown field', { lines: [{ lineNo: 1, quantity: 1 }], reason: 'x', amountFen: 1 }],
    ])('rejects %s with VALIDATION_FAILED', async (_name, body) => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
      const res = await t
        .request()
        .post(`/api/orders/${paid.order.id}/refunds`)
        .set(paid.member.auth)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('rejects an unknown lineNo with VALIDATION_FAILED on that field', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
      const res = await postRefund(t, paid.member, paid.order.id, [{ lineNo: 7, quantity: 1 }]);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.lines.0.lineNo' }] } });
      expect((await fetchOrder(t, paid.member, paid.order.id)).status).toBe('paid');
    });

    it('rejects more than the refundable quantity with REFUND_QUANTITY_EXCEEDED and the line', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 3 }]);
      await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 2 }]);
      const res = await postRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 2 }]);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'REFUND_QUANTITY_EXCEEDED', details: { lines: [{ lineNo: 1, requested: 2, refundable: 1 }] } });
    });

    it('answers 404 ORDER_NOT_FOUND for another member’s order', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
      const stranger = await loginMember(t);
      const res = await postRefund(t, stranger, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
      expect((await t.request().get(`/api/orders/${paid.order.id}/refunds`).set(stranger.auth)).status).toBe(404);
    });

    it('refuses an unpaid order with REFUND_NOT_ALLOWED', async () => {
      const member = await loginMember(t);
      const sku = await createSellableSku(t, owner.auth);
      const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 1 }])).body);
      const res = await postRefund(t, member, order.id, [{ lineNo: 1, quantity: 1 }]);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'REFUND_NOT_ALLOWED', details: { status: 'pending_payment' } });
    });

    it('allows one open request per order: a second answers REFUND_NOT_ALLOWED', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 2 }]);
      await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
      const second = await postRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: 'REFUND_NOT_ALLOWED', details: { status: 'refunding' } });
    });
  });

  describe('approve → WeChat Pay → REFUND.SUCCESS', () => {
    it('refunds 1 of 3 units, then 1, then the last: 333 + 333 + 334 = the line payable, shipping with the last', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 400, quantity: 3, payableFen: 1000 }]);
      expect(paid.order).toMatchObject({ payableFen: 1800, shippingFen: 800 });
      const amounts: number[] = [];
      const statuses: string[] = [];
      for (let step = 0; step < 3; step += 1) {
        amounts.push((await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 1 }])).amountFen);
        statuses.push((await fetchOrder(t, paid.member, paid.order.id)).status);
      }
      expect(amounts).toEqual([333, 333, 334 + 800]);
      expect(statuses).toEqual(['partially_refunded', 'partially_refunded', 'refunded']);
      const order = await fetchOrder(t, paid.member, paid.order.id);
      expect(order).toMatchObject({ refundedFen: 1800, lines: [{ refundedQuantity: 3, refundedFen: 1000 }] });
      const list = await t.request().get(`/api/orders/${paid.order.id}/refunds`).set(paid.member.auth);
      expect(list.body.items.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    });

    it('returns stock only when staff chose restock, and always releases the purchase quota', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 700, quantity: 2, stock: 5 }]);
      const skuId = paid.skus[0]?.id ?? 0;
      expect(await stockOf(skuId)).toBe(3);
      await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 1 }], false);
      expect(await stockOf(skuId)).toBe(3);
      const restocked = await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 1 }], true);
      expect(await stockOf(skuId)).toBe(4);
      const movements = await t.deps.db
        .select()
        .from(stockMovements)
        .where(eq(stockMovements.sourceKey, `refund:${restocked.id}:line:1`));
      expect(movements).toEqual([expect.objectContaining({ delta: 1, stockAfter: 4 })]);
      const [quota] = await t.deps.db
        .select()
        .from(memberSkuPurchases)
        .where(and(eq(memberSkuPurchases.memberId, paid.member.id), eq(memberSkuPurchases.skuId, skuId)));
      expect(quota?.quantity).toBe(0);
      expect((await fetchOrder(t, paid.member, paid.order.id)).status).toBe('refunded');
      expect(await eventTypes(paid.order.id)).toEqual([
        'created',
        'paid',
        'refund_requested',
        'refund_approved',
        'refunded',
        'refund_requested',
        'refund_approved',
        'refunded',
      ]);
    });

    it('keeps shipping on a shipped order: every unit back makes it refunded, the shipping fee kept', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 900, quantity: 1 }]);
      await t.request().post(`/api/admin/orders/${paid.order.id}/ship`).set(service.auth).send({ carrier: '顺丰速运', trackingNo: 'SF0000000001' }).expect(200);
      const refund = await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      expect(refund).toMatchObject({ orderStatusBefore: 'shipped', amountFen: 900, shippingFen: 0 });
      expect(await fetchOrder(t, paid.member, paid.order.id)).toMatchObject({ status: 'refunded', refundedFen: 900, shippingFen: 800 });
    });

    it('approving answers the refund in processing and audits the approval', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
      const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
      const approved = await approveRefund(t, service.auth, refund.id, true);
      expect(approved).toMatchObject({ status: 'processing', restock: true, reviewedBy: service.id, orderNo: paid.order.orderNo, memberId: paid.member.id });
      expect(approved.wechatRefundId).toEqual(expect.any(String));
      const audit = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'refund.approve'), eq(auditLog.targetId, String(refund.id))));
      expect(audit).toEqual([expect.objectContaining({ staffId: service.id, staffRole: 'service', after: { status: 'processing', restock: true } })]);
      const again = await t.request().post(`/api/admin/refunds/${refund.id}/approve`).set(service.auth).send({ restock: true });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'REFUND_STATUS_CONFLICT', details: { status: 'processing' } });
    });
  });
});
