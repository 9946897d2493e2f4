import { sql } from 'drizzle-orm';
import { addDays, chinaDate, type PromotionsReport, type StaffReport } from '@siyu/shared';
import { queryRows } from '../lib/sql';
import { ensureAnalyticsBuilt } from '../modules/analytics';
import { ensureAnalyticsDetailBuilt } from '../modules/analytics-detail';
import { drainAllConsumers } from '../modules/events';
import { createStaff, type TestStaff } from '../testing/fixtures';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { seedDemo } from './seed';
import { upgradeDemoPromotionUsage } from './seed-promotion-usage';

describe.each(testDrivers())('demo promotion usage seed on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  /** Everything a second run could touch, to compare. */
  const snapshot = async () =>
    queryRows(
      t.deps.db,
      sql`select (select count(*)::int from orders) as orders, (select count(*)::int from order_promotion_claims) as claims,
                 (select count(*)::int from order_adjustments) as adjustments, (select count(*)::int from payments) as payments,
                 (select count(*)::int from member_coupons where status = 'used') as used, (select count(*)::int from wecom_contacts) as contacts,
                 (select count(*)::int from domain_events) as events, (select string_agg(coalesce(wecom_user_id, '-'), ',' order by id) from staff) as wecom`,
    );

  it('writes nothing on a database that is not the demo', async () => {
    expect(await upgradeDemoPromotionUsage(t.deps.db, t.deps)).toBeNull();
    const [row] = await queryRows<{ orders: number }>(t.deps.db, sql`select count(*)::int as orders from orders`);
    expect(row?.orders).toBe(0);
  });

  it('places paid demo orders with coupons, the 满减, the live code and the flash sale, and gives demo staff WeCom customers, once', async () => {
    await seedDemo(t.deps.db, t.deps.config.media.dir, t.deps.config.phoneKey);
    const now = new Date();
    const counts = await upgradeDemoPromotionUsage(t.deps.db, t.deps, now);
    console.log(`demo promotion usage on ${driver}: ${JSON.stringify(counts)}`);
    expect(counts?.orders).toBeGreaterThanOrEqual(30);
    expect(counts?.byKind.coupon).toBeGreaterThan(0);
    expect(counts?.byKind.promo_code).toBeGreaterThan(0);
    expect(counts?.ownedMembers).toBeGreaterThan(0);
    const before = await snapshot();
    expect(await upgradeDemoPromotionUsage(t.deps.db, t.deps, now)).toBeNull();
    expect(await snapshot()).toEqual(before);

    // Every claim agrees with its order: the adjustments add up to the order's discount, paid through the payment.
    const mismatched = await queryRows(
      t.deps.db,
      sql`select o.id from orders o
          where exists (select 1 from order_promotion_claims c where c.order_id = o.id)
            and (o.paid_at is null or o.discount_fen <> (select coalesce(sum(amount_fen), 0) from order_adjustments a where a.order_id = o.id)
              or not exists (select 1 from payments p where p.order_id = o.id and p.status = 'succeeded' and p.amount_fen = o.payable_fen))`,
    );
    expect(mismatched).toEqual([]);
    const [spread] = await queryRows<{ days: number; locked: number; unshipped: number; completed: number }>(
      t.deps.db,
      sql`select count(distinct (paid_at at time zone 'Asia/Shanghai')::date)::int as days,
                 (select count(*)::int from member_coupons where status = 'locked') as locked,
                 count(*) filter (where status = 'paid' and paid_at < now() - interval '3 days')::int as unshipped,
                 count(*) filter (where status = 'completed')::int as completed
          from orders where exists (select 1 from order_promotion_claims c where c.order_id = orders.id)`,
    );
    expect(spread?.days).toBeGreaterThan(5);
    expect(spread?.locked).toBe(0);
    // Shipped and received like the other demo orders (through the admin's ship and the member's confirm-receipt).
    expect(spread?.unshipped).toBe(0);
    expect(spread?.completed).toBeGreaterThan(0);

    await ensureAnalyticsBuilt(t.deps.db);
    await ensureAnalyticsDetailBuilt(t.deps.db);
    await drainAllConsumers(t.deps.db);
    const today = chinaDate(new Date());
    const range = { from: addDays(today, -29), to: today };
    const promotions = await t.request().get('/api/admin/reports/promotions').query(range).set(owner.auth);
    expect(promotions.status).toBe(200);
    const report = promotions.body as PromotionsReport;
    for (const kind of ['coupon', 'promo_code', 'store_promotion', 'flash_sale'] as const) {
      const rows = report.rows.filter((row) => row.kind === kind);
      expect({ kind, orders: rows.some((row) => row.orders > 0), discount: rows.some((row) => row.discountFen > 0) }).toEqual({
        kind,
        orders: true,
        discount: true,
      });
    }
    expect(report.liveSessions.some((session) => session.orders > 0 && session.codeUses > 0)).toBe(true);
    const staff = await t.request().get('/api/admin/reports/staff').query(range).set(owner.auth);
    expect(staff.status).toBe(200);
    const paying = (staff.body as StaffReport).staff.filter((row) => row.members > 0 && row.gmvFen > 0);
    expect(paying.length).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
