import { sql } from 'drizzle-orm';
import { addDays, chinaDate, monthOf, type CohortsReport, type RepurchaseReport } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainAnalytics, rebuildAnalyticsCore } from '../analytics';
import { at, insertChannel, insertMember, insertOrder, insertRefund } from '../channel-report/test-factories';
import { addMonths } from './cohorts';

/*
 * Orders, refunds and members written with the domain events of their real flows, drained by analytics-core:
 * the cohort and repurchase reports follow, and the cohort pre-aggregate (stats_cohort_months) kept by the
 * consumer's deltas equals a rebuild.
 */

const cells = async (t: TestApp) =>
  (await queryRows<{ r: string }>(t.deps.db, sql`select c::text as r from stats_cohort_months c order by 1`)).map((row) => row.r);

describe.each(testDrivers())('reports through analytics-core on %s', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(async () => {
    await t.close();
  });

  it('cohorts and repurchase from orders and refunds; the pre-aggregate equals a rebuild', async () => {
    const db = t.deps.db;
    const today = chinaDate(t.clock.now());
    const current = monthOf(today);
    const [m2, m1] = [addMonths(current, -2), addMonths(current, -1)];
    const channel = await insertChannel(db, { name: '社群' });
    const first = await insertMember(db, at(`${m2.slice(0, 8)}02`), channel);
    const second = await insertMember(db, at(`${m1.slice(0, 8)}02`), null);
    const order = await insertOrder(db, {
      memberId: first,
      paidAt: at(`${m2.slice(0, 8)}10`),
      payableFen: 10_000,
      firstChannelId: channel,
      lastChannelId: channel,
    });
    await insertOrder(db, { memberId: second, paidAt: at(`${m1.slice(0, 8)}05`), payableFen: 5_000, firstChannelId: null, lastChannelId: null });
    await insertOrder(db, { memberId: second, paidAt: at(`${m1.slice(0, 8)}06`), payableFen: 3_000, firstChannelId: null, lastChannelId: null });
    await insertOrder(db, { memberId: second, paidAt: null, payableFen: 9_999, firstChannelId: null, lastChannelId: null }); // never paid
    await drainAnalytics(db, t.clock.now);
    // Later: 40.00 of the first member's order comes back in M-1, and they buy again this month.
    await insertRefund(db, order, 4_000, at(`${m1.slice(0, 8)}20`));
    await insertOrder(db, { memberId: first, paidAt: at(today, '00:00:01.000'), payableFen: 2_000, firstChannelId: channel, lastChannelId: channel });
    await drainAnalytics(db, t.clock.now);

    const res = await t.request().get('/api/admin/reports/cohorts').query({ from: m2, to: today }).set(analyst.auth);
    expect(res.status).toBe(200);
    const report = res.body as CohortsReport;
    expect(report.cohorts).toEqual([
      { month: m2, members: 1, active: [1, 0, 1], retention: [1, 0, 1], ltvFen: [10_000, 6_000, 8_000] },
      { month: m1, members: 1, active: [1, 0], retention: [1, 0], ltvFen: [8_000, 8_000] },
      { month: current, members: 0, active: [0], retention: [0], ltvFen: [0] },
    ]);
    expect(report.ltvByChannel).toEqual([
      { channelId: 0, channelName: '自然流量', members: 1, ltvFen: [8_000, 8_000] },
      { channelId: channel, channelName: '社群', members: 1, ltvFen: [10_000, 6_000, 8_000] },
    ]);

    const repurchase = (await t.request().get('/api/admin/reports/repurchase').query({ from: m2, to: today }).set(analyst.auth)).body as RepurchaseReport;
    expect(repurchase.firstBuyers).toBe(2);
    // The second member paid again a day later: within 30 days, counted once 30 days have passed since the first order.
    const since = (day: string) => (t.clock.now().getTime() - Date.parse(`${day}T10:00:00+08:00`)) / 86_400_000;
    const eligible30 = [`${m2.slice(0, 8)}10`, `${m1.slice(0, 8)}05`].filter((day) => since(day) >= 30).length;
    const repurchased30 = since(`${m1.slice(0, 8)}05`) >= 30 ? 1 : 0;
    expect(repurchase.windows[0]).toMatchObject({ days: 30, eligible: eligible30, repurchased: repurchased30 });

    const kept = await cells(t);
    expect(kept.length).toBeGreaterThan(0);
    await rebuildAnalyticsCore(db);
    expect(await cells(t)).toEqual(kept);
    expect(addDays(today, 0)).toBe(today);
  });
});
