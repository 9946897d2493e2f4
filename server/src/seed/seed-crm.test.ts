import { sql } from 'drizzle-orm';
import { queryRows } from '../lib/sql';
import { drainAllConsumers } from '../modules/events';
import { lifecycleReport, rfmGrid } from '../modules/member-facts';
import { checkLedger } from '../modules/points';
import { testDrivers } from '../testing/drivers';
import { cancelledButPaid } from '../testing/invariants';
import { createTestApp, type TestApp } from '../testing/test-app';
import { seedDemo } from './seed';
import { seedDemoCrm, upgradeDemoCrm } from './seed-crm';

describe.each(testDrivers())('demo customer data seed on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
    await seedDemo(t.deps.db, t.deps.config.media.dir, t.deps.config.phoneKey);
  }, 300_000);
  afterAll(() => t.close());

  it('fills every RFM cell and every lifecycle stage', async () => {
    const grid = await rfmGrid(t.deps.db);
    const cells = Object.fromEntries(grid.cells.map((cell) => [cell.code, cell.members]));
    console.log(
      `demo RFM grid on ${driver}: ${JSON.stringify(cells)} prospects ${grid.prospects}; thresholds ${JSON.stringify({ ...grid.thresholds, quintiles: undefined })}`,
    );
    expect(grid.cells.filter((cell) => cell.members === 0)).toEqual([]);
    expect(grid.cells.every((cell) => cell.gmvFen > 0)).toBe(true);
    expect(grid.prospects).toBeGreaterThan(0);
    const report = await lifecycleReport(t.deps.db, new Date());
    console.log(`demo lifecycle on ${driver}: ${JSON.stringify(Object.fromEntries(report.stages.map((stage) => [stage.code, stage.members])))}`);
    expect(report.stages.filter((stage) => stage.members === 0)).toEqual([]);
  });

  it('has tag groups, manual tags given to members, rule tags applied, saved segments, views and notes', async () => {
    const tagRows = await queryRows<{ name: string; kind: string; members: number }>(
      t.deps.db,
      sql`select t.name, t.kind, count(mt.member_id)::int as members from tags t left join member_tags mt on mt.tag_id = t.id
          where t.kind <> 'channel' group by t.id, t.name, t.kind order by t.id`,
    );
    const members = Object.fromEntries(tagRows.map((row) => [row.name, Number(row.members)]));
    expect(Object.keys(members)).toEqual(expect.arrayContaining(['VIP', '团购客户', '投诉过', '价格敏感', '滋补常客', '高客单']));
    for (const name of ['VIP', '团购客户', '投诉过', '高客单']) expect(members[name]).toBeGreaterThan(0);
    const [counts] = await queryRows<{ segments: number; views: number; notes: number }>(
      t.deps.db,
      sql`select (select count(*) from segments)::int as segments, (select count(*) from behaviour_events where type = 'product_view')::int as views,
          (select count(*) from member_notes)::int as notes`,
    );
    expect(Number(counts?.segments)).toBeGreaterThanOrEqual(4);
    expect(Number(counts?.views)).toBeGreaterThan(50);
    expect(Number(counts?.notes)).toBeGreaterThan(0);
  });

  it('keeps the ledgers consistent (orders, payments, refunds, stock, points) and seeds once', async () => {
    expect((await checkLedger(t.deps.db)).mismatches).toEqual([]);
    expect(await cancelledButPaid(t.deps.db)).toEqual([]);
    const broken = await queryRows<{ id: number; why: string }>(
      t.deps.db,
      sql`select o.id, 'lines' as why from orders o join order_lines l on l.order_id = o.id group by o.id, o.payable_fen, o.goods_subtotal_fen
            having sum(l.payable_fen) <> o.payable_fen or sum(l.subtotal_fen) <> o.goods_subtotal_fen
          union all
          select o.id, 'payment' from orders o left join payments p on p.order_id = o.id and p.status = 'succeeded'
            where o.paid_at is not null and (p.amount_fen is distinct from o.payable_fen)
          union all
          select o.id, 'refund' from orders o left join (select order_id, sum(amount_fen) as s from refunds where status = 'succeeded' group by order_id) r on r.order_id = o.id
            where o.refunded_fen <> coalesce(r.s, 0)
          union all
          select s.id, 'stock' from skus s join lateral (select stock_after from stock_movements m where m.sku_id = s.id order by m.id desc limit 1) m on true
            where m.stock_after <> s.stock or s.stock < 0`,
    );
    expect(broken).toEqual([]);
    await drainAllConsumers(t.deps.db);
    expect(await t.deps.db.transaction((tx) => seedDemoCrm(tx, new Date(), t.deps.config.phoneKey))).toBeNull();
    expect(await upgradeDemoCrm(t.deps.db, t.deps.config.phoneKey)).toBe(false);
  });
});
