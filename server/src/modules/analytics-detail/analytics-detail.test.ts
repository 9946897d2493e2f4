import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainConsumerFully } from '../events';
import { addDays, at, insertMember } from '../channel-report/test-factories';
import { analyticsDetailConsumer, compareAnalyticsDetail, ensureAnalyticsDetailBuilt, rebuildAnalyticsDetail } from './consumer';
import { DETAIL_TABLES } from './stats-repo';
import {
  cancelOrder,
  insertCategory,
  insertCouponTemplate,
  insertMemberCoupon,
  insertOrderWithLines,
  insertProduct,
  recordLifecycleChange,
  refundLine,
  type CatalogItem,
  type ClaimInput,
} from './test-factories';

/** A small deterministic generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ORDER_BY: Record<(typeof DETAIL_TABLES)[number], string> = {
  stats_order_lines: 'order_id, line_no',
  stats_order_promotions: 'order_id, kind, promotion_id',
  stats_lifecycle_changes: 'event_id',
  stats_product_daily: 'day, product_id',
  stats_promotion_daily: 'day, kind, promotion_id',
  stats_category_gaps: 'day, category_id, gap_days',
};

/** Every row of every table of the roll-up, as text (bigint and date columns compare alike on both drivers). */
async function snapshot(t: TestApp): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of DETAIL_TABLES) {
    const rows = await queryRows<{ r: string }>(t.deps.db, sql.raw(`select (t.*)::text as r from ${table} t order by ${ORDER_BY[table]}`));
    result[table] = rows.map((row) => row.r);
  }
  return result;
}

const drain = (t: TestApp) => drainConsumerFully(t.deps.db, analyticsDetailConsumer, () => t.clock.now());

describe.each(testDrivers())('analytics-detail roll-up on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('hand-checked: a product margin after a partial refund, and a category gap on the later order', async () => {
    const db = t.deps.db;
    const category = await insertCategory(db);
    const otherCategory = await insertCategory(db);
    const tea = await insertProduct(db, { categoryId: category, role: 'profit', costFen: 300 });
    const cup = await insertProduct(db, { categoryId: otherCategory, role: 'traffic', costFen: 50 });
    const memberId = await insertMember(db, at('2026-09-01'), null);
    // 2 teas for 20.00 and a cup for 1.00 on 09-02 (late evening China time: still 09-02).
    const first = await insertOrderWithLines(db, {
      memberId,
      paidAt: at('2026-09-02', '23:30:00.000'),
      lines: [
        { item: tea, quantity: 2, payableFen: 2000 },
        { item: cup, quantity: 1, payableFen: 100 },
      ],
    });
    // 45 days later: tea again (the gap of its category), then a cup-only order the same day (no tea gap).
    await insertOrderWithLines(db, { memberId, paidAt: at('2026-10-17', '00:10:00.000'), lines: [{ item: tea, quantity: 1, payableFen: 1000 }] });
    // An unpaid order of tea counts nowhere.
    const unpaid = await insertOrderWithLines(db, { memberId, paidAt: null, lines: [{ item: tea, quantity: 5, payableFen: 5000 }] });
    await cancelOrder(db, unpaid, memberId, at('2026-10-18'));
    await drain(t);
    // One tea comes back on 09-10: 10.00 refunded, its cost is no longer spent.
    await refundLine(db, first, 1, 1, 1000, at('2026-09-10'));
    await drain(t);

    const [day] = await queryRows<Record<string, string | number>>(
      db,
      sql`select orders, quantity, paid_fen::text as paid, refunded_quantity, refunded_fen::text as refunded, cost_fen::text as cost, role
        from stats_product_daily where day = '2026-09-02' and product_id = ${tea.productId}`,
    );
    expect(day).toEqual({ orders: 1, quantity: 2, paid: '2000', refunded_quantity: 1, refunded: '1000', cost: '300', role: 'profit' });
    // Margin = sales − refunds − cost of the units kept = 2000 − 1000 − 300.
    expect(Number(day!.paid) - Number(day!.refunded) - Number(day!.cost)).toBe(700);
    const products = await queryRows<{ product_id: number }>(db, sql`select product_id from stats_product_daily where product_id = ${tea.productId}`);
    expect(products).toHaveLength(2);

    const gaps = await queryRows<{ day: string; category_id: number; gap_days: number; repeats: number }>(
      db,
      sql`select day::text as day, category_id, gap_days, repeats from stats_category_gaps where category_id in (${category}, ${otherCategory}) order by day`,
    );
    expect(gaps).toEqual([{ day: '2026-10-17', category_id: category, gap_days: 45, repeats: 1 }]);
    expect(await compareAnalyticsDetail(db)).toEqual([]);
  });

  it('a randomized run of orders, refunds, cancels, claims and lifecycle changes: the roll-up equals the rebuild; replay changes nothing', async () => {
    const db = t.deps.db;
    const next = random(16_005);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const categories = [await insertCategory(db), await insertCategory(db), await insertCategory(db)];
    const items: CatalogItem[] = [];
    for (let i = 0; i < 6; i += 1)
      items.push(await insertProduct(db, { categoryId: pick(categories), role: pick(['traffic', 'hero', 'profit'] as const), costFen: 100 + i * 37 }));
    const templates = [await insertCouponTemplate(db, { budgetFen: 100_000 }), await insertCouponTemplate(db)];
    const members: number[] = [];
    for (let i = 0; i < 8; i += 1) members.push(await insertMember(db, at('2026-08-01'), null));
    const paidOrders: { id: number; lines: number[][] }[] = [];
    for (let step = 0; step < 60; step += 1) {
      const memberId = pick(members);
      const day = addDays('2026-08-02', Math.floor(next() * 90));
      const roll = next();
      if (roll < 0.7) {
        const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
          const quantity = 1 + Math.floor(next() * 3);
          return { item: pick(items), quantity, payableFen: quantity * (500 + Math.floor(next() * 2000)) };
        });
        const claims: ClaimInput[] = [];
        if (next() < 0.4)
          claims.push({ kind: 'coupon', refId: await insertMemberCoupon(db, pick(templates), memberId, at(day, '08:00:00.000')), discountFen: 300 });
        if (next() < 0.3) claims.push({ kind: 'store_promotion', refId: 1 + Math.floor(next() * 3), discountFen: 200 });
        const paid = next() < 0.85;
        const id = await insertOrderWithLines(db, {
          memberId,
          paidAt: paid ? at(day, pick(['00:05:00.000', '12:00:00.000', '23:55:00.000'])) : null,
          lines,
          claims,
        });
        if (paid) paidOrders.push({ id, lines: lines.map((line) => [line.quantity, line.payableFen]) });
        else await cancelOrder(db, id, memberId, at(day, '23:59:00.000'));
      } else if (roll < 0.85 && paidOrders.length > 0) {
        const order = pick(paidOrders);
        const lineIndex = Math.floor(next() * order.lines.length);
        const [quantity, payable] = order.lines[lineIndex]!;
        if (quantity! > 0) {
          const unitFen = Math.floor(payable! / (quantity! + 1));
          await refundLine(db, order.id, lineIndex + 1, 1, unitFen, at(day, '15:00:00.000'));
          order.lines[lineIndex] = [quantity! - 1, payable! - unitFen];
        }
      } else {
        await recordLifecycleChange(db, memberId, pick(['new', 'active', 'silent']), pick(['active', 'at_risk', 'churned']), at(day, '03:00:00.000'));
      }
      if (step % 17 === 0) await drain(t);
    }
    await drain(t);
    const rolled = await snapshot(t);
    expect(rolled.stats_order_lines!.length).toBeGreaterThan(20);
    expect(rolled.stats_category_gaps!.length).toBeGreaterThan(0);
    expect(rolled.stats_order_promotions!.length).toBeGreaterThan(0);
    expect(rolled.stats_lifecycle_changes!.length).toBeGreaterThan(0);
    expect(await compareAnalyticsDetail(db)).toEqual([]);
    expect(await snapshot(t)).toEqual(rolled);

    await rebuildAnalyticsDetail(db);
    expect(await snapshot(t)).toEqual(rolled);

    // Replay from the start of the outbox: every batch copies and recomputes the same rows.
    await db.execute(sql`update event_cursors set tx_id = 0, event_id = 0 where consumer = 'analytics-detail'`);
    await drain(t);
    expect(await snapshot(t)).toEqual(rolled);

    // A tampered daily row is found by the nightly compare.
    await db.execute(
      sql`update stats_product_daily set paid_fen = paid_fen + 1
        where (day, product_id) = (select day, product_id from stats_product_daily order by day, product_id limit 1)`,
    );
    const differences = await compareAnalyticsDetail(db);
    expect(differences).toEqual([{ table: 'stats_product_daily', onlyInRollup: 1, onlyInRebuild: 1 }]);
  });

  it('builds once at start from the tables (orders paid before the consumer existed)', async () => {
    const db = t.deps.db;
    await db.execute(sql`delete from app_meta where key = 'analytics_detail_built'`);
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from stats_order_lines`);
    await db.execute(sql`delete from stats_order_lines`);
    expect(await ensureAnalyticsDetailBuilt(db)).toBe(true);
    expect(await queryRows<{ n: number }>(db, sql`select count(*)::int as n from stats_order_lines`)).toEqual(before);
    expect(await ensureAnalyticsDetailBuilt(db)).toBe(false);
  });
});
