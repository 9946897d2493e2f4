import { sql } from 'drizzle-orm';
import { beijingDay, channelReportSchema, UTF8_BOM, type AttributionModel, type ChannelReport } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { appendEvent, drainAllConsumers } from '../events';
import { drainConsumer } from '../events/consumers';
import { createPaidOrder, refundThrough } from '../refunds/test-factories';
import { channelStatsConsumer, ensureChannelStatsBuilt, rebuildChannelStats } from './consumer';
import { addDays, at, insertChannel, insertMember, insertOrder, insertRefund, insertReach, insertTouches } from './test-factories';

/** The figures the report sums, per channel (0: none), recomputed here from the raw rows in plain code. */
interface Expected {
  reach: number;
  touches: number;
  newMembers: number;
  firstOrderMembers: number;
  orders: number;
  paidFen: number;
  refundedFen: number;
  repurchaseMembers: number;
}

const shanghaiDay = (instant: string | Date) => new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

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

type Row = Record<string, string | number | Date | null>;

/** Every figure of every channel, from orders, refunds, members, member_attribution, touches and channel_reach. */
async function expectedFromRawRows(t: TestApp, from: string, to: string, model: AttributionModel): Promise<Map<number, Expected>> {
  const db = t.deps.db;
  const inRange = (instant: string | Date | null) => instant !== null && shanghaiDay(instant) >= from && shanghaiDay(instant) <= to;
  const result = new Map<number, Expected>();
  const of = (channelId: unknown) => {
    const key = channelId === null ? 0 : Number(channelId);
    if (!result.has(key))
      result.set(key, { reach: 0, touches: 0, newMembers: 0, firstOrderMembers: 0, orders: 0, paidFen: 0, refundedFen: 0, repurchaseMembers: 0 });
    return result.get(key)!;
  };
  const orders = await queryRows<Row>(
    db,
    sql`select id, member_id, paid_at, payable_fen::text as payable_fen, first_channel_id, last_channel_id from orders where paid_at is not null`,
  );
  const channelOf = (order: Row) => (model === 'first' ? order.first_channel_id : order.last_channel_id);
  const byMember = new Map<number, Row[]>();
  for (const order of orders) {
    byMember.set(Number(order.member_id), [...(byMember.get(Number(order.member_id)) ?? []), order]);
    if (!inRange(order.paid_at as Date)) continue;
    of(channelOf(order)).orders += 1;
    of(channelOf(order)).paidFen += Number(order.payable_fen);
  }
  for (const list of byMember.values()) {
    list.sort((a, b) => new Date(a.paid_at as Date).getTime() - new Date(b.paid_at as Date).getTime() || Number(a.id) - Number(b.id));
    if (list[0] && inRange(list[0].paid_at as Date)) of(channelOf(list[0])).firstOrderMembers += 1;
    if (list[1] && inRange(list[1].paid_at as Date)) of(channelOf(list[1])).repurchaseMembers += 1;
  }
  const ordersById = new Map(orders.map((order) => [Number(order.id), order]));
  const refunds = await queryRows<Row>(db, sql`select order_id, amount_fen::text as amount_fen, completed_at from refunds where status = 'succeeded'`);
  for (const refund of refunds) {
    const order = ordersById.get(Number(refund.order_id));
    if (order && inRange(refund.completed_at as Date)) of(channelOf(order)).refundedFen += Number(refund.amount_fen);
  }
  const members = await queryRows<Row>(
    db,
    sql`select m.created_at, ma.registered_at, ma.channel_id from members m left join member_attribution ma on ma.member_id = m.id`,
  );
  for (const member of members) if (inRange((member.registered_at ?? member.created_at) as Date)) of(member.channel_id).newMembers += 1;
  // Scans/opens: people per channel and day (the device, else member, phone, unionid, WeCom id, else the touch).
  const scanned = new Set<string>();
  for (const touch of await queryRows<Row>(
    db,
    sql`select id, occurred_at, channel_id, device_id, member_id, phone_hash, unionid, external_user_id from touches where status = 'matched'`,
  )) {
    if (!inRange(touch.occurred_at as Date)) continue;
    const person =
      touch.device_id !== null
        ? `d:${String(touch.device_id)}`
        : touch.member_id !== null
          ? `m:${String(touch.member_id)}`
          : touch.phone_hash !== null
            ? `p:${String(touch.phone_hash)}`
            : touch.unionid !== null
              ? `u:${String(touch.unionid)}`
              : touch.external_user_id !== null
                ? `x:${String(touch.external_user_id)}`
                : `t:${String(touch.id)}`;
    const key = `${String(touch.channel_id)}|${shanghaiDay(touch.occurred_at as Date)}|${person}`;
    if (scanned.has(key)) continue;
    scanned.add(key);
    of(touch.channel_id).touches += 1;
  }
  for (const reach of await queryRows<Row>(db, sql`select channel_id, quantity, occurred_at from channel_reach`)) {
    if (inRange(reach.occurred_at as Date)) of(reach.channel_id).reach += Number(reach.quantity);
  }
  return result;
}

/**
 * Drains the consumers until the channel-stats cursor has passed every event. On a shared PostgreSQL server
 * another database's open transaction holds back the snapshot's xmin (transaction ids are cluster-wide), so
 * one drain may stop short of events that are already committed; they become readable once it ends.
 */
async function drain(t: TestApp): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    await drainAllConsumers(t.deps.db);
    const [row] = await queryRows<{ behind: boolean }>(
      t.deps.db,
      sql`select exists (select 1 from domain_events e, event_cursors c where c.consumer = ${channelStatsConsumer.name}
        and (e.tx_id, e.id) > (c.tx_id, c.event_id)) as behind`,
    );
    if (!row?.behind) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('channel-stats did not catch up with the outbox');
}

async function dailySnapshot(t: TestApp): Promise<Row[]> {
  return queryRows<Row>(
    t.deps.db,
    sql`select model, day::text as day, channel_id, touches, new_members, first_order_members, orders, paid_fen::text as paid_fen,
      refunded_fen::text as refunded_fen, repurchase_members from channel_daily order by model, day, channel_id`,
  );
}

describe.each(testDrivers())('GET /api/admin/channels/report on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  const today = beijingDay(new Date()).date;
  const from = addDays(today, -30);
  const channelIds: number[] = [];

  async function report(query: Record<string, string>, staff: TestStaff = owner): Promise<ChannelReport> {
    const res = await t.request().get('/api/admin/channels/report').query(query).set(staff.auth);
    expect(res.status).toBe(200);
    return channelReportSchema.parse(res.body);
  }

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    const db = t.deps.db;
    channelIds.push(await insertChannel(db, { kind: 'package_card', fixedCostFen: 50_000, unitCostMilliFen: 350_000 }));
    channelIds.push(await insertChannel(db, { kind: 'sms', unitCostMilliFen: 45_000 }));
    channelIds.push(await insertChannel(db, { kind: 'wecom' }));
    // 60 members over the 40 days before today, a third without a channel; up to 3 orders each, first and
    // last channels drawn apart, some refunded on a later day (some after the range), touches and reach.
    const next = random(13);
    const pick = () => (next() < 0.3 ? null : (channelIds[Math.floor(next() * channelIds.length)] ?? null));
    const dayIn = (lo: number, hi: number) => addDays(today, lo + Math.floor(next() * (hi - lo + 1)));
    for (let i = 0; i < 60; i += 1) {
      const registered = dayIn(-40, 0);
      const memberId = await insertMember(db, at(registered, '09:00:00.000'), pick());
      const orderCount = Math.floor(next() * 4);
      for (let n = 0; n < orderCount; n += 1) {
        const paidDay = addDays(registered, Math.floor(next() * 5));
        const orderId = await insertOrder(db, {
          memberId,
          paidAt: paidDay > today ? null : at(paidDay, `1${n}:00:00.000`),
          payableFen: 1_000 + Math.floor(next() * 50_000),
          firstChannelId: pick(),
          lastChannelId: pick(),
        });
        if (paidDay <= today && next() < 0.3) await insertRefund(db, orderId, 500, at(addDays(paidDay, Math.floor(next() * 3)), '20:00:00.000'));
      }
    }
    for (const channelId of channelIds) {
      await insertTouches(db, channelId, [at(dayIn(-35, 0)), at(dayIn(-35, 0), '23:59:59.999'), at(dayIn(-35, 0), '00:00:00.000')]);
      await insertReach(db, channelId, 100 + Math.floor(next() * 1000), at(dayIn(-35, 0)));
    }
    await insertTouches(db, null, [at(today)], 'unknown_code');
    // And through the real flows: a checkout paid in the pay simulator, partly refunded through WeChat Pay.
    const paid = await createPaidOrder(t, owner.auth, [
      { priceFen: 2_990, quantity: 1 },
      { priceFen: 1_990, quantity: 1 },
    ]);
    await db.execute(sql`update orders set first_channel_id = ${channelIds[0]}, last_channel_id = ${channelIds[1]} where id = ${paid.order.id}`);
    await insertOrderPaidEvent(t, paid.order.id);
    await refundThrough(t, owner.auth, paid, [{ lineNo: 2, quantity: 1 }]);
    await insertRefundEvents(t, paid.order.id);
    await drain(t);
  }, 120_000);
  afterAll(() => t.close());

  it.each(['first', 'last'] as const)('reconciles every figure with the raw rows to the fen (%s touch)', async (model) => {
    const body = await report({ from, to: today, model });
    const expected = await expectedFromRawRows(t, from, today, model);
    expect(body.rows.map((row) => row.channelId)).toEqual([...channelIds, null]);
    for (const row of body.rows) {
      const want = expected.get(row.channelId ?? 0) ?? {
        reach: 0,
        touches: 0,
        newMembers: 0,
        firstOrderMembers: 0,
        orders: 0,
        paidFen: 0,
        refundedFen: 0,
        repurchaseMembers: 0,
      };
      expect({ channelId: row.channelId, ...pickFigures(row) }).toEqual({ channelId: row.channelId, ...want });
      expect(row.gmvFen).toBe(want.paidFen - want.refundedFen);
    }
    // Σ rows = every paid order of the range, less every refund of the range, whatever the model.
    const all = [...expected.values()];
    const sum = (key: keyof Expected) => all.reduce((total, figures) => total + figures[key], 0);
    expect(body.totals.orders).toBe(sum('orders'));
    expect(body.totals.gmvFen).toBe(sum('paidFen') - sum('refundedFen'));
    expect(body.totals.newMembers).toBe(sum('newMembers'));
    const [raw] = await queryRows<{ orders: number; paid: string; refunded: string }>(
      t.deps.db,
      sql`select (select count(*)::int from orders where paid_at >= ${at(from, '00:00:00.000').toISOString()}::timestamptz) as orders,
        (select coalesce(sum(payable_fen), 0)::text from orders where paid_at >= ${at(from, '00:00:00.000').toISOString()}::timestamptz) as paid,
        (select coalesce(sum(r.amount_fen), 0)::text from refunds r join orders o on o.id = r.order_id
          where r.status = 'succeeded' and o.paid_at is not null and r.completed_at >= ${at(from, '00:00:00.000').toISOString()}::timestamptz) as refunded`,
    );
    expect(body.totals.orders).toBe(raw?.orders);
    expect(body.totals.gmvFen).toBe(Number(raw?.paid) - Number(raw?.refunded));
    expect(body.totals.orders).toBeGreaterThan(20);
    expect(body.totals.refundedFen).toBeGreaterThan(0);
    // The daily series adds up to the rows.
    for (const row of body.rows) {
      const days = body.daily.filter((day) => day.channelId === row.channelId);
      expect(days.reduce((total, day) => total + day.gmvFen, 0)).toBe(row.gmvFen);
      expect(days.reduce((total, day) => total + day.orders, 0)).toBe(row.orders);
    }
  });

  it('gives the same roll-up from events as from a rebuild, and a replay of every event changes nothing', async () => {
    const incremental = await dailySnapshot(t);
    expect(incremental.length).toBeGreaterThan(20);
    await rebuildChannelStats(t.deps.db);
    expect(await dailySnapshot(t)).toEqual(incremental);
    await t.deps.db.execute(sql`update event_cursors set tx_id = 0, event_id = 0 where consumer = ${channelStatsConsumer.name}`);
    expect(await drainConsumer(t.deps.db, channelStatsConsumer)).toBeGreaterThan(100);
    expect(await dailySnapshot(t)).toEqual(incremental);
  });

  it('keeps up with a new order and a refund on a later day, and an earlier-paid order that surfaces late', async () => {
    const db = t.deps.db;
    const channel = await insertChannel(db, { kind: 'store' });
    const member = await insertMember(db, at(addDays(today, -3)), channel);
    const second = await insertOrder(db, { memberId: member, paidAt: at(addDays(today, -1)), payableFen: 7_000, firstChannelId: channel, lastChannelId: null });
    await drain(t);
    let row = (await report({ from, to: today, model: 'first' })).rows.find((r) => r.channelId === channel);
    expect(row).toMatchObject({ newMembers: 1, firstOrderMembers: 1, repurchaseMembers: 0, orders: 1, gmvFen: 7_000 });
    // An order paid earlier than the one counted first arrives later: it becomes the first, the other the repurchase.
    await insertOrder(db, { memberId: member, paidAt: at(addDays(today, -2)), payableFen: 3_000, firstChannelId: channel, lastChannelId: channel });
    await insertRefund(db, second, 2_000, at(today));
    await drain(t);
    row = (await report({ from, to: today, model: 'first' })).rows.find((r) => r.channelId === channel);
    expect(row).toMatchObject({ newMembers: 1, firstOrderMembers: 1, repurchaseMembers: 1, orders: 2, paidFen: 10_000, refundedFen: 2_000, gmvFen: 8_000 });
    const last = (await report({ from, to: today, model: 'last' })).rows.find((r) => r.channelId === channel);
    expect(last).toMatchObject({ newMembers: 1, firstOrderMembers: 1, repurchaseMembers: 0, orders: 1, gmvFen: 3_000 });
    const yesterday = (await report({ from: addDays(today, -1), to: addDays(today, -1), model: 'first' })).rows.find((r) => r.channelId === channel);
    expect(yesterday).toMatchObject({ orders: 1, paidFen: 7_000, refundedFen: 0, repurchaseMembers: 1, newMembers: 0 });
  });

  it('computes cost, CAC, ROI and plan progress; counts the fixed cost only when the range overlaps the period; cuts days at Beijing midnight', async () => {
    const db = t.deps.db;
    const plan = { plannedReach: 1_000, plannedConversionBp: 1_100, plannedOrdersPerMemberX100: 120, plannedAovFen: 4_000 };
    const card = await insertChannel(db, {
      kind: 'package_card',
      startsOn: '2025-06-01',
      endsOn: '2025-06-30',
      fixedCostFen: 10_000,
      unitCostMilliFen: 35_000,
      ...plan,
    });
    await insertReach(db, card, 1_000, at('2025-06-10'));
    const m1 = await insertMember(db, at('2025-06-05'), card);
    const m2 = await insertMember(db, at('2025-06-06'), card);
    const m3 = await insertMember(db, at('2025-05-30'), card);
    const o1 = await insertOrder(db, { memberId: m1, paidAt: at('2025-06-11'), payableFen: 20_000, firstChannelId: card, lastChannelId: card });
    await insertOrder(db, { memberId: m2, paidAt: at('2025-06-12'), payableFen: 9_999, firstChannelId: card, lastChannelId: null });
    await insertOrder(db, { memberId: m3, paidAt: at('2025-05-31', '23:59:59.999'), payableFen: 777, firstChannelId: card, lastChannelId: card });
    await insertOrder(db, { memberId: m3, paidAt: at('2025-06-01', '00:00:00.000'), payableFen: 1_000, firstChannelId: card, lastChannelId: card });
    await insertOrder(db, { memberId: m2, paidAt: null, payableFen: 50_000, firstChannelId: card, lastChannelId: card });
    await insertRefund(db, o1, 5_000, at('2025-06-20'));
    await insertRefund(db, o1, 3_000, at('2025-06-21'), 'processing');
    await drain(t);

    const june = await report({ from: '2025-06-01', to: '2025-06-30', model: 'first' });
    expect(june.rows.find((row) => row.channelId === card)).toEqual({
      channelId: card,
      channelName: expect.any(String),
      kind: 'package_card',
      reach: 1_000,
      touches: 0,
      newMembers: 2,
      firstOrderMembers: 2,
      orders: 3,
      paidFen: 30_999,
      refundedFen: 5_000,
      gmvFen: 25_999,
      repurchaseMembers: 1,
      costFen: 45_000,
      cacFen: 22_500,
      roi: 0.58,
      plannedMembers: 110,
      plannedGmvFen: 528_000,
      memberProgress: 1.8,
      gmvProgress: 4.9,
      funnel: { reach: 1_000, touches: 0, newMembers: 2, firstOrderMembers: 2, repurchaseMembers: 1 },
    });
    const none = june.rows.find((row) => row.channelId === null);
    expect(none).toMatchObject({ orders: 0, gmvFen: 0, costFen: 0, cacFen: null, roi: null, memberProgress: null });
    const juneLast = await report({ from: '2025-06-01', to: '2025-06-30', model: 'last' });
    expect(juneLast.rows.find((row) => row.channelId === card)).toMatchObject({
      orders: 2,
      paidFen: 21_000,
      gmvFen: 16_000,
      firstOrderMembers: 1,
      repurchaseMembers: 1,
      newMembers: 2,
    });
    expect(juneLast.rows.find((row) => row.channelId === null)).toMatchObject({ orders: 1, paidFen: 9_999, firstOrderMembers: 1 });
    expect(juneLast.totals).toMatchObject({ orders: 3, gmvFen: 25_999 });
    expect(june.daily.filter((day) => day.channelId === card).map((day) => [day.date, day.gmvFen])).toEqual([
      ['2025-06-01', 1_000],
      ['2025-06-05', 0],
      ['2025-06-06', 0],
      ['2025-06-11', 20_000],
      ['2025-06-12', 9_999],
      ['2025-06-20', -5_000],
    ]);
    const may31 = await report({ from: '2025-05-31', to: '2025-05-31', model: 'first' });
    expect(may31.rows.find((row) => row.channelId === card)).toMatchObject({ orders: 1, paidFen: 777, firstOrderMembers: 1, costFen: 0, roi: null });
    const july = await report({ from: '2025-07-01', to: '2025-07-31', model: 'first' });
    expect(july.rows.find((row) => row.channelId === card)).toMatchObject({ costFen: 0, cacFen: null, roi: null, gmvProgress: 0 });
  });

  it('answers 400 REPORT_RANGE_INVALID for from after to and for more than 366 days, VALIDATION_FAILED for bad input', async () => {
    const get = (query: Record<string, string>) => t.request().get('/api/admin/channels/report').query(query).set(owner.auth);
    expect((await get({ from: '2026-03-02', to: '2026-03-01', model: 'first' })).body.error.code).toBe('REPORT_RANGE_INVALID');
    expect((await get({ from: '2025-01-01', to: '2026-01-02', model: 'first' })).body.error.code).toBe('REPORT_RANGE_INVALID');
    expect((await get({ from: '2025-01-01', to: '2026-01-01', model: 'first' })).status).toBe(200);
    for (const bad of [
      { from: '2026-02-30', to: '2026-03-01', model: 'first' },
      { from: '2026-3-1', to: '2026-03-01', model: 'first' },
      { from: '2026-03-01', to: '2026-03-01', model: 'middle' },
      { from: '2026-03-01', to: '2026-03-01', model: 'first', extra: '1' },
      { to: '2026-03-01' },
    ]) {
      const res = await get(bad as Record<string, string>);
      expect({ bad, status: res.status, code: res.body.error?.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('needs channels:read: the analyst reads it, customer service is refused, a stranger gets 401', async () => {
    const analyst = await createStaff(t, 'analyst');
    expect((await report({ from: today, to: today }, analyst)).model).toBe('first');
    const service = await createStaff(t, 'service');
    const res = await t.request().get('/api/admin/channels/report').query({ from: today, to: today }).set(service.auth);
    expect(res.status).toBe(403);
    expect((await t.request().get('/api/admin/channels/report.csv').query({ from: today, to: today })).status).toBe(401);
  });

  it('exports the same figures as CSV with a BOM and Chinese headers (report.csv and format=csv)', async () => {
    const query = { from, to: today, model: 'last' };
    const body = await report(query);
    for (const path of ['/api/admin/channels/report.csv', '/api/admin/channels/report?format=csv']) {
      const res = await t.request().get(path).query(query).set(owner.auth).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      const text = res.text;
      expect(text.startsWith(UTF8_BOM)).toBe(true);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]?.split(',').slice(0, 3)).toEqual(['渠道', '类型', '触达']);
      expect(lines).toHaveLength(body.rows.length + 2);
      const totals = lines[lines.length - 1]?.split(',') ?? [];
      expect(totals[0]).toBe('合计');
      expect(totals[9]).toBe((body.totals.gmvFen / 100).toFixed(2));
    }
  });

  async function insertOrderPaidEvent(app: TestApp, orderId: number): Promise<void> {
    const [order] = await queryRows<{ member_id: number; paid_at: Date; payable_fen: string }>(
      app.deps.db,
      sql`select member_id, paid_at, payable_fen::text as payable_fen from orders where id = ${orderId}`,
    );
    if (!order) throw new Error('no order');
    const paidAt = new Date(order.paid_at);
    await appendEvent(app.deps.db, {
      type: 'order.paid',
      occurredAt: paidAt,
      memberId: Number(order.member_id),
      orderId,
      payload: { paidFen: Number(order.payable_fen), paidAt: paidAt.toISOString() },
    });
  }

  async function insertRefundEvents(app: TestApp, orderId: number): Promise<void> {
    const refunds = await queryRows<{ id: number; amount_fen: string; completed_at: Date }>(
      app.deps.db,
      sql`select id, amount_fen::text as amount_fen, completed_at from refunds where order_id = ${orderId} and status = 'succeeded'`,
    );
    expect(refunds).toHaveLength(1);
    for (const refund of refunds) {
      const succeededAt = new Date(refund.completed_at);
      await appendEvent(app.deps.db, {
        type: 'refund.succeeded',
        occurredAt: succeededAt,
        orderId,
        payload: { refundId: Number(refund.id), amountFen: Number(refund.amount_fen), succeededAt: succeededAt.toISOString() },
      });
    }
  }
});

function pickFigures(row: Expected): Expected {
  return {
    reach: row.reach,
    touches: row.touches,
    newMembers: row.newMembers,
    firstOrderMembers: row.firstOrderMembers,
    orders: row.orders,
    paidFen: row.paidFen,
    refundedFen: row.refundedFen,
    repurchaseMembers: row.repurchaseMembers,
  };
}

describe.each(testDrivers())('the roll-up at start (ensureChannelStatsBuilt) on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const ordersInRollUp = async () => {
    const [row] = await queryRows<{ n: string | null }>(t.deps.db, sql`select sum(orders)::text as n from channel_daily where model = 'first'`);
    return Number(row?.n ?? 0);
  };

  it('counts orders from before the outbox (no events) once, then leaves the roll-up to the consumer', async () => {
    const channelId = await insertChannel(t.deps.db);
    const memberId = await insertMember(t.deps.db, at('2026-11-01'), channelId);
    await insertOrder(t.deps.db, { memberId, paidAt: at('2026-11-02'), payableFen: 5000, firstChannelId: channelId, lastChannelId: channelId });
    // As on an install from before issue 13: the rows exist, their events never did.
    await t.deps.db.execute(sql`delete from domain_events`);
    expect(await ordersInRollUp()).toBe(0);
    expect(await ensureChannelStatsBuilt(t.deps.db)).toBe(true);
    expect(await ordersInRollUp()).toBe(1);
    // Once per database: a later start does not rebuild (the consumer keeps the roll-up from then on).
    await insertOrder(t.deps.db, { memberId, paidAt: at('2026-11-03'), payableFen: 3000, firstChannelId: channelId, lastChannelId: channelId });
    await t.deps.db.execute(sql`delete from domain_events`);
    expect(await ensureChannelStatsBuilt(t.deps.db)).toBe(false);
    expect(await ordersInRollUp()).toBe(1);
  });
});
