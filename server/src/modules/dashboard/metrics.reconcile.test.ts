import { sql } from 'drizzle-orm';
import type { DashboardOverview, KpiReport, OverviewMetric } from '@siyu/shared';
import { inTransaction } from '../../context';
import { closeUnpaidOrder } from '../../flows/order-close';
import { afterCloseRefundNo } from '../../flows/refund-after-close';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { at, insertMember, insertOrder, insertRefund } from '../channel-report/test-factories';
import { drainAnalytics } from '../analytics';
import { drainAllConsumers } from '../events';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';
import { createPaidOrder, refundThrough } from '../refunds/test-factories';

/*
 * One test per metric of the 数据概况 home and of the KPI 月活: a varied history is made through the real paths
 * (orders, payments, refunds, a payment after close, logins that merge a device's events, POST /api/events) and
 * the test factories (orders and refunds on earlier days, near China midnight), every consumer is drained, and
 * each metric is recomputed here from the RAW rows (orders, refunds, members, behaviour_events) with plain SQL
 * and TypeScript — nothing from the roll-ups or the server's range helpers — and compared to the API's answer.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The China (UTC+8) calendar date of an instant, written out independently of shared/src/analytics. */
const cnDay = (instant: Date | string): string => new Date(new Date(instant).getTime() + 8 * HOUR).toISOString().slice(0, 10);
const shift = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

type Row = Record<string, unknown>;

interface Raw {
  orders: { id: number; memberId: number; paidAt: Date; payableFen: number }[];
  refunds: { amountFen: number; at: Date }[];
  members: { id: number; createdAt: Date }[];
  events: { memberId: number | null; deviceId: string | null; occurredAt: Date }[];
}

async function readRaw(t: TestApp): Promise<Raw> {
  const db = t.deps.db;
  const orders = await queryRows<Row>(db, sql`select id, member_id, paid_at, payable_fen::text as payable_fen from orders where paid_at is not null`);
  const refunds = await queryRows<Row>(
    db,
    sql`select r.amount_fen::text as amount_fen, coalesce(r.completed_at, r.updated_at) as at
        from refunds r join orders o on o.id = r.order_id where r.status = 'succeeded' and o.paid_at is not null`,
  );
  const members = await queryRows<Row>(db, sql`select id, created_at from members`);
  const events = await queryRows<Row>(db, sql`select member_id, device_id, occurred_at from behaviour_events`);
  return {
    orders: orders.map((o) => ({ id: Number(o.id), memberId: Number(o.member_id), paidAt: new Date(o.paid_at as string), payableFen: Number(o.payable_fen) })),
    refunds: refunds.map((r) => ({ amountFen: Number(r.amount_fen), at: new Date(r.at as string) })),
    members: members.map((m) => ({ id: Number(m.id), createdAt: new Date(m.created_at as string) })),
    events: events.map((e) => ({
      memberId: e.member_id === null ? null : Number(e.member_id),
      deviceId: e.device_id === null ? null : String(e.device_id),
      occurredAt: new Date(e.occurred_at as string),
    })),
  };
}

/** Every overview metric of [from, to], from the raw rows. */
function expected(raw: Raw, from: string, to: string): Record<OverviewMetric, number> {
  const inRange = (instant: Date) => cnDay(instant) >= from && cnDay(instant) <= to;
  const paid = raw.orders.filter((o) => inRange(o.paidAt));
  const gmvFen = paid.reduce((sum, o) => sum + o.payableFen, 0);
  const refundFen = raw.refunds.filter((r) => inRange(r.at)).reduce((sum, r) => sum + r.amountFen, 0);
  const perMember = new Map<number, number>();
  for (const o of paid) perMember.set(o.memberId, (perMember.get(o.memberId) ?? 0) + 1);
  const payingMembers = perMember.size;
  const repeaters = [...perMember.values()].filter((n) => n >= 2).length;
  const visitors = new Set(
    raw.events
      .filter((e) => inRange(e.occurredAt) && (e.memberId !== null || e.deviceId !== null))
      .map((e) => (e.memberId !== null ? `m:${e.memberId}` : `d:${e.deviceId}`)),
  ).size;
  return {
    gmvFen,
    netGmvFen: gmvFen - refundFen,
    paidOrders: paid.length,
    payingMembers,
    // Half up: 2·gmv / orders rounded down after adding one.
    aovFen: paid.length === 0 ? 0 : Math.floor((2 * gmvFen + paid.length) / (2 * paid.length)),
    visitors,
    conversionRate: visitors === 0 ? 0 : round4(payingMembers / visitors),
    newMembers: raw.members.filter((m) => inRange(m.createdAt)).length,
    repurchaseRate: payingMembers === 0 ? 0 : round4(repeaters / payingMembers),
  };
}

describe.each(testDrivers())('dashboard metrics reconcile with the raw rows on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  let today: string;
  let raw: Raw;
  /** Ranges: a single day (today, yesterday) and multi-day ones; each answer carries its previous period too. */
  let ranges: { from: string; to: string }[];
  const answers = new Map<string, DashboardOverview>();
  let lateOrderId = 0;

  /** A member logged in through the real path, optionally naming the device (its anonymous events merge). */
  async function login(deviceId?: string): Promise<TestMember> {
    const { code, openid } = await t.simulator.mintLoginCode(`rec${Math.random().toString(36).slice(2, 10)}`);
    const res = await t
      .request()
      .post('/api/auth/wechat')
      .send(deviceId ? { code, deviceId } : { code });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as { member: { id: number }; accessToken: string };
    return { id: body.member.id, openid, accessToken: body.accessToken, refreshToken: '', auth: { Authorization: `Bearer ${body.accessToken}` } };
  }

  async function events(body: object, member?: TestMember): Promise<void> {
    const req = t.request().post('/api/events');
    const res = await (member ? req.set(member.auth) : req).send(body);
    if (res.status !== 202) throw new Error(`events: ${res.status} ${JSON.stringify(res.body)}`);
  }

  beforeAll(async () => {
    t = await createTestApp(driver);
    // Keep "yesterday 22:00" within the events' one-day client-clock window: start at least 2 h into a China day, at most 20 h.
    const intoDay = (t.clock.now().getTime() + 8 * HOUR) % DAY;
    if (intoDay > 20 * HOUR) t.clock.advance(DAY - intoDay + 2 * HOUR);
    else if (intoDay < 2 * HOUR) t.clock.advance(2 * HOUR - intoDay);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    today = cnDay(t.clock.now());
    const yesterday = shift(today, -1);
    const todayStart = new Date(Date.parse(`${today}T00:00:00+08:00`));

    // History on earlier days (factories: each row with the event its real flow emits).
    const m1 = await insertMember(t.deps.db, at(shift(today, -9), '09:00:00.000'), null);
    const m2 = await insertMember(t.deps.db, at(shift(today, -8), '23:59:59.900'), null);
    const m3 = await insertMember(t.deps.db, at(shift(today, -7), '00:00:00.000'), null);
    const m4 = await insertMember(t.deps.db, at(yesterday, '23:59:59.999'), null); // never pays
    const order = (memberId: number, paidAt: Date | null, payableFen: number) =>
      insertOrder(t.deps.db, { memberId, paidAt, payableFen, firstChannelId: null, lastChannelId: null });
    await order(m1, at(shift(today, -8), '23:59:59.500'), 12_345);
    await order(m1, at(shift(today, -7), '00:00:00.000'), 6_789);
    const m1Third = await order(m1, at(shift(today, -3), '10:00:00.000'), 1_001);
    const m2Only = await order(m2, at(shift(today, -6), '16:00:00.000'), 10_000); // 16:00 China = 08:00 UTC
    await order(m3, at(yesterday, '08:00:00.000'), 333); // 08:00 China = 00:00 UTC
    await order(m3, at(yesterday, '20:00:00.000'), 667);
    await order(m4, null, 5_000); // unpaid, never counts
    await insertRefund(t.deps.db, m2Only, 3_000, at(shift(today, -2), '12:00:00.000')); // partial, days later
    await insertRefund(t.deps.db, m2Only, 2_000, at(shift(today, -1), '23:59:59.999'));
    await insertRefund(t.deps.db, m1Third, 1_001, at(shift(today, -3), '11:00:00.000'), 'failed'); // not succeeded: never counts

    // Today through the real paths: two orders of one member (one partly refunded), one of another, a cancelled
    // order, and a payment that arrives after its order was closed (refunded automatically, never GMV).
    const buyer = await login('dev-buyer-000000001');
    const first = await createPaidOrder(t, owner.auth, [{ priceFen: 2_500, quantity: 2 }], buyer);
    await createPaidOrder(t, owner.auth, [{ priceFen: 1_999, quantity: 1 }], buyer);
    await createPaidOrder(t, owner.auth, [{ priceFen: 4_321, quantity: 1 }]);
    await refundThrough(t, owner.auth, first, [{ lineNo: 1, quantity: 1 }]);
    const canceller = await login();
    const sku = await createSellableSku(t, owner.auth, { stock: 5, privatePriceFen: 1_500 });
    const cancelled = orderOf((await placeOrder(t, canceller, await createAddress(t, canceller), [{ skuId: sku.id, quantity: 1 }])).body);
    await t.request().post(`/api/orders/${cancelled.id}/cancel`).set(canceller.auth).send({}).expect(200);
    const late = orderOf((await placeOrder(t, canceller, await createAddress(t, canceller), [{ skuId: sku.id, quantity: 1 }])).body);
    await t.request().post(`/api/orders/${late.id}/pay`).set(canceller.auth).expect(200);
    await t.paySimulator.pay(late.orderNo, { deliver: false });
    await inTransaction({ db: t.deps.db, requestId: 'reconcile', now: t.clock.now(), ip: null }, (tx) =>
      closeUnpaidOrder(tx, { orderId: late.id, reason: '测试：关单后到账', actorType: 'system' }),
    );
    await t.paySimulator.notifyPayment(late.orderNo);
    await t.paySimulator.completeRefund(afterCloseRefundNo(late.orderNo));
    lateOrderId = late.id;

    // Behaviour: anonymous devices yesterday (one at 23:59:59.999) and today; one of them then logs in (merge).
    const lateYesterday = new Date(todayStart.getTime() - 1).toISOString();
    const earlyYesterday = new Date(todayStart.getTime() - 2 * HOUR).toISOString();
    await events({ deviceId: 'dev-anon-0000000001', events: [{ type: 'page_view', page: 'pages/index/index', at: lateYesterday }] });
    await events({ deviceId: 'dev-anon-0000000001', events: [{ type: 'page_view', page: 'pages/index/index' }] });
    await events({ deviceId: 'dev-merge-000000001', events: [{ type: 'page_view', page: 'pages/index/index', at: earlyYesterday }] });
    await events({ deviceId: 'dev-merge-000000001', events: [{ type: 'product_view', productId: sku.productId }] });
    const merged = await login('dev-merge-000000001');
    await events({ deviceId: 'dev-merge-000000001', events: [{ type: 'add_to_cart', productId: sku.productId, quantity: 1 }] }, merged);
    await events({ deviceId: 'dev-buyer-000000001', events: [{ type: 'checkout_start' }, { type: 'share', target: 'friend' }] }, buyer);
    await events({ deviceId: 'dev-other-000000001', events: [{ type: 'product_view', productId: sku.productId, at: earlyYesterday }] });

    // Generous: on the shared PostgreSQL server another session's long transaction holds every consumer back.
    await drainAllConsumers(t.deps.db, t.clock.now, 150_000);
    await drainAnalytics(t.deps.db, t.clock.now);
    raw = await readRaw(t);
    ranges = [
      { from: today, to: today },
      { from: yesterday, to: yesterday },
      { from: shift(today, -7), to: shift(today, -1) },
      { from: shift(today, -9), to: today },
    ];
    for (const range of ranges) {
      const res = await t.request().get(`/api/admin/dashboard/overview?from=${range.from}&to=${range.to}`).set(analyst.auth);
      if (res.status !== 200) throw new Error(`overview: ${res.status} ${JSON.stringify(res.body)}`);
      answers.set(`${range.from}..${range.to}`, res.body as DashboardOverview);
    }
  }, 400_000);
  afterAll(() => t.close());

  it('made a history worth reconciling (the data above is really there)', async () => {
    const [lateRefund] = await queryRows<{ status: string }>(t.deps.db, sql`select status from refunds where order_id = ${lateOrderId}`);
    expect(lateRefund?.status).toBe('succeeded');
    expect(raw.orders.length).toBeGreaterThanOrEqual(9);
    expect(raw.refunds.length).toBeGreaterThanOrEqual(3);
    expect(new Set(raw.events.map((e) => e.deviceId)).size).toBeGreaterThanOrEqual(4);
    // The payment after close was refunded in full and never set paid_at.
    expect(raw.orders.some((o) => o.id === lateOrderId)).toBe(false);
    // The device that logged in had its anonymous events merged into the member.
    expect(raw.events.filter((e) => e.deviceId === 'dev-merge-000000001' && e.memberId === null)).toEqual([]);
    const all = expected(raw, shift(today, -9), today);
    expect(all.repurchaseRate).toBeGreaterThan(0);
    expect(all.netGmvFen).toBeLessThan(all.gmvFen);
  });

  const METRICS: OverviewMetric[] = [
    'gmvFen',
    'netGmvFen',
    'paidOrders',
    'payingMembers',
    'aovFen',
    'visitors',
    'conversionRate',
    'newMembers',
    'repurchaseRate',
  ];
  it.each(METRICS)('%s equals its recomputation from raw rows, for every range and its previous period', (metric) => {
    for (const range of ranges) {
      const answer = answers.get(`${range.from}..${range.to}`)!;
      const length = daysBetween(range.from, range.to);
      const previous = { from: shift(range.from, -length), to: shift(range.from, -1) };
      expect({ range, previous: answer.previous }).toEqual({ range, previous });
      const now = expected(raw, range.from, range.to)[metric];
      const then = expected(raw, previous.from, previous.to)[metric];
      expect({ range, metric, value: answer[metric].value, previous: answer[metric].previous }).toEqual({ range, metric, value: now, previous: then });
      expect(answer[metric].change).toBe(then === 0 ? null : round4((now - then) / then));
    }
  });

  it('the trend adds up to the range (GMV, net GMV, orders, new members) and has every day', () => {
    const range = ranges[3]!;
    const answer = answers.get(`${range.from}..${range.to}`)!;
    expect(Date.parse(answer.asOf ?? '')).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(answer.trend.map((d) => d.day)).toEqual(Array.from({ length: daysBetween(range.from, range.to) }, (_, i) => shift(range.from, i)));
    for (const day of answer.trend) {
      const e = expected(raw, day.day, day.day);
      expect(day).toEqual({
        day: day.day,
        gmvFen: e.gmvFen,
        netGmvFen: e.netGmvFen,
        paidOrders: e.paidOrders,
        payingMembers: e.payingMembers,
        visitors: e.visitors,
        newMembers: e.newMembers,
      });
    }
  });

  it('KPI activeMembers equals the members with an event or a paid order this month', async () => {
    const monthStart = `${today.slice(0, 7)}-01`;
    const inMonth = (instant: Date) => cnDay(instant) >= monthStart && cnDay(instant) <= today;
    const active = new Set<number>();
    for (const e of raw.events) if (e.memberId !== null && inMonth(e.occurredAt)) active.add(e.memberId);
    for (const o of raw.orders) if (inMonth(o.paidAt)) active.add(o.memberId);
    const res = await t
      .request()
      .get(`/api/admin/kpi?month=${today.slice(0, 7)}`)
      .set(analyst.auth);
    expect(res.status).toBe(200);
    const report = res.body as KpiReport;
    expect(report.metrics.find((m) => m.metric === 'activeMembers')?.actual).toBe(active.size);
    const month = expected(raw, monthStart, today);
    expect(report.metrics.find((m) => m.metric === 'gmvFen')?.actual).toBe(month.gmvFen);
    expect(report.metrics.find((m) => m.metric === 'newMembers')?.actual).toBe(month.newMembers);
    expect(report.metrics.find((m) => m.metric === 'repurchaseRate')?.actual).toBe(month.repurchaseRate);
  });

  it('the channel breakdown adds up to the overview (GMV, orders, new members)', async () => {
    const range = ranges[3]!;
    const res = await t.request().get(`/api/admin/dashboard/breakdown?from=${range.from}&to=${range.to}`).set(analyst.auth);
    expect(res.status).toBe(200);
    const e = expected(raw, range.from, range.to);
    const rows = res.body.channels as { channelId: number; channelName: string; gmvFen: number; paidOrders: number; newMembers: number }[];
    expect(rows.reduce((s, r) => s + r.gmvFen, 0)).toBe(e.gmvFen);
    expect(rows.reduce((s, r) => s + r.paidOrders, 0)).toBe(e.paidOrders);
    expect(rows.reduce((s, r) => s + r.newMembers, 0)).toBe(e.newMembers);
    expect(rows.find((r) => r.channelId === 0)?.channelName).toBe('自然流量');
  });
  describe('access, ranges, KPI targets and settings', () => {
    const overview = (query: string, staff: TestStaff) => t.request().get(`/api/admin/dashboard/overview?${query}`).set(staff.auth);

    it('the analyst reads the overview; the service role is refused', async () => {
      const service = await createStaff(t, 'service');
      expect((await overview(`from=${today}&to=${today}`, analyst)).status).toBe(200);
      const refused = await overview(`from=${today}&to=${today}`, service);
      expect(refused.status).toBe(403);
      expect((await t.request().get(`/api/admin/kpi`).set(service.auth)).status).toBe(403);
      expect((await t.request().get(`/api/admin/analytics/settings`).set(service.auth)).status).toBe(403);
    });

    it('refuses bad ranges with their codes', async () => {
      const codeOf = async (query: string) => {
        const res = await overview(query, analyst);
        expect(res.status).toBe(400);
        return (res.body as { error: { code: string } }).error.code;
      };
      expect(await codeOf(`from=${today}&to=${shift(today, -1)}`)).toBe('REPORT_RANGE_INVERTED');
      expect(await codeOf(`from=${shift(today, -731)}&to=${today}`)).toBe('REPORT_RANGE_TOO_LONG');
      expect(await codeOf(`from=${shift(today, -400)}&to=${shift(today, -300)}`)).toBe('REPORT_RANGE_BEYOND_RETENTION');
      expect(await codeOf(`from=${today}&to=${shift(today, 1)}`)).toBe('REPORT_RANGE_IN_FUTURE');
      expect(await codeOf(`from=2026-02-30&to=${today}`)).toBe('VALIDATION_FAILED');
      expect(await codeOf(`from=${today}`)).toBe('VALIDATION_FAILED');
      // 399 days back is still within the default 400-day retention; 731 days is the longest range.
      expect((await overview(`from=${shift(today, -399)}&to=${today}`, analyst)).status).toBe(200);
    });

    it('sets KPI targets (owner, operator; audited), refuses the analyst and a bad month, and reports progress', async () => {
      const month = today.slice(0, 7);
      const operator = await createStaff(t, 'operator');
      const put = (staff: TestStaff, body: object, m = month) => t.request().put(`/api/admin/kpi/targets/${m}`).set(staff.auth).send(body);
      expect((await put(analyst, { targets: { gmvFen: 100 } })).status).toBe(403);
      const bad = await put(owner, { targets: { gmvFen: 100 } }, '2026-13');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('KPI_MONTH_INVALID');
      expect((await t.request().get('/api/admin/kpi?month=2026-1').set(analyst.auth)).body.error.code).toBe('KPI_MONTH_INVALID');
      expect((await put(owner, { targets: { gmvFen: 1.5 } })).status).toBe(400);
      const set = await put(operator, { targets: { gmvFen: 10_000_000, newMembers: 50, repurchaseRate: 0.2345, activeMembers: 1 } });
      expect(set.status).toBe(200);
      const [stored] = await queryRows<{ target: string }>(
        t.deps.db,
        sql`select target::text as target from kpi_targets where month = ${`${month}-01`}::date and metric = 'repurchaseRate'`,
      );
      expect(stored?.target).toBe('2345');
      const report = set.body as KpiReport;
      const gmv = report.metrics.find((m) => m.metric === 'gmvFen')!;
      const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
      const elapsed = Number(today.slice(8, 10));
      expect(report).toMatchObject({ month, daysInMonth: days, daysElapsed: elapsed });
      expect(gmv.target).toBe(10_000_000);
      expect(gmv.progress).toBe(round4(gmv.actual / 10_000_000));
      expect(gmv.timeElapsed).toBe(round4(elapsed / days));
      expect(gmv.neededPerDay).toBe(Math.ceil((10_000_000 - gmv.actual) / (days - elapsed + 1)));
      expect(gmv.pace).toBe(gmv.progress! < gmv.timeElapsed - 0.05 ? 'behind' : gmv.progress! > gmv.timeElapsed + 0.05 ? 'ahead' : 'on_track');
      const active = report.metrics.find((m) => m.metric === 'activeMembers')!;
      expect(active).toMatchObject({ target: 1, neededPerDay: null });
      expect(report.metrics.find((m) => m.metric === 'repurchaseRate')?.target).toBe(0.2345);
      // null removes a target; the audit row names the month and both sides.
      const cleared = await put(owner, { targets: { activeMembers: null } });
      expect(cleared.body.metrics.find((m: { metric: string }) => m.metric === 'activeMembers')).toMatchObject({ target: null, progress: null, pace: null });
      const audit = await queryRows<{ action: string; target_id: string; before: Record<string, number>; after: Record<string, number> }>(
        t.deps.db,
        sql`select action, target_id, before, after from audit_log where action = 'kpi.targets_set' order by id`,
      );
      expect(audit.map((row) => row.target_id)).toEqual([month, month]);
      expect(audit[1]?.before.activeMembers).toBe(1);
      expect(audit[1]?.after.activeMembers).toBeUndefined();
    });

    it('reads settings (analyst) and changes them (owner only, audited); the robot is not configured in tests', async () => {
      const operator = await createStaff(t, 'operator');
      const read = await t.request().get('/api/admin/analytics/settings').set(analyst.auth);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ eventRetentionDays: 400, dailyReportEnabled: true, dailyReportHour: 8, robotConfigured: false });
      expect((await t.request().put('/api/admin/analytics/settings').set(operator.auth).send({ dailyReportHour: 9 })).status).toBe(403);
      expect((await t.request().put('/api/admin/analytics/settings').set(owner.auth).send({ eventRetentionDays: 10 })).status).toBe(400);
      const changed = await t.request().put('/api/admin/analytics/settings').set(owner.auth).send({ dailyReportHour: 9, eventRetentionDays: 500 });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ eventRetentionDays: 500, dailyReportEnabled: true, dailyReportHour: 9, robotConfigured: false });
      const [audit] = await queryRows<{ before: { dailyReportHour: number }; after: { dailyReportHour: number } }>(
        t.deps.db,
        sql`select before, after from audit_log where action = 'analytics.settings_update'`,
      );
      expect([audit?.before.dailyReportHour, audit?.after.dailyReportHour]).toEqual([8, 9]);
      await t.request().put('/api/admin/analytics/settings').set(owner.auth).send({ dailyReportHour: 8, eventRetentionDays: 400 }).expect(200);
    });
  });
});
