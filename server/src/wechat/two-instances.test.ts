import { and, eq } from 'drizzle-orm';
import supertest from 'supertest';
import { orders, payments, simPayTransactions } from '../db/schema';
import { closeExpiredOrder, closeExpiredOrders } from '../modules/orders';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../modules/orders/test-factories';
import { concurrencyDrivers } from '../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../testing/fixtures';
import { createTestApp, TEST_MCHID, type TestApp } from '../testing/test-app';

/**
 * Two app instances on one PostgreSQL database, each with its own pool, deps, clock and WeChat / WeChat Pay
 * simulator objects on their own ports — what two `npm start` processes are. The simulators keep their state
 * in the database, so the two are one WeChat: whatever one mints, prepays or pays, the other sees.
 */
describe.each(concurrencyDrivers())('two app instances on one %s database', (driver) => {
  let one: TestApp;
  let two: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    one = await createTestApp(driver);
    two = await createTestApp(driver, { sameDatabaseAs: one });
    owner = await createStaff(one, 'owner');
  }, 60_000);
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  const both = (ms: number) => [one, two].forEach((t) => t.clock.advance(ms));
  const orderRow = async (orderId: number) => (await one.deps.db.select().from(orders).where(eq(orders.id, orderId)))[0];
  const simState = async (orderNo: string) =>
    (
      await one.deps.db
        .select({ state: simPayTransactions.state })
        .from(simPayTransactions)
        .where(and(eq(simPayTransactions.mchid, TEST_MCHID), eq(simPayTransactions.outTradeNo, orderNo)))
    )[0]?.state;

  /** A pending order placed through instance one, with its WeChat prepay made through instance one. */
  async function prepaidThroughOne(buyer?: TestMember) {
    const member = buyer ?? (await loginMember(one));
    const sku = await createSellableSku(one, owner.auth, { stock: 3, privatePriceFen: 1500 });
    const order = orderOf((await placeOrder(one, member, await createAddress(one, member), [{ skuId: sku.id, quantity: 1 }])).body);
    const pay = await one.request().post(`/api/orders/${order.id}/pay`).set(member.auth);
    expect(pay.status).toBe(200);
    return { member, order, requestPayment: pay.body.requestPayment as Record<string, string> };
  }

  describe('POST /api/auth/wechat', () => {
    it('accepts on instance two a login code minted through instance one; reused on one it fails with WECHAT_CODE_INVALID', async () => {
      const { code, openid } = await one.simulator.mintLoginCode('shared-login');
      const first = await two.request().post('/api/auth/wechat').send({ code });
      expect(first.status).toBe(200);
      expect(first.body.member).toMatchObject({ id: expect.any(Number) });
      // The code is spent for every process: instance one refuses it now.
      const again = await one.request().post('/api/auth/wechat').send({ code });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('WECHAT_CODE_INVALID');
      const viaOne = await one
        .request()
        .post('/api/auth/wechat')
        .send({ code: (await two.simulator.mintLoginCode('shared-login')).code });
      expect(viaOne.body.member.id).toBe(first.body.member.id);
      expect(openid).toMatch(/^o/);
    });
  });

  describe('order-close across instances', () => {
    it('an order prepaid through one and paid just before its window ends is applied, not closed, by two', async () => {
      const { order } = await prepaidThroughOne();
      // Paid through instance two's simulator; the notification is lost (the payer's network, a crash).
      await two.paySimulator.pay(order.orderNo, { deliver: false });
      both(31 * 60 * 1000);
      const sc = { db: two.deps.db, requestId: 'job-two', now: two.deps.now(), ip: null };
      expect(await closeExpiredOrder(sc, two.deps, order.id)).toBe('paid');
      expect(await orderRow(order.id)).toMatchObject({ status: 'paid' });
      const [payment] = await one.deps.db.select().from(payments).where(eq(payments.outTradeNo, order.orderNo));
      expect(payment?.status).toBe('succeeded');
      expect(await simState(order.orderNo)).toBe('SUCCESS');
    });

    it('the sweeper on instance two applies such payments and closes (on WeChat too) only the unpaid orders', async () => {
      const paid = await prepaidThroughOne();
      const unpaid = await prepaidThroughOne();
      await one.paySimulator.pay(paid.order.orderNo, { deliver: false });
      both(31 * 60 * 1000);
      const sc = { db: two.deps.db, requestId: 'sweep-two', now: two.deps.now(), ip: null };
      await closeExpiredOrders(sc, two.deps);
      expect(await orderRow(paid.order.id)).toMatchObject({ status: 'paid' });
      expect(await orderRow(unpaid.order.id)).toMatchObject({ status: 'cancelled' });
      expect(await simState(paid.order.orderNo)).toBe('SUCCESS');
      expect(await simState(unpaid.order.orderNo)).toBe('CLOSED');
    });

    it('the pay sheet of instance two refuses an order that instance one closed', async () => {
      const { order, requestPayment } = await prepaidThroughOne();
      await one.deps.wechatPay.close(order.orderNo);
      const sheet = await supertest(two.paySimulator.app().callback()).post('/sim/request-payment').send(requestPayment);
      expect(sheet.status).toBe(400);
      expect(sheet.body.errMsg).toMatch(/^requestPayment:fail/);
      expect(await simState(order.orderNo)).toBe('CLOSED');
    });

    it('the pay sheet of instance two pays a prepay made through one, and one receives the notification', async () => {
      const { order, requestPayment } = await prepaidThroughOne();
      const sheet = await supertest(two.paySimulator.app().callback()).post('/sim/request-payment').send(requestPayment);
      expect(sheet.body).toEqual({ errMsg: 'requestPayment:ok' });
      let status: string | undefined;
      for (let attempt = 0; attempt < 40 && status !== 'paid'; attempt += 1) {
        status = (await orderRow(order.id))?.status;
        if (status !== 'paid') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe('paid');
      expect(two.paySimulator.deliveries.filter((d) => d.url.startsWith(one.baseUrl)).map((d) => d.status)).toContain(204);
    });

    it('closing a paid order answers ORDERPAID, whichever instance paid it', async () => {
      const { order } = await prepaidThroughOne();
      await one.paySimulator.pay(order.orderNo, { deliver: false });
      await expect(two.deps.wechatPay.close(order.orderNo)).rejects.toMatchObject({ status: 400, code: 'ORDERPAID' });
      expect(await simState(order.orderNo)).toBe('SUCCESS');
    });
  });

  describe('the simulated WeChat Pay across instances', () => {
    it('a payment and a close racing in two instances: exactly one wins, never both', async () => {
      const placed = await Promise.all(Array.from({ length: 12 }, () => prepaidThroughOne()));
      const outcomes = await Promise.all(
        placed.map(async ({ order }, index) => {
          const [paid, closed] = await Promise.allSettled(
            index % 2 === 0
              ? [one.paySimulator.pay(order.orderNo, { deliver: false }), two.deps.wechatPay.close(order.orderNo)]
              : [two.paySimulator.pay(order.orderNo, { deliver: false }), one.deps.wechatPay.close(order.orderNo)],
          );
          const state = await simState(order.orderNo);
          return { paid: paid?.status === 'fulfilled', closed: closed?.status === 'fulfilled', state };
        }),
      );
      for (const outcome of outcomes) {
        expect([
          { paid: true, closed: false, state: 'SUCCESS' },
          { paid: false, closed: true, state: 'CLOSED' },
        ]).toContainEqual(outcome);
      }
    }, 60_000);
  });
});
