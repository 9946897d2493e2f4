import { eq } from 'drizzle-orm';
import { orders, skus } from '../db/schema';
import { createStaff, loginMember } from '../testing/fixtures';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../modules/orders/test-factories';
import { startJobQueue, type JobQueue } from './queue';

describe.each(testDrivers())('pg-boss order-close job on %s', (driver) => {
  let t: TestApp;
  let jobs: JobQueue;
  beforeAll(async () => {
    t = await createTestApp(driver);
    jobs = await startJobQueue(t.deps, t.deps.database, { pollingIntervalSeconds: 0.5 });
    t.deps.jobs = jobs;
  }, 60_000);
  afterAll(async () => {
    await jobs.stop();
    await t.close();
  });

  async function waitForStatus(orderId: number, status: string): Promise<string | undefined> {
    let current: string | undefined;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      current = (await t.deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0]?.status;
      if (current === status) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return current;
  }

  it('placing an order schedules its close; once due, the job cancels it and returns the stock', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 4 });
    const member = await loginMember(t);
    const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 4 }])).body);
    const scheduled = await t.deps.database.executeSql("select start_after from pgboss.job where name = 'order-close' and (data->>'orderId')::int = $1", [
      order.id,
    ]);
    expect(scheduled.rows).toHaveLength(1);
    expect(new Date((scheduled.rows[0] as { start_after: string }).start_after).getTime()).toBe(new Date(order.paymentExpiresAt).getTime());
    // That job is due in 30 real minutes: move our clock past the window and run a copy of it now.
    t.clock.advance(31 * 60 * 1000);
    await jobs.scheduleOrderClose(order.id, new Date());
    expect(await waitForStatus(order.id, 'cancelled')).toBe('cancelled');
    expect((await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id)))[0]?.stock).toBe(4);
  }, 60_000);

  it('a close scheduled inside a transaction exists exactly when that transaction commits', async () => {
    const jobsOf = async (orderId: number) =>
      (await t.deps.database.executeSql("select id from pgboss.job where name = 'order-close' and (data->>'orderId')::int = $1", [orderId])).rows.length;
    const [committedId, rolledBackId] = [900_000_001, 900_000_002];
    await t.deps.db.transaction(async (tx) => jobs.scheduleOrderClose(committedId, new Date(Date.now() + 60_000), tx));
    const rollback = new Error('rolled back');
    await expect(
      t.deps.db.transaction(async (tx) => {
        await jobs.scheduleOrderClose(rolledBackId, new Date(Date.now() + 60_000), tx);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect({ committed: await jobsOf(committedId), rolledBack: await jobsOf(rolledBackId) }).toEqual({ committed: 1, rolledBack: 0 });
  });

  it('a job that runs before the window ends leaves the order alone', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 2 });
    const member = await loginMember(t);
    const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 1 }])).body);
    const { closeExpiredOrder } = await import('../modules/orders');
    const sc = { db: t.deps.db, requestId: 'job-test', now: t.clock.now(), ip: null };
    expect(await closeExpiredOrder(sc, t.deps, order.id)).toBe('not_due');
    expect(await waitForStatus(order.id, 'pending_payment')).toBe('pending_payment');
  });
});
