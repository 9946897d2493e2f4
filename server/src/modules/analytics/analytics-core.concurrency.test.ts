import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainConsumer } from '../events/consumers';
import { createPaidOrder, refundThrough, type PaidOrder } from '../refunds/test-factories';
import { analyticsCoreConsumer } from './consumer';
import { CORE_TABLES, drainAnalytics, rebuildAnalyticsCore } from './index';

async function snapshot(t: TestApp): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of CORE_TABLES) {
    result[table] = (await queryRows<{ r: string }>(t.deps.db, sql`select x::text as r from ${sql.identifier(table)} x order by 1`)).map((row) => row.r);
  }
  return result;
}

describe.each(concurrencyDrivers())('analytics-core under concurrency (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 12 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('parallel payments and refunds of the same members while the consumer drains in parallel loops: equal to the rebuild, no failure', async () => {
    const staff = await createStaff(t, 'owner');
    const members = [await loginMember(t), await loginMember(t), await loginMember(t)];
    let draining = true;
    const errors: unknown[] = [];
    const loop = async () => {
      while (draining) {
        try {
          await drainConsumer(t.deps.db, analyticsCoreConsumer);
        } catch (error) {
          errors.push(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const loops = [loop(), loop(), loop()];
    // One order per member first (their first address: two parallel "first addresses" of one member race in the
    // addresses module, not here), then three more per member at once. Each request throws on any status but the
    // expected one: a 500 fails the test.
    const paid: PaidOrder[] = await Promise.all(members.map((member) => createPaidOrder(t, staff.auth, [{ priceFen: 1000, quantity: 2 }], member)));
    paid.push(
      ...(await Promise.all(members.flatMap((member) => [2, 3, 4].map((i) => createPaidOrder(t, staff.auth, [{ priceFen: 1000 * i, quantity: 2 }], member))))),
    );
    await Promise.all(paid.filter((_, i) => i % 2 === 0).map((order) => refundThrough(t, staff.auth, order, [{ lineNo: 1, quantity: 1 }])));
    draining = false;
    await Promise.all(loops);
    expect(errors).toEqual([]);
    await drainAnalytics(t.deps.db);
    const incremental = await snapshot(t);
    expect(incremental.stats_orders).toHaveLength(12);
    expect(incremental.stats_refunds).toHaveLength(6);
    const [daily] = await queryRows<{ orders: number; members: number }>(
      t.deps.db,
      sql`select sum(paid_orders)::int as orders, (select count(*)::int from stats_members where paid_orders = 4) as members from stats_daily`,
    );
    expect(daily).toEqual({ orders: 12, members: 3 });
    await rebuildAnalyticsCore(t.deps.db);
    expect(await snapshot(t)).toEqual(incremental);
  });
});
