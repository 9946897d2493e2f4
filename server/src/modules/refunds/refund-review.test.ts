import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { StaffRole } from '@siyu/shared';
import { auditLog, orderEvents, orderLines, orders, refunds, stockMovements } from '../../db/schema';
import { reconcileProcessingRefunds } from '../../flows/refund';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, TEST_MCHID, type TestApp } from '../../testing/test-app';
import { encryptResource, notificationBody, signNotification } from '../../wechat/pay/simulator';
import { approveRefund, createPaidOrder, createRefund, fetchOrder, refundThrough } from './test-factories';

describe.each(testDrivers())('refund review and notifications on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
  });
  afterAll(() => t.close());

  const refundRow = async (id: number) => (await t.deps.db.select().from(refunds).where(eq(refunds.id, id)))[0];
  const orderRow = async (id: number) => (await t.deps.db.select().from(orders).where(eq(orders.id, id)))[0];
  const countEvents = async (orderId: number, type: string) => t.deps.db.$count(orderEvents, and(eq(orderEvents.orderId, orderId), eq(orderEvents.type, type)));
  const sweeperContext = () => ({ db: t.deps.db, requestId: 'refund-reconcile-test', now: t.clock.now(), ip: null });

  /** A paid order with one approved refund of 1 of its 2 units, waiting for WeChat. */
  async function processingRefund() {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 650, quantity: 2 }]);
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
    await approveRefund(t, service.auth, refund.id, true);
    return { ...paid, refund };
  }

  /** A REFUND.SUCCESS notification for `refund`, encrypted with our APIv3 key and signed by `key`. */
  function forgeRefundNotice(
    refund: { outRefundNo: string; amountFen: number },
    order: { orderNo: string; payableFen: number },
    key?: { serial: string; privateKey: crypto.KeyObject },
  ) {
    const plain = {
      mchid: TEST_MCHID,
      out_trade_no: order.orderNo,
      transaction_id: `42000${crypto.randomInt(1e9)}`,
      out_refund_no: refund.outRefundNo,
      refund_id: `50${crypto.randomInt(1e9)}`,
      refund_status: 'SUCCESS',
      success_time: '2026-11-24T20:00:00+08:00',
      amount: { total: order.payableFen, refund: refund.amountFen, payer_total: order.payableFen, payer_refund: refund.amountFen },
    };
    const resource = encryptResource(t.paySimulator.apiV3Key, plain, { originalType: 'refund' });
    const body = notificationBody({ eventType: 'REFUND.SUCCESS', summary: '退款成功', resource, nowMs: t.clock.now().getTime() });
    const headers = signNotification(key ?? t.paySimulator.publicKeyIdKey, body, { timestampSec: Math.floor(t.clock.now().getTime() / 1000) });
    return t
      .request()
      .post('/api/wechat/pay/refund-notify')
      .set({ ...headers, 'Content-Type': 'application/json' })
      .send(body);
  }

  it('POST /api/admin/refunds/:id/reject returns the order to its status before, audited; the member may ask again', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
    await t.request().post(`/api/admin/orders/${paid.order.id}/ship`).set(service.auth).send({ carrier: '中通快递', trackingNo: 'ZT0000000001' }).expect(200);
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
    const res = await t.request().post(`/api/admin/refunds/${refund.id}/reject`).set(service.auth).send({ note: '商品已拆封' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', reviewNote: '商品已拆封', reviewedBy: service.id });
    expect((await fetchOrder(t, paid.member, paid.order.id)).status).toBe('shipped');
    const audit = await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'refund.reject'), eq(auditLog.targetId, String(refund.id))));
    expect(audit).toEqual([expect.objectContaining({ staffId: service.id })]);
    const again = await t.request().post(`/api/admin/refunds/${refund.id}/approve`).set(service.auth).send({ restock: false });
    expect(again.body.error).toMatchObject({ code: 'REFUND_STATUS_CONFLICT', details: { status: 'rejected' } });
    expect((await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }])).outRefundNo).toBe(`${paid.order.orderNo}R2`);
  });

  it('answers REFUND_NOT_FOUND for an unknown refund', async () => {
    const res = await t.request().post('/api/admin/refunds/999999/reject').set(owner.auth).send({ note: '无' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('REFUND_NOT_FOUND');
  });

  it('GET /api/admin/refunds lists by status, newest first, with a cursor', async () => {
    const first = await processingRefund();
    const second = await processingRefund();
    const page = await t.request().get('/api/admin/refunds').query({ status: 'processing', limit: 1 }).set(owner.auth);
    expect(page.body.items).toEqual([expect.objectContaining({ id: second.refund.id, orderNo: second.order.orderNo })]);
    const next = await t.request().get('/api/admin/refunds').query({ status: 'processing', limit: 1, cursor: page.body.nextCursor }).set(owner.auth);
    expect(next.body.items).toEqual([expect.objectContaining({ id: first.refund.id })]);
    expect((await t.request().get('/api/admin/refunds').query({ status: 'lost' }).set(owner.auth)).status).toBe(400);
  });

  it('applies 10 duplicate REFUND.SUCCESS notifications in parallel once', async () => {
    const { order, refund } = await processingRefund();
    const deliveries = await t.paySimulator.completeRefund(refund.outRefundNo, { duplicates: 10 });
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(204));
    expect(await orderRow(order.id)).toMatchObject({ status: 'partially_refunded', refundedFen: 650 });
    expect(await countEvents(order.id, 'refunded')).toBe(1);
    const [line] = await t.deps.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ refundedQuantity: 1, refundedFen: 650 });
    expect(await t.deps.db.$count(stockMovements, eq(stockMovements.sourceKey, `refund:${refund.id}:line:1`))).toBe(1);
  });

  it('refuses a forged refund notification (bad signature) and changes nothing', async () => {
    const { order, refund } = await processingRefund();
    const impostor = { serial: t.paySimulator.publicKeyIdKey.serial, privateKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
    const res = await forgeRefundNotice(refund, order, impostor);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'FAIL', message: 'bad_signature' });
    expect((await refundRow(refund.id))?.status).toBe('processing');
    expect(await orderRow(order.id)).toMatchObject({ status: 'refunding', refundedFen: 0 });
  });

  it('refuses a correctly signed refund notification whose amount differs', async () => {
    const { order, refund } = await processingRefund();
    const res = await forgeRefundNotice({ ...refund, amountFen: refund.amountFen + 1 }, order);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FAIL');
    expect((await refundRow(refund.id))?.status).toBe('processing');
  });

  it('REFUND.CLOSED marks the refund failed and the order back to its status before', async () => {
    const { member, order, refund } = await processingRefund();
    const deliveries = await t.paySimulator.completeRefund(refund.outRefundNo, { status: 'CLOSED' });
    expect(deliveries.map((d) => d.status)).toEqual([204]);
    expect((await refundRow(refund.id))?.status).toBe('failed');
    expect(await fetchOrder(t, member, order.id)).toMatchObject({ status: 'paid', refundedFen: 0 });
    expect(await countEvents(order.id, 'refund_failed')).toBe(1);
  });

  it('REFUND.ABNORMAL is not final: the refund waits as abnormal for staff, and the later REFUND.SUCCESS settles it exactly once', async () => {
    const { member, order, refund } = await processingRefund();
    expect((await t.paySimulator.completeRefund(refund.outRefundNo, { status: 'ABNORMAL' })).map((d) => d.status)).toEqual([204]);
    expect((await refundRow(refund.id))?.status).toBe('abnormal');
    expect(await fetchOrder(t, member, order.id)).toMatchObject({ status: 'refunding', refundedFen: 0 });
    expect(await countEvents(order.id, 'refund_abnormal')).toBe(1);
    const listed = await t.request().get('/api/admin/refunds?status=abnormal').set(service.auth).expect(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: refund.id, status: 'abnormal' })]));
    expect(
      (
        await t
          .request()
          .post(`/api/orders/${order.id}/refunds`)
          .set(member.auth)
          .send({ lines: [{ lineNo: 1, quantity: 1 }], reason: '再退一件' })
      ).body.error.code,
    ).toBe('REFUND_NOT_ALLOWED');

    expect((await t.paySimulator.completeRefund(refund.outRefundNo, { status: 'SUCCESS' })).map((d) => d.status)).toEqual([204]);
    expect((await refundRow(refund.id))?.status).toBe('succeeded');
    expect(await fetchOrder(t, member, order.id)).toMatchObject({ status: 'partially_refunded', refundedFen: refund.amountFen });
    // A replayed SUCCESS changes nothing.
    expect((await forgeRefundNotice(refund, order)).status).toBe(204);
    expect(await fetchOrder(t, member, order.id)).toMatchObject({ status: 'partially_refunded', refundedFen: refund.amountFen });
    expect(await countEvents(order.id, 'refunded')).toBe(1);
    expect(await countEvents(order.id, 'refund_failed')).toBe(0);
  });

  it('reconcile finds an ABNORMAL refund whose notification was lost, then asks again only every 30 minutes until it is CLOSED', async () => {
    const { order, refund } = await processingRefund();
    await t.paySimulator.completeRefund(refund.outRefundNo, { status: 'ABNORMAL', deliver: false });
    t.clock.advance(3 * 60 * 1000);
    await reconcileProcessingRefunds(sweeperContext(), t.deps);
    expect((await refundRow(refund.id))?.status).toBe('abnormal');
    await t.paySimulator.completeRefund(refund.outRefundNo, { status: 'CLOSED', deliver: false });
    t.clock.advance(3 * 60 * 1000);
    await reconcileProcessingRefunds(sweeperContext(), t.deps);
    expect((await refundRow(refund.id))?.status).toBe('abnormal');
    t.clock.advance(28 * 60 * 1000);
    await reconcileProcessingRefunds(sweeperContext(), t.deps);
    expect((await refundRow(refund.id))?.status).toBe('failed');
    expect(await orderRow(order.id)).toMatchObject({ status: 'paid', refundedFen: 0 });
  });

  it('reconcile settles a refund whose notification was lost', async () => {
    const { member, order, refund } = await processingRefund();
    await t.paySimulator.completeRefund(refund.outRefundNo, { deliver: false });
    expect(await reconcileProcessingRefunds(sweeperContext(), t.deps)).toBe(0);
    t.clock.advance(3 * 60 * 1000);
    expect(await reconcileProcessingRefunds(sweeperContext(), t.deps)).toBeGreaterThanOrEqual(1);
    expect((await refundRow(refund.id))?.status).toBe('succeeded');
    expect((await fetchOrder(t, member, order.id)).status).toBe('partially_refunded');
  });

  it('reconcile sends a refund that never reached WeChat (stopped after approval)', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 650, quantity: 2 }]);
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 2 }]);
    const approvedAt = new Date(t.clock.now().getTime() - 3 * 60 * 1000);
    await t.deps.db.update(refunds).set({ status: 'processing', restock: false, updatedAt: approvedAt }).where(eq(refunds.id, refund.id));
    await reconcileProcessingRefunds(sweeperContext(), t.deps);
    expect((await t.paySimulator.ledger.findRefund(refund.outRefundNo))?.status).toBe('PROCESSING');
    await t.paySimulator.completeRefund(refund.outRefundNo);
    expect(await orderRow(paid.order.id)).toMatchObject({ status: 'refunded', refundedFen: paid.order.payableFen });
  });

  const matrix: [StaffRole, number, number][] = [
    ['owner', 200, 400],
    ['operator', 200, 403],
    ['service', 200, 400],
    ['analyst', 200, 403],
  ];
  it.each(matrix)('role %s: list %i, approve and reject %i (400 = allowed, body invalid)', async (role, list, review) => {
    const staff = await createStaff(t, role);
    expect((await t.request().get('/api/admin/refunds').set(staff.auth)).status).toBe(list);
    expect((await t.request().post('/api/admin/refunds/1/approve').set(staff.auth).send({})).status).toBe(review);
    expect((await t.request().post('/api/admin/refunds/1/reject').set(staff.auth).send({})).status).toBe(review);
  });

  it('is closed to members', async () => {
    const member = await loginMember(t);
    expect((await t.request().get('/api/admin/refunds').set(member.auth)).status).toBe(401);
  });

  it('service staff can approve a refund through to the end', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 300, quantity: 1 }]);
    await refundThrough(t, service.auth, paid, [{ lineNo: 1, quantity: 1 }]);
    expect(await orderRow(paid.order.id)).toMatchObject({ status: 'refunded', refundedFen: paid.order.payableFen });
  });
});
