import { eq } from 'drizzle-orm';
import { growthEntries, orderEvents, orders, refunds } from '../db/schema';
import { concurrencyDrivers } from '../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../testing/fixtures';
import { cancelledButPaid } from '../testing/invariants';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../modules/orders/test-factories';

const ATTEMPTS = 12;

/** Pay-start, cancel and confirmation racing on one order: the outside run's findings, on the server. */
describe.each(concurrencyDrivers())('payment and cancel under contention on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function pendingOrder() {
    const buyer = await loginMember(t);
    const sku = await createSellableSku(t, owner.auth, { stock: 5, privatePriceFen: 1500 });
    const order = orderOf((await placeOrder(t, buyer, await createAddress(t, buyer), [{ skuId: sku.id, quantity: 1 }])).body);
    return { buyer, order };
  }
  const eventTypes = async (orderId: number) => (await t.deps.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId))).map((e) => e.type);

  it(`${ATTEMPTS} orders, each cancelled while it is being paid: no money is ever captured on a cancelled order`, async () => {
    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, async () => {
        const { buyer, order } = await pendingOrder();
        const [payA, cancel, payB] = await Promise.all([
          t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth),
          t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({}),
          t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth),
        ]);
        // The shopper completes the pay sheet of whatever prepay they got: WeChat must refuse it.
        const paid = await t.paySimulator.pay(order.orderNo).then(
          () => true,
          () => false,
        );
        return { order, statuses: [payA.status, cancel.status, payB.status], codes: [payA, payB].map((res) => res.body.error?.code ?? null), paid };
      }),
    );
    for (const { order, statuses, codes, paid } of outcomes) {
      expect(statuses[1]).toBe(200);
      expect([200, 409]).toEqual(expect.arrayContaining([statuses[0], statuses[2]]));
      for (const code of codes) expect([null, 'ORDER_NOT_PAYABLE']).toContain(code);
      expect(paid).toBe(false);
      const [row] = await t.deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
      expect(row?.status).toBe('cancelled');
      expect(await eventTypes(order.id)).not.toContain('paid_after_close');
      expect(await t.deps.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toEqual([]);
    }
    expect(await cancelledButPaid(t.deps.db)).toEqual([]);
  }, 180_000);

  it('50 parallel cancels by the owner of the order all answer 200 with the cancelled order; one cancel happens', async () => {
    const { buyer, order } = await pendingOrder();
    const results = await Promise.all(Array.from({ length: 50 }, () => t.request().post(`/api/orders/${order.id}/cancel`).set(buyer.auth).send({})));
    expect(results.map((res) => res.status)).toEqual(Array(50).fill(200));
    expect(results.every((res) => res.body.status === 'cancelled')).toBe(true);
    expect((await eventTypes(order.id)).filter((type) => type === 'cancelled')).toHaveLength(1);
  }, 120_000);

  it('50 parallel confirm-receipt calls all answer 200; the order completes once and growth is credited once', async () => {
    const { buyer, order } = await pendingOrder();
    await t.request().post(`/api/orders/${order.id}/pay`).set(buyer.auth).expect(200);
    await t.paySimulator.pay(order.orderNo);
    await t.request().post(`/api/admin/orders/${order.id}/ship`).set(owner.auth).send({ carrier: '顺丰速运', trackingNo: 'SF0000000002' }).expect(200);
    const results = await Promise.all(Array.from({ length: 50 }, () => t.request().post(`/api/orders/${order.id}/confirm-receipt`).set(buyer.auth).send({})));
    expect(results.map((res) => res.status)).toEqual(Array(50).fill(200));
    expect(results.every((res) => res.body.status === 'completed')).toBe(true);
    expect((await eventTypes(order.id)).filter((type) => type === 'completed')).toHaveLength(1);
    expect(await t.deps.db.select().from(growthEntries).where(eq(growthEntries.orderId, order.id))).toHaveLength(1);
  }, 120_000);
});
