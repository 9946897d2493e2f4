import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainConsumerFully } from '../events';
import { addDays, at, insertMember } from '../channel-report/test-factories';
import { analyticsDetailConsumer, compareAnalyticsDetail, rebuildAnalyticsDetail } from './consumer';
import { insertCategory, insertOrderWithLines, insertProduct, refundLine, type CatalogItem } from './test-factories';

describe.each(concurrencyDrivers())('analytics-detail under concurrent writes, consumers and a rebuild on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('orders and refunds committed while two consumers and a rebuild run end equal to a rebuild', async () => {
    const db = t.deps.db;
    const category = await insertCategory(db);
    const items: CatalogItem[] = [
      await insertProduct(db, { categoryId: category, role: 'hero', costFen: 120 }),
      await insertProduct(db, { categoryId: await insertCategory(db), role: 'profit', costFen: 80 }),
    ];
    const members: number[] = [];
    for (let i = 0; i < 4; i += 1) members.push(await insertMember(db, at('2026-10-01'), null));

    const drain = () => drainConsumerFully(db, analyticsDetailConsumer, () => t.clock.now());
    // Each writer: an order of one member (several members share days and categories) and, every other one, a refund.
    const writer = (n: number) =>
      db.transaction(async (tx) => {
        const memberId = members[n % members.length]!;
        const orderId = await insertOrderWithLines(tx, {
          memberId,
          paidAt: at(addDays('2026-10-02', n % 7)),
          lines: [
            { item: items[n % 2]!, quantity: 2, payableFen: 2000 },
            { item: items[(n + 1) % 2]!, quantity: 1, payableFen: 500 },
          ],
        });
        if (n % 2 === 0) await refundLine(tx, orderId, 1, 1, 1000, at(addDays('2026-10-03', n % 7)));
      });
    const writers = Array.from({ length: 24 }, (_, n) => writer(n));
    await Promise.all([...writers, drain(), drain(), rebuildAnalyticsDetail(db), drain()]);
    await drain();

    expect(await compareAnalyticsDetail(db)).toEqual([]);
    const [lines] = await queryRows<{ n: number; refunded: number }>(
      db,
      sql`select count(*)::int as n, sum(refunded_quantity)::int as refunded from stats_order_lines`,
    );
    expect(lines).toEqual({ n: 48, refunded: 12 });
    // 24 orders of 4 members, each holding both categories: 20 repeat purchases per category.
    const [gaps] = await queryRows<{ repeats: number }>(db, sql`select sum(repeats)::int as repeats from stats_category_gaps`);
    expect(gaps?.repeats).toBe(40);
  });
});
