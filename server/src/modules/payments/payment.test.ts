import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { orderEvents, orders, skus } from '../../db/schema';
import { reconcileLatePayments } from '../../flows/payment-reconcile';
import { signAccessToken } from '../../lib/tokens';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, TEST_APPID, TEST_MCHID, type TestApp } from '../../testing/test-app';
import { encryptResource, notificationBody, signNotification } from '../../wechat/pay/simulator';
import { closeExpiredOrders } from '../orders';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';

describe.each(testDrivers())('WeChat Pay on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function pendingOrder(member?: TestMember, stock = 5) {
    const buyer = member ?? (await loginMember(t));
    const sku = await createSellableSku(t, owner.auth, { stock, privatePriceFen: 1500 });
    const order = orderOf((await placeOrder(t, buyer, await createAddress(t, buyer), [{ skuId: sku.id, quantity: 1 }])).body);
    return { buyer, sku, order };
  }

  const statusOf = async (orderId: number) => (await t.deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0]?.status;
  const paidEvents = async (orderId: number) =>
    (await t.deps.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId))).filter((e) => e.type === 'paid');

  /** A notification signed with the simulator's platform key, with any transaction content. */
  function forgeNotification(
    transaction: Record<string, unknown>,
    options: { timestampSec?: number; key?: { serial: string; privateKey: crypto.KeyObject } } = {},
  ) {
    const resource = encryptResource(t.paySimulator.apiV3Key, transaction, { originalType: 'transaction' });
    const body = notificationBody({ eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', resource, nowMs: t.clock.now().getTime() });
    const headers = signNotification(options.key ?? t.paySimulator.publicKeyIdKey, body, {
      timestampSec: options.timestampSec ?? Math.floor(t.clock.now().getTime() / 1000),
    });
    return { body, headers };
  }

  const transactionFor = (orderNo: string, totalFen: number) => ({
    appid: TEST_APPID,
    mchid: TEST_MCHID,
    out_trade_no: orderNo,
    transaction_id: `42000${crypto.randomInt(1e9)}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    success_time: '2026-11-24T20:00:00+08:00',
    payer: { openid: 'oForged' },
    amount: { total: totalFen, payer_total: totalFen, currency: 'CNY', payer_currency: 'CNY' },
  });

  const postNotification = (forged: { body: string; headers: Record<string, string> }) =>
    t
      .request()
      .post('/api/wechat/pay/notify')
      .set({ ...forged.headers, 'Content-Type': 'application/json' })
      .send(forged.body);

  it('POST /api/orders/:id/pay returns requestPayment parameters; paying marks the order paid once', async () => {
    const { buyer, order } = await pendingOrder();
    const res = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    expect(res.status).toBe(200);
    expect(res.body.requestPayment).toMatchObject({ signType: 'RSA', package: `prepay_id=${res.body.prepayId}` });
    const deliveries = await t.paySimulator.pay(order.orderNo, { duplicates: 10 });
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(204));
    expect(await statusOf(order.id)).toBe('paid');
    expect(await paidEvents(order.id)).toHaveLength(1);
  });

  it('reuses the prepay for a second pay request', async () => {
    const { buyer, order } = await pendingOrder();
    const first = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    const second = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    expect(second.body.prepayId).toBe(first.body.prepayId);
  });

  it('refuses to pay another member’s order or a paid one', async () => {
    const { buyer, order } = await pendingOrder();
    const stranger = await loginMember(t);
    expect((await t.request().post(`/api/orders/${order.id}/pay`).set(stranger.auth)).body.error.code).toBe('ORDER_NOT_FOUND');
    await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    await t.paySimulator.pay(order.orderNo);
    expect((await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth)).body.error.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('refuses to start paying once the payment window has passed', async () => {
    const { buyer, order } = await pendingOrder();
    t.clock.advance(31 * 60 * 1000);
    const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:member', buyer.id, 900, t.clock.now());
    const res = await t.request().post(`/api/orders/${order.id}/pay`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_PAYMENT_EXPIRED');
  });

  it('refuses a notification with a bad signature, leaving the order untouched', async () => {
    const { order } = await pendingOrder();
    const impostor = { serial: t.paySimulator.publicKeyIdKey.serial, privateKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
    const res = await postNotification(forgeNotification(transactionFor(order.orderNo, order.payableFen), { key: impostor }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'FAIL', message: 'bad_signature' });
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('refuses a stale notification (timestamp 5 minutes old)', async () => {
    const { order } = await pendingOrder();
    const stale = Math.floor(t.clock.now().getTime() / 1000) - 300;
    const res = await postNotification(forgeNotification(transactionFor(order.orderNo, order.payableFen), { timestampSec: stale }));
    expect(res.status).toBe(401);
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('refuses a correctly signed notification whose amount differs from the order', async () => {
    const { order } = await pendingOrder();
    const res = await postNotification(forgeNotification(transactionFor(order.orderNo, order.payableFen - 1)));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FAIL');
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('refuses a WECHATPAY/SIGNTEST/ probe', async () => {
    const { order } = await pendingOrder();
    const forged = forgeNotification(transactionFor(order.orderNo, order.payableFen));
    forged.headers['Wechatpay-Signature'] = `WECHATPAY/SIGNTEST/${forged.headers['Wechatpay-Signature'] ?? ''}`;
    const res = await postNotification(forged);
    expect(res.status).toBe(401);
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('finds a payment whose notification was lost, by querying', async () => {
    const { buyer, order } = await pendingOrder();
    await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    await t.paySimulator.pay(order.orderNo, { deliver: false });
    expect(await statusOf(order.id)).toBe('pending_payment');
    t.clock.advance(3 * 60 * 1000);
    const sc = { db: t.deps.db, requestId: 'reconcile-test', now: t.clock.now(), ip: null };
    expect(await reconcileLatePayments(sc, t.deps)).toBeGreaterThanOrEqual(1);
    expect(await statusOf(order.id)).toBe('paid');
  });

  it('the sweeper does not close an order paid at the last minute; it applies the payment', async () => {
    const { buyer, sku, order } = await pendingOrder(undefined, 1);
    await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    await t.paySimulator.pay(order.orderNo, { deliver: false });
    t.clock.advance(31 * 60 * 1000);
    await closeExpiredOrders({ db: t.deps.db, requestId: 'sweep', now: t.clock.now(), ip: null }, t.deps);
    expect(await statusOf(order.id)).toBe('paid');
    expect((await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id)))[0]?.stock).toBe(0);
  });

  it('cancelling closes the WeChat order first, so it can no longer be paid', async () => {
    const { buyer, order } = await pendingOrder();
    const pay = await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth);
    const cancel = await t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({});
    expect(cancel.body.status).toBe('cancelled');
    await expect(t.paySimulator.pay(order.orderNo)).rejects.toThrow();
    expect(pay.body.prepayId).toEqual(expect.any(String));
  });
});
