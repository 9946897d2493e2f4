import { sql } from 'drizzle-orm';
import { addDays, chinaDate, monthOf, UTF8_BOM, type CohortsReport, type FunnelReport, type RepurchaseReport } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertChannel } from '../channel-report/test-factories';
import { addMonths } from './cohorts';
import { rebuildCohortMonths } from './cohort-months';
import { gapBuckets, weightedPercentile } from './repurchase';

/*
 * The three reports against a small history written straight into the roll-ups (what analytics-core and
 * analytics-detail keep), each figure worked out by hand below. Days are relative to the real today (China time),
 * so the test runs on any date. reports-e2e.test.ts goes through the outbox and analytics-core instead.
 */

const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}+08:00`).toISOString();

async function clearRollups(t: TestApp): Promise<void> {
  for (const table of ['stats_visits', 'stats_member_days', 'stats_members', 'stats_category_gaps', 'stats_cohort_months'])
    await t.deps.db.execute(sql`delete from ${sql.identifier(table)}`);
}

async function memberDay(
  t: TestApp,
  row: { memberId: number; day: string; orders: number; paidFen: number; refundFen?: number; channelId: number; cohort: string | null },
) {
  await t.deps.db.execute(sql`insert into stats_member_days (member_id, day, paid_orders, paid_fen, refund_fen, channel_id, cohort_month)
    values (${row.memberId}, ${row.day}::date, ${row.orders}, ${row.paidFen}, ${row.refundFen ?? 0}, ${row.channelId}, ${row.cohort}::date)`);
}

async function member(t: TestApp, row: { memberId: number; channelId: number; first: string | null; second?: string | null }) {
  await t.deps.db.execute(sql`insert into stats_members (member_id, registered_day, channel_id, first_paid_at, first_paid_day, second_paid_at, paid_orders)
    values (${row.memberId}, ${(row.first ?? at('2025-01-01')).slice(0, 10)}::date, ${row.channelId}, ${row.first}::timestamptz,
      ${row.first === null ? null : chinaDate(new Date(row.first))}::date, ${row.second ?? null}::timestamptz, ${row.second ? 2 : row.first ? 1 : 0})`);
}

async function visit(t: TestApp, day: string, visitor: string, channelId: number, steps: number) {
  const memberId = visitor.startsWith('m:') ? Number(visitor.slice(2)) : null;
  await t.deps.db.execute(
    sql`insert into stats_visits (day, visitor, member_id, channel_id, steps) values (${day}::date, ${visitor}, ${memberId}, ${channelId}, ${steps})`,
  );
}

describe('repurchase helpers', () => {
  it('nearest-rank percentiles of a weighted distribution and 15-day buckets', () => {
    const distribution = [
      { value: 10, weight: 1 },
      { value: 20, weight: 2 },
      { value: 50, weight: 1 },
      { value: 200, weight: 1 },
    ];
    expect([0.25, 0.5, 0.75, 1].map((p) => weightedPercentile(distribution, p))).toEqual([20, 20, 50, 200]);
    expect(weightedPercentile([], 0.5)).toBeNull();
    const buckets = gapBuckets(distribution);
    expect(buckets).toHaveLength(13);
    expect(buckets[0]).toEqual({ fromDays: 0, toDays: 14, repeats: 1 });
    expect(buckets[1]).toEqual({ fromDays: 15, toDays: 29, repeats: 2 });
    expect(buckets[3]).toEqual({ fromDays: 45, toDays: 59, repeats: 1 });
    expect(buckets[12]).toEqual({ fromDays: 180, toDays: null, repeats: 1 });
    expect(addMonths('2026-11-01', 3)).toBe('2027-02-01');
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01');
  });
});

describe.each(testDrivers())('reports: funnel, cohorts, repurchase on %s', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;
  let channelA: number;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp(driver);
    analyst = await createStaff(t, 'analyst');
    channelA = await insertChannel(t.deps.db, { name: '包裹卡A' });
    today = chinaDate(t.clock.now());
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await clearRollups(t);
  });

  const get = (path: string, query: Record<string, string | number>) => t.request().get(`/api/admin/reports/${path}`).query(query).set(analyst.auth);

  it('funnel: distinct visitors per step over the range (any day), paying members, per channel and per day', async () => {
    const d = (n: number) => addDays(today, n);
    await visit(t, d(-2), 'm:1', channelA, 1 | 2);
    await visit(t, d(-1), 'm:1', channelA, 1 | 4 | 8);
    await visit(t, d(-2), 'd:abc', 0, 1);
    await visit(t, d(-3), 'd:abc', 0, 31); // before the range
    await visit(t, d(0), 'd:xyz', channelA, 1 | 2);
    await visit(t, d(0), 'm:2', 0, 1 | 2 | 4);
    await memberDay(t, { memberId: 1, day: d(-1), orders: 1, paidFen: 100, channelId: channelA, cohort: monthOf(d(-1)) });
    await memberDay(t, { memberId: 2, day: d(0), orders: 2, paidFen: 100, channelId: 0, cohort: monthOf(d(0)) });
    await memberDay(t, { memberId: 3, day: d(-2), orders: 0, paidFen: 0, refundFen: 50, channelId: 0, cohort: '2025-01-01' }); // a refund only
    await memberDay(t, { memberId: 4, day: d(-5), orders: 1, paidFen: 100, channelId: channelA, cohort: monthOf(d(-5)) }); // before the range

    const res = await get('funnel', { from: d(-2), to: d(0) });
    expect(res.status).toBe(200);
    const report = res.body as FunnelReport;
    expect(report.total).toEqual({ visit: 4, product_view: 3, add_to_cart: 2, checkout_start: 1, paid: 2 });
    expect(report.channels).toEqual([
      { channelId: 0, channelName: '自然流量', steps: { visit: 2, product_view: 1, add_to_cart: 1, checkout_start: 0, paid: 1 } },
      { channelId: channelA, channelName: '包裹卡A', steps: { visit: 2, product_view: 2, add_to_cart: 1, checkout_start: 1, paid: 1 } },
    ]);
    expect(report.days).toEqual([
      { day: d(-2), visit: 2, product_view: 1, add_to_cart: 0, checkout_start: 0, paid: 0 },
      { day: d(-1), visit: 1, product_view: 0, add_to_cart: 1, checkout_start: 1, paid: 1 },
      { day: d(0), visit: 2, product_view: 2, add_to_cart: 1, checkout_start: 0, paid: 1 },
    ]);

    const only = (await get('funnel', { from: d(-2), to: d(0), channelId: channelA })).body as FunnelReport;
    expect(only.total).toEqual({ visit: 2, product_view: 2, add_to_cart: 1, checkout_start: 1, paid: 1 });
    expect(only.channels.map((row) => row.channelId)).toEqual([channelA]);

    const csv = await get('funnel.csv', { from: d(-2), to: d(0) });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.text.slice(UTF8_BOM.length).trim().split('\r\n');
    expect(lines[0]).toBe('类型,名称,访客,浏览商品,加入购物车,提交订单,支付,支付转化率');
    expect(lines[1]).toBe(`合计,${d(-2)}至${d(0)},4,3,2,1,2,50.00%`);
    expect(lines).toHaveLength(1 + 1 + 2 + 3);
  });

  it('cohorts: members by month of first order, active and LTV by months since (half up), per acquisition channel', async () => {
    const current = monthOf(today);
    const [m3, m2, m1] = [addMonths(current, -3), addMonths(current, -2), addMonths(current, -1)];
    const day = (month: string, n: number) => `${month.slice(0, 8)}${String(n).padStart(2, '0')}`;
    // Member 11 (channel A): 100.00 in M-3, 50.00 in M-2, 20.00 of it refunded in M-1. Member 12 (A): 30.01 in M-3.
    await member(t, { memberId: 11, channelId: channelA, first: at(day(m3, 10)), second: at(day(m2, 5)) });
    await member(t, { memberId: 12, channelId: channelA, first: at(day(m3, 20)) });
    await memberDay(t, { memberId: 11, day: day(m3, 10), orders: 1, paidFen: 10_000, channelId: channelA, cohort: m3 });
    await memberDay(t, { memberId: 11, day: day(m2, 5), orders: 1, paidFen: 5_000, channelId: channelA, cohort: m3 });
    await memberDay(t, { memberId: 11, day: day(m1, 3), orders: 0, paidFen: 0, refundFen: 2_000, channelId: channelA, cohort: m3 });
    await memberDay(t, { memberId: 12, day: day(m3, 20), orders: 1, paidFen: 3_001, channelId: channelA, cohort: m3 });
    // Member 13 (no channel): two orders in M-2. Member 14 (no channel): 9.99 in M-1 and 5.01 this month.
    await member(t, { memberId: 13, channelId: 0, first: at(day(m2, 10)), second: at(day(m2, 15)) });
    await memberDay(t, { memberId: 13, day: day(m2, 10), orders: 1, paidFen: 8_000, channelId: 0, cohort: m2 });
    await memberDay(t, { memberId: 13, day: day(m2, 15), orders: 1, paidFen: 2_000, channelId: 0, cohort: m2 });
    await member(t, { memberId: 14, channelId: 0, first: at(day(m1, 1)), second: at(day(current, 1)) });
    await memberDay(t, { memberId: 14, day: day(m1, 1), orders: 1, paidFen: 999, channelId: 0, cohort: m1 });
    await memberDay(t, { memberId: 14, day: day(current, 1), orders: 1, paidFen: 501, channelId: 0, cohort: m1 });
    // A member of an earlier cohort active in the range, and one who never paid: in no cohort of the range.
    await member(t, { memberId: 15, channelId: 0, first: at(day(addMonths(current, -5), 2)) });
    await memberDay(t, { memberId: 15, day: day(m2, 2), orders: 1, paidFen: 7_777, channelId: 0, cohort: addMonths(current, -5) });
    await member(t, { memberId: 16, channelId: channelA, first: null });

    await rebuildCohortMonths(t.deps.db);

    const res = await get('cohorts', { from: day(m3, 15), to: addDays(current, -1) });
    expect(res.status).toBe(200);
    const report = res.body as CohortsReport;
    expect(report.cohorts).toEqual([
      { month: m3, members: 2, active: [2, 1, 0, 0], retention: [1, 0.5, 0, 0], ltvFen: [6_501, 9_001, 8_001, 8_001] },
      { month: m2, members: 1, active: [1, 0, 0], retention: [1, 0, 0], ltvFen: [10_000, 10_000, 10_000] },
      { month: m1, members: 1, active: [1, 1], retention: [1, 1], ltvFen: [999, 1_500] },
    ]);
    expect(report.ltvByChannel).toEqual([
      // m13 (followed 2 months) and m14 (1 month): (10000 + 999) / 2 → 5500 (half up), (10000 + 1500) / 2, then m13 alone.
      { channelId: 0, channelName: '自然流量', members: 2, ltvFen: [5_500, 5_750, 10_000] },
      { channelId: channelA, channelName: '包裹卡A', members: 2, ltvFen: [6_501, 9_001, 8_001, 8_001] },
    ]);

    const only = (await get('cohorts', { from: day(m3, 1), to: addDays(current, -1), channelId: channelA })).body as CohortsReport;
    expect(only.cohorts.map((cohort) => cohort.members)).toEqual([2, 0, 0]);
    expect(only.cohorts[1]).toEqual({ month: m2, members: 0, active: [0, 0, 0], retention: [0, 0, 0], ltvFen: [0, 0, 0] });
    expect(only.ltvByChannel.map((row) => row.channelId)).toEqual([channelA]);

    const csv = await get('cohorts.csv', { from: day(m3, 1), to: addDays(current, -1) });
    expect(csv.status).toBe(200);
    const lines = csv.text.slice(UTF8_BOM.length).trim().split('\r\n');
    expect(lines[0]).toBe('类型,名称,会员数,首单后第几月,活跃会员,留存率,人均累计净支付（元）');
    expect(lines[2]).toBe(`首单月份,${m3.slice(0, 7)},2,1,1,50.00%,90.01`);
    expect(lines).toHaveLength(1 + (4 + 3 + 2) + (3 + 4));
  });

  it('repurchase: 30 / 60 / 90-day windows among the eligible first buyers of the range, gaps per category', async () => {
    const d = (n: number) => addDays(today, n);
    await member(t, { memberId: 21, channelId: 0, first: at(d(-100)), second: at(d(-80)) }); // again after 20 days
    await member(t, { memberId: 22, channelId: 0, first: at(d(-100)) });
    await member(t, { memberId: 23, channelId: 0, first: at(d(-80)), second: at(d(-35)) }); // 45 days
    await member(t, { memberId: 24, channelId: 0, first: at(d(-40)), second: at(d(-5)) }); // 35 days; only 30 days have passed
    await member(t, { memberId: 25, channelId: 0, first: at(d(-10)) }); // no window has passed
    await member(t, { memberId: 26, channelId: 0, first: at(d(-200)), second: at(d(-90)) }); // first order before the range
    await member(t, { memberId: 27, channelId: 0, first: null });
    const [a, b] = await Promise.all([
      t.deps.db.execute(sql`insert into categories (name) values ('咖啡豆') returning id`),
      t.deps.db.execute(sql`insert into categories (name) values ('挂耳') returning id`),
    ]);
    const coffee = Number((a as unknown as { rows: { id: number }[] }).rows[0]?.id);
    const dripBags = Number((b as unknown as { rows: { id: number }[] }).rows[0]?.id);
    const gap = (day: string, categoryId: number, gapDays: number, repeats: number) =>
      t.deps.db.execute(
        sql`insert into stats_category_gaps (day, category_id, gap_days, repeats) values (${day}::date, ${categoryId}, ${gapDays}, ${repeats})`,
      );
    await gap(d(-90), coffee, 10, 1);
    await gap(d(-50), coffee, 20, 1);
    await gap(d(-20), coffee, 20, 1);
    await gap(d(-20), coffee, 50, 1);
    await gap(d(-1), coffee, 200, 1);
    await gap(d(-150), coffee, 5, 7); // before the range
    await gap(d(-30), dripBags, 30, 3);

    const res = await get('repurchase', { from: d(-100), to: d(0) });
    expect(res.status).toBe(200);
    const report = res.body as RepurchaseReport;
    expect(report.firstBuyers).toBe(5);
    expect(report.windows).toEqual([
      { days: 30, eligible: 4, repurchased: 1, rate: 0.25 },
      { days: 60, eligible: 3, repurchased: 2, rate: 0.6667 },
      { days: 90, eligible: 2, repurchased: 1, rate: 0.5 },
    ]);
    expect(report.categories.map(({ buckets, ...rest }) => ({ ...rest, buckets: buckets.filter((bucket) => bucket.repeats > 0) }))).toEqual([
      {
        categoryId: coffee,
        categoryName: '咖啡豆',
        repeats: 5,
        medianDays: 20,
        p25Days: 20,
        p75Days: 50,
        buckets: [
          { fromDays: 0, toDays: 14, repeats: 1 },
          { fromDays: 15, toDays: 29, repeats: 2 },
          { fromDays: 45, toDays: 59, repeats: 1 },
          { fromDays: 180, toDays: null, repeats: 1 },
        ],
      },
      { categoryId: dripBags, categoryName: '挂耳', repeats: 3, medianDays: 30, p25Days: 30, p75Days: 30, buckets: [{ fromDays: 30, toDays: 44, repeats: 3 }] },
    ]);

    const csv = await get('repurchase.csv', { from: d(-100), to: d(0) });
    expect(csv.status).toBe(200);
    const lines = csv.text.slice(UTF8_BOM.length).trim().split('\r\n');
    expect(lines[1]).toMatch(/^复购窗口,30天内,5,4,1,25\.00%,/);
    expect(lines[4]).toMatch(/^品类复购间隔,咖啡豆,,,,,5,20,20,50,1,2,0,1,/);
    expect(lines).toHaveLength(1 + 3 + 2);
  });

  it('the analyst reads all three (JSON and CSV); customer service is refused; a stranger gets 401', async () => {
    const service = await createStaff(t, 'service');
    for (const path of ['funnel', 'cohorts', 'repurchase', 'funnel.csv', 'cohorts.csv', 'repurchase.csv']) {
      expect({ path, status: (await get(path, { from: today, to: today })).status }).toEqual({ path, status: 200 });
      const refused = await t.request().get(`/api/admin/reports/${path}`).query({ from: today, to: today }).set(service.auth);
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect((await t.request().get(`/api/admin/reports/${path}`).query({ from: today, to: today })).status).toBe(401);
    }
  });

  it('refuses bad ranges with their codes and malformed input with VALIDATION_FAILED', async () => {
    for (const path of ['funnel', 'cohorts', 'repurchase', 'cohorts.csv']) {
      const inverted = await get(path, { from: today, to: addDays(today, -1) });
      expect({ path, status: inverted.status, code: inverted.body.error?.code }).toEqual({ path, status: 400, code: 'REPORT_RANGE_INVERTED' });
      const long = await get(path, { from: addDays(today, -731), to: today });
      expect({ path, status: long.status, code: long.body.error?.code }).toEqual({ path, status: 400, code: 'REPORT_RANGE_TOO_LONG' });
      const future = await get(path, { from: today, to: addDays(today, 1) });
      expect({ path, code: future.body.error?.code }).toEqual({ path, code: 'REPORT_RANGE_IN_FUTURE' });
      for (const bad of [{ from: '2026-02-30', to: today }, { from: 'yesterday', to: today }, { to: today }, { from: today, to: today, extra: '1' }]) {
        const res = await get(path, bad as Record<string, string>);
        expect({ path, bad, status: res.status, code: res.body.error?.code }).toEqual({ path, bad, status: 400, code: 'VALIDATION_FAILED' });
      }
    }
    // The funnel reads behaviour events: not before the retention (400 days by default).
    const old = await get('funnel', { from: addDays(today, -400), to: today });
    expect(old.body.error?.code).toBe('REPORT_RANGE_BEYOND_RETENTION');
    expect((await get('funnel', { from: addDays(today, -399), to: today })).status).toBe(200);
    expect((await get('cohorts', { from: addDays(today, -730), to: today })).status).toBe(200);
    expect((await get('funnel', { from: today, to: today, channelId: -1 })).status).toBe(400);
  });
});
