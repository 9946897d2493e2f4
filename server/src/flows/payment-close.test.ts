import { eq } from 'drizzle-orm';
import { orderEvents, orders, payments, refunds } from '../db/schema';
import { inTransaction, type ServiceContext } from '../context';
import { testDrivers } from '../testing/drivers';
import { cancelledButPaid } from '../testing/invariants';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../modules/orders/test-factories';
import { closeUnpaidOrder } from './order-close';
import { applyPayment } from './payment';
import { reconcileProcessingRefunds } from './refund';
import { afterCloseRefundNo } from './refund-after-close';

describe.each(testDrivers())('payment and close on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const sc = (): ServiceContext => ({ db: t.deps.db, requestId: 'payment-close-test', now: t.clock.now(), ip: null });

  async function pendingOrder(member?: TestMember) {
    const buyer = member ?? (await loginMember(t));
    const sku = await createSellableSku(t, owner.auth, { stock: 5, privatePriceFen: 1500 });
    const order = orderOf((await placeOrder(t, buyer, await createAddress(t, buyer), [{ skuId: sku.id, quantity: 1 }])).body);
    return { buyer, order };
  }
  const eventsOf = async (orderId: number) => (await t.deps.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId))).map((e) => e.type);
  const refundsOf = (orderId: number) => t.deps.db.select().from(refunds).where(eq(refunds.orderId, orderId));
  const orderRow = async (orderId: number) => (await t.deps.db.select().from(orders).where(eq(orders.id, orderId)))[0];

  describe('POST /api/orders/:id/pay', () => {
    it('refuses a cancelled order with ORDER_NOT_PAYABLE', async () => {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({}).expect(200);
      const res = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ORDER_NOT_PAYABLE', details: { status: 'cancelled' } });
      expect(await t.deps.db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
    });

    it('refuses a paid order with ORDER_NOT_PAYABLE', async () => {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
      await t.paySimulator.pay(order.orderNo);
      const res = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
      expect(res.body.error).toMatchObject({ code: 'ORDER_NOT_PAYABLE', details: { status: 'paid' } });
    });
  });

  describe('POST /api/orders/:id/cancel', () => {
    it('closes WeChat Pay’s order even when WeChat does not know it yet (a prepay still on its way)', async () => {
      const { buyer, order } = await pendingOrder();
      // The payment row a pay-start writes before it calls WeChat: the prepay has not reached WeChat.
      await t.deps.db.insert(payments).values({
        orderId: order.id,
        outTradeNo: order.orderNo,
        prepayId: null,
        status: 'prepaid',
        amountFen: order.payableFen,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      const cancel = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
      expect(cancel.status).toBe(200);
      expect(cancel.body.status).toBe('cancelled');
      const [payment] = await t.deps.db.select().from(payments).where(eq(payments.orderId, order.id));
      expect(payment?.status).toBe('closed');
      expect((await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth)).body.error.code).toBe('ORDER_NOT_PAYABLE');
    });

    it('refuses the cancel and applies the payment when WeChat says the order is paid', async () => {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
      await t.paySimulator.pay(order.orderNo, { deliver: false });
      const cancel = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
      expect(cancel.status).toBe(409);
      expect(cancel.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'paid' } });
      expect((await orderRow(order.id))?.status).toBe('paid');
    });

    it('answers 200 with the order to a repeated cancel', async () => {
      const { buyer, order } = await pendingOrder();
      const first = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
      const again = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toMatchObject({ id: order.id, status: 'cancelled' });
      expect((await eventsOf(order.id)).filter((type) => type === 'cancelled')).toHaveLength(1);
    });

    it('refuses to cancel a paid order with ORDER_STATUS_CONFLICT', async () => {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
      await t.paySimulator.pay(order.orderNo);
      const res = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
      expect(res.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'paid' } });
    });
  });

  describe('POST /api/orders/:id/confirm-receipt', () => {
    it('answers 200 with the order to a repeated confirmation, crediting growth once', async () => {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
      await t.paySimulator.pay(order.orderNo);
      await t.request().post(`/api/admin/orders/${order.id}/ship`).set(owner.auth).send({ carrier: '顺丰速运', trackingNo: 'SF0000000001' }).expect(200);
      const first = await t.request().post(`/api/orders/${order.id}/confirm-receipt`).set(buyer.auth).send({});
      const again = await t.request().post(`/api/orders/${order.id}/confirm-receipt`).set(buyer.auth).send({});
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toMatchObject({ id: order.id, status: 'completed' });
      expect((await eventsOf(order.id)).filter((type) => type === 'completed')).toHaveLength(1);
    });

    it('refuses an unshipped order with ORDER_STATUS_CONFLICT', async () => {
      const { buyer, order } = await pendingOrder();
      const res = await t.request().post(`/api/orders/${order.id}/confirm-receipt`).set(buyer.auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'pending_payment' } });
    });
  });

  describe('a payment that arrives for a closed order', () => {
    /** An order paid at WeChat while ours was closed without asking it (what the outside run provoked). */
    async function paidAfterClose() {
      const { buyer, order } = await pendingOrder();
      await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
      await t.paySimulator.pay(order.orderNo, { deliver: false });
      await inTransaction(sc(), (tx) => closeUnpaidOrder(tx, { orderId: order.id, reason: '测试：关单与付款交叉', actorType: 'system' }));
      return { buyer, order };
    }

    it('is refunded in full automatically, exactly once, with events on the order timeline', async () => {
      const { order } = await paidAfterClose();
      const deliveries = await t.paySimulator.notifyPayment(order.orderNo, { duplicates: 5 });
      expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill(204));
      const [refund, ...more] = await refundsOf(order.id);
      expect(more).toEqual([]);
      expect(refund).toMatchObject({
        outRefundNo: afterCloseRefundNo(order.orderNo),
        amountFen: order.payableFen,
        status: 'processing',
        orderStatusBefore: 'cancelled',
        lines: [],
      });
      // WeChat settles the refund: the money is back, the order stays cancelled, the payment is refunded.
      await t.paySimulator.completeRefund(afterCloseRefundNo(order.orderNo), { duplicates: 3 });
      expect((await refundsOf(order.id))[0]?.status).toBe('succeeded');
      expect(await orderRow(order.id)).toMatchObject({ status: 'cancelled', refundedFen: order.payableFen });
      expect((await t.deps.db.select().from(payments).where(eq(payments.orderId, order.id)))[0]?.status).toBe('refunded');
      const types = await eventsOf(order.id);
      expect(types.filter((type) => type === 'paid_after_close')).toHaveLength(1);
      expect(types.filter((type) => type === 'refunded_after_close')).toHaveLength(1);
      expect(types).not.toContain('paid');
      // A very late duplicate changes nothing.
      await t.paySimulator.notifyPayment(order.orderNo);
      expect(await refundsOf(order.id)).toHaveLength(1);
      expect(await cancelledButPaid(t.deps.db)).toEqual([]);
    });

    it('waits through an ABNORMAL refund and settles once when WeChat later says SUCCESS', async () => {
      const { order } = await paidAfterClose();
      await t.paySimulator.notifyPayment(order.orderNo);
      const refundNo = afterCloseRefundNo(order.orderNo);
      await t.paySimulator.completeRefund(refundNo, { status: 'ABNORMAL' });
      expect((await refundsOf(order.id))[0]?.status).toBe('abnormal');
      expect((await orderRow(order.id))?.refundedFen).toBe(0);
      await t.paySimulator.completeRefund(refundNo, { status: 'SUCCESS', duplicates: 2 });
      expect((await refundsOf(order.id)).map((row) => row.status)).toEqual(['succeeded']);
      expect(await orderRow(order.id)).toMatchObject({ status: 'cancelled', refundedFen: order.payableFen });
    });

    it('shows the refund to staff on the order timeline in Chinese', async () => {
      const { order } = await paidAfterClose();
      await t.paySimulator.notifyPayment(order.orderNo);
      await t.paySimulator.completeRefund(afterCloseRefundNo(order.orderNo));
      const res = await t.request().get(`/api/admin/orders/${order.id}`).set(owner.auth).expect(200);
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['cancelled', 'paid_after_close', 'refunded_after_close']));
      expect(res.body.payments).toEqual([expect.objectContaining({ status: 'refunded' })]);
    });

    it('is sent by the sweeper when the process stopped between recording and sending it', async () => {
      const { order } = await paidAfterClose();
      // The payment was recorded with its refund row, then the process died before the refund call.
      const transaction = await t.deps.wechatPay.queryByOutTradeNo(order.orderNo);
      expect(await applyPayment(sc(), transaction)).toBe('paid_after_close');
      const refundNo = afterCloseRefundNo(order.orderNo);
      await expect(t.deps.wechatPay.queryRefund(refundNo)).rejects.toMatchObject({ status: 404 });
      await reconcileProcessingRefunds({ ...sc(), now: new Date(t.clock.now().getTime() + 3 * 60 * 1000) }, t.deps);
      expect(await t.deps.wechatPay.queryRefund(refundNo)).toMatchObject({ outRefundNo: refundNo, amount: { refundFen: order.payableFen } });
      await t.paySimulator.completeRefund(refundNo);
      const rows = await refundsOf(order.id);
      expect(rows.map((row) => [row.outRefundNo, row.status])).toEqual([[refundNo, 'succeeded']]);
      expect((await orderRow(order.id))?.refundedFen).toBe(order.payableFen);
    });
  });
});
