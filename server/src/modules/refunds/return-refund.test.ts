import { and, eq } from 'drizzle-orm';
import { auditLog, orders, stockMovements } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder } from './test-factories';
import { createShippedOrder, postReturnRefund, postReturnShipment, RETURN_ADDRESS, setReturnAddress } from './return-test-factories';

describe.each(testDrivers())('退货退款 (return then refund) on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
  });
  afterAll(() => t.close());

  const approve = (id: number) => t.request().post(`/api/admin/refunds/${id}/approve`).set(service.auth).send({ restock: true });
  const confirm = (id: number) => t.request().post(`/api/admin/refunds/${id}/confirm-receipt`).set(service.auth);

  describe('POST /api/admin/refunds/:id/approve on a return request', () => {
    it('refuses to approve until the store has a return address, with RETURN_ADDRESS_NOT_SET', async () => {
      const fresh = await createTestApp(driver);
      try {
        const staff = await createStaff(fresh, 'owner');
        const paid = await createShippedOrder(fresh, staff.auth);
        const refund = (await postReturnRefund(fresh, paid.member, paid.order.id)).body;
        const res = await fresh.request().post(`/api/admin/refunds/${refund.id}/approve`).set(staff.auth).send({ restock: false });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('RETURN_ADDRESS_NOT_SET');
        expect((await fresh.request().get(`/api/admin/refunds/${refund.id}`).set(staff.auth)).body.status).toBe('requested');
      } finally {
        await fresh.close();
      }
    });
  });

  it('runs requested → awaiting_return → returning → processing → succeeded, paying once, only after receipt', async () => {
    await setReturnAddress(t, owner.auth);
    const paid = await createShippedOrder(t, owner.auth, 2590);
    const created = await postReturnRefund(t, paid.member, paid.order.id, ['/media/abc.webp', 'https://cdn.example.com/p/1.jpg']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'return_refund', status: 'requested', photos: ['/media/abc.webp', 'https://cdn.example.com/p/1.jpg'] });
    const refundId = created.body.id as number;

    const approved = await approve(refundId);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'awaiting_return', returnAddress: RETURN_ADDRESS });
    // No money moves before the goods are back.
    expect(await t.paySimulator.ledger.refundsOf(paid.order.orderNo)).toHaveLength(0);
    // Receipt cannot be confirmed before the member ships.
    expect((await confirm(refundId)).body.error).toMatchObject({ code: 'REFUND_STATUS_CONFLICT', details: { status: 'awaiting_return' } });

    const mine = await t.request().get(`/api/orders/${paid.order.id}/refunds`).set(paid.member.auth);
    expect(mine.body.items[0]).toMatchObject({ status: 'awaiting_return', returnAddress: RETURN_ADDRESS });

    const shipped = await postReturnShipment(t, paid.member, paid.order.id, refundId);
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'returning', returnCarrier: '中通快递', returnTrackingNo: 'ZT7700112233' });
    expect((await postReturnShipment(t, paid.member, paid.order.id, refundId)).body.error.code).toBe('REFUND_STATUS_CONFLICT');

    const received = await confirm(refundId);
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ status: 'processing' });
    expect(received.body.returnReceivedAt).toEqual(expect.any(String));
    expect(await t.paySimulator.ledger.refundsOf(paid.order.orderNo)).toHaveLength(1);
    await t.paySimulator.completeRefund(received.body.outRefundNo);
    const [order] = await t.deps.db.select().from(orders).where(eq(orders.id, paid.order.id));
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 2590 });
    // Restocked once, as chosen at approval.
    expect(await t.deps.db.$count(stockMovements, eq(stockMovements.sourceKey, `refund:${refundId}:line:1`))).toBe(1);
    const audit = await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'refund.confirm_receipt'), eq(auditLog.targetId, String(refundId))));
    expect(audit).toEqual([expect.objectContaining({ staffId: service.id })]);
    expect((await confirm(refundId)).status).toBe(409);
  });

  describe('illegal transitions answer 409 with a code', () => {
    it('a return request on an unshipped order: REFUND_RETURN_NEEDS_SHIPMENT', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 990, quantity: 1 }]);
      const res = await postReturnRefund(t, paid.member, paid.order.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('REFUND_RETURN_NEEDS_SHIPMENT');
    });

    it('confirming receipt of a 仅退款 or of a requested return: REFUND_STATUS_CONFLICT', async () => {
      const paid = await createShippedOrder(t, owner.auth);
      const refund = (await postReturnRefund(t, paid.member, paid.order.id)).body;
      expect((await confirm(refund.id)).body.error).toMatchObject({ code: 'REFUND_STATUS_CONFLICT', details: { status: 'requested' } });
      expect((await postReturnShipment(t, paid.member, paid.order.id, refund.id)).body.error.code).toBe('REFUND_STATUS_CONFLICT');
    });

    it('approving or rejecting a return already approved: REFUND_STATUS_CONFLICT', async () => {
      await setReturnAddress(t, owner.auth);
      const paid = await createShippedOrder(t, owner.auth);
      const refund = (await postReturnRefund(t, paid.member, paid.order.id)).body;
      expect((await approve(refund.id)).status).toBe(200);
      expect((await approve(refund.id)).status).toBe(409);
      const reject = await t.request().post(`/api/admin/refunds/${refund.id}/reject`).set(service.auth).send({ note: '不同意' });
      expect(reject.body.error).toMatchObject({ code: 'REFUND_STATUS_CONFLICT', details: { status: 'awaiting_return' } });
    });
  });

  it("another member cannot enter the return shipment of someone else's refund (404)", async () => {
    await setReturnAddress(t, owner.auth);
    const paid = await createShippedOrder(t, owner.auth);
    const refund = (await postReturnRefund(t, paid.member, paid.order.id)).body;
    await approve(refund.id);
    const stranger = await loginMember(t);
    const res = await postReturnShipment(t, stranger, paid.order.id, refund.id);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('refuses more than 3 photos and non-URL photos (400)', async () => {
    const paid = await createShippedOrder(t, owner.auth);
    expect((await postReturnRefund(t, paid.member, paid.order.id, ['/a', '/b', '/c', '/d'])).status).toBe(400);
    expect((await postReturnRefund(t, paid.member, paid.order.id, ['javascript:alert(1)'])).status).toBe(400);
  });

  it('GET/PUT /api/admin/refunds/settings: analyst reads, cannot write; writes are audited', async () => {
    const analyst = await createStaff(t, 'analyst');
    expect((await t.request().get('/api/admin/refunds/settings').set(analyst.auth)).status).toBe(200);
    expect((await t.request().put('/api/admin/refunds/settings').set(analyst.auth).send({ returnAddress: RETURN_ADDRESS })).status).toBe(403);
    await setReturnAddress(t, owner.auth);
    expect(await t.deps.db.$count(auditLog, eq(auditLog.action, 'after_sale.settings'))).toBeGreaterThan(0);
  });
});
