import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { addDays, at, insertChannel, insertMember, insertOrder, insertRefund } from '../channel-report/test-factories';
import { appendEvent } from '../events';
import { analyticsNightlyDay, runAnalyticsNightly } from '../../jobs/analytics-nightly';
import {
  analyticsAsOf,
  ANALYTICS_CORE_CONSUMER,
  compareAnalyticsRebuild,
  CORE_TABLES,
  drainAnalytics,
  ensureAnalyticsBuilt,
  rebuildAnalyticsCore,
} from './index';

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

const shanghaiDay = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Every row of every core table, in a stable order, as text (row-for-row comparison). */
async function snapshot(db: Executor): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of CORE_TABLES) {
    const rows = await queryRows<{ r: string }>(db, sql`select t::text as r from ${sql.identifier(table)} t order by 1`);
    result[table] = rows.map((row) => row.r);
  }
  return result;
}

async function insertDevice(db: Executor, channelId: number | null, firstSeen: Date): Promise<string> {
  const deviceId = `dev${crypto.randomBytes(8).toString('hex')}`;
  await db.execute(sql`insert into devices (device_id, first_seen_at) values (${deviceId}, ${firstSeen.toISOString()}::timestamptz)`);
  if (channelId !== null) {
    await db.execute(
      sql`insert into touches (occurred_at, source, status, channel_id, device_id, scene) values (${firstSeen.toISOString()}::timestamptz, 'app_launch', 'matched', ${channelId}, ${deviceId}, 'c=test01')`,
    );
  }
  return deviceId;
}

const BEHAVIOUR_TYPES = ['page_view', 'product_view', 'add_to_cart', 'checkout_start', 'share'];

/** Behaviour events as POST /api/events writes them, with their behaviour.recorded event naming the visitor-days. */
async function insertBehaviour(db: Executor, who: { memberId: number | null; deviceId: string | null }, instants: Date[], types: string[]): Promise<void> {
  for (const [i, instant] of instants.entries()) {
    await db.execute(
      sql`insert into behaviour_events (type, occurred_at, device_id, member_id, product_id, created_at)
        values (${types[i]}, ${instant.toISOString()}::timestamptz, ${who.deviceId}, ${who.memberId}, 1, ${instant.toISOString()}::timestamptz)`,
    );
  }
  const days = [...new Set(instants.map(shanghaiDay))];
  await appendEvent(db, {
    type: 'behaviour.recorded',
    occurredAt: instants[0]!,
    memberId: who.memberId,
    payload: { count: instants.length, visits: days.map((day) => ({ day, memberId: who.memberId, deviceId: who.deviceId })) },
  });
}

/** A login on a device: its anonymous events become the member's (as the merge at login does), with behaviour.merged. */
async function mergeDevice(db: Executor, deviceId: string, memberId: number, now: Date): Promise<void> {
  const rows = await queryRows<{ day: string }>(
    db,
    sql`update behaviour_events set member_id = ${memberId} where device_id = ${deviceId} and member_id is null
      returning (((occurred_at at time zone 'UTC') + interval '8 hours')::date)::text as day`,
  );
  await db.execute(sql`update devices set member_id = ${memberId}, linked_at = ${now.toISOString()}::timestamptz where device_id = ${deviceId}`);
  await appendEvent(db, {
    type: 'behaviour.merged',
    occurredAt: now,
    memberId,
    payload: { deviceId, memberId, days: [...new Set(rows.map((row) => row.day))] },
  });
}

interface Scenario {
  paidGmvFen: number;
  refundFen: number;
  visitorDays: number;
}

/**
 * A seeded random shop over 14 days: members (some acquired by a channel), devices (some with a first touch),
 * payments, partial and full refunds, cancels, late payments after close (refunded, never paid), visits,
 * merges at login and attribution changes — the consumer drains now and then in between.
 */
async function randomShop(t: TestApp, seed: number): Promise<Scenario> {
  const db = t.deps.db;
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const start = '2026-11-01';
  const instant = () =>
    at(addDays(start, Math.floor(rnd() * 14)), `${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00.000`);
  const channels = [await insertChannel(db), await insertChannel(db)];
  const members: number[] = [];
  for (let i = 0; i < 10; i += 1) members.push(await insertMember(db, instant(), rnd() < 0.6 ? pick(channels) : null));
  const devices: string[] = [];
  for (let i = 0; i < 8; i += 1) devices.push(await insertDevice(db, rnd() < 0.5 ? pick(channels) : null, at(start, '00:30:00.000')));
  const paid: { id: number; fen: number; refunded: number }[] = [];
  let paidOrders = 0;
  for (let step = 0; step < 150 || paidOrders < 60; step += 1) {
    const roll = rnd();
    if (roll < 0.45) {
      const fen = 100 + Math.floor(rnd() * 50_000);
      const memberId = pick(members);
      const id = await insertOrder(db, {
        memberId,
        paidAt: instant(),
        payableFen: fen,
        firstChannelId: rnd() < 0.5 ? pick(channels) : null,
        lastChannelId: null,
      });
      paid.push({ id, fen, refunded: 0 });
      paidOrders += 1;
    } else if (roll < 0.55 && paid.length > 0) {
      const order = pick(paid);
      const left = order.fen - order.refunded;
      if (left > 0) {
        const amount = rnd() < 0.5 ? left : 1 + Math.floor(rnd() * left);
        await insertRefund(db, order.id, amount, instant());
        order.refunded += amount;
      }
    } else if (roll < 0.6) {
      // Cancelled before payment.
      const memberId = pick(members);
      const id = await insertOrder(db, { memberId, paidAt: null, payableFen: 999, firstChannelId: null, lastChannelId: null });
      await db.execute(sql`update orders set status = 'cancelled', cancelled_at = now() where id = ${id}`);
      await appendEvent(db, { type: 'order.cancelled', occurredAt: instant(), memberId, orderId: id, payload: { reason: 'timeout' } });
    } else if (roll < 0.65) {
      // A late payment: the order had closed; the money goes back in full and paid_at is never set.
      const memberId = pick(members);
      const id = await insertOrder(db, { memberId, paidAt: null, payableFen: 4321, firstChannelId: null, lastChannelId: null });
      await db.execute(sql`update orders set status = 'cancelled', cancelled_at = now() where id = ${id}`);
      await appendEvent(db, { type: 'order.cancelled', occurredAt: instant(), memberId, orderId: id, payload: { reason: 'timeout' } });
      await insertRefund(db, id, 4321, instant());
    } else if (roll < 0.85) {
      const n = 1 + Math.floor(rnd() * 4);
      const first = instant();
      const instants = Array.from({ length: n }, (_, i) => new Date(first.getTime() + i * 60_000));
      const types = instants.map(() => pick(BEHAVIOUR_TYPES));
      const who = rnd() < 0.5 ? { memberId: pick(members), deviceId: pick(devices) } : { memberId: null, deviceId: pick(devices) };
      await insertBehaviour(db, who, instants, types);
    } else if (roll < 0.9) {
      await mergeDevice(db, pick(devices), pick(members), instant());
    } else if (roll < 0.93) {
      const memberId = pick(members);
      const channelId = rnd() < 0.5 ? pick(channels) : null;
      await db.execute(sql`update member_attribution set channel_id = ${channelId} where member_id = ${memberId}`);
      await appendEvent(db, { type: 'member.attributed', occurredAt: instant(), memberId, payload: { channelId, codeId: null, firstTouchId: null } });
    } else if (roll < 0.96) {
      await drainAnalytics(db);
    }
  }
  const [totals] = await queryRows<{ gmv: string; refunds: string; visitor_days: string }>(
    db,
    sql`select (select coalesce(sum(payable_fen), 0) from orders where paid_at is not null)::text as gmv,
      (select coalesce(sum(r.amount_fen), 0) from refunds r join orders o on o.id = r.order_id where r.status = 'succeeded' and o.paid_at is not null)::text as refunds,
      (select count(distinct (((occurred_at at time zone 'UTC') + interval '8 hours')::date, coalesce('m:' || member_id::text, 'd:' || device_id)))
        from behaviour_events)::text as visitor_days`,
  );
  return { paidGmvFen: Number(totals!.gmv), refundFen: Number(totals!.refunds), visitorDays: Number(totals!.visitor_days) };
}

describe.each(testDrivers())('the core roll-up (analytics-core) on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('a random shop: the consumer’s tables equal a full rebuild row for row, and a replay changes nothing', async () => {
    const db = t.deps.db;
    const expected = await randomShop(t, 16);
    await drainAnalytics(db);
    const incremental = await snapshot(db);
    expect(incremental.stats_orders!.length).toBeGreaterThanOrEqual(60);
    expect(incremental.stats_refunds!.length).toBeGreaterThan(5);
    expect(incremental.stats_visits!.length).toBeGreaterThan(10);
    // Independent of the roll-up's SQL: GMV, refunds (late payments excluded) and visitor-days from the raw rows.
    const [daily] = await queryRows<{ gmv: string; refunds: string; visitors: string }>(
      db,
      sql`select sum(gmv_fen)::text as gmv, sum(refund_fen)::text as refunds, sum(visitors)::text as visitors from stats_daily`,
    );
    expect(Number(daily!.gmv)).toBe(expected.paidGmvFen);
    expect(Number(daily!.refunds)).toBe(expected.refundFen);
    expect(Number(daily!.visitors)).toBe(expected.visitorDays);

    await rebuildAnalyticsCore(db);
    expect(await snapshot(db)).toEqual(incremental);

    await db.execute(sql`update event_cursors set tx_id = 0, event_id = 0 where consumer = ${ANALYTICS_CORE_CONSUMER}`);
    await drainAnalytics(db);
    expect(await snapshot(db)).toEqual(incremental);
    expect(await analyticsAsOf(db)).toBeInstanceOf(Date);
  });

  it('the nightly comparison finds nothing when equal, counts a wrong row, and replaces it only when told', async () => {
    const db = t.deps.db;
    await drainAnalytics(db);
    const none = await compareAnalyticsRebuild(db);
    expect(Object.values(none.diff).every((n) => n === 0)).toBe(true);
    expect(none.replaced).toBe(false);
    const before = await snapshot(db);
    await db.execute(sql`update stats_daily set gmv_fen = gmv_fen + 1 where day = (select min(day) from stats_daily)`);
    await db.execute(sql`delete from stats_orders where order_id = (select max(order_id) from stats_orders)`);
    const found = await compareAnalyticsRebuild(db);
    expect(found.diff.stats_daily).toBe(2);
    expect(found.diff.stats_orders).toBe(1);
    expect(found.replaced).toBe(false);
    expect(await snapshot(db)).not.toEqual(before);
    const fixed = await compareAnalyticsRebuild(db, { replace: true });
    expect(fixed.replaced).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a late payment (after the order closed, refunded in full) is never GMV nor a refund', async () => {
    const db = t.deps.db;
    const memberId = await insertMember(db, at('2026-10-01'), null);
    const id = await insertOrder(db, { memberId, paidAt: null, payableFen: 7777, firstChannelId: null, lastChannelId: null });
    await db.execute(sql`update orders set status = 'cancelled', cancelled_at = now() where id = ${id}`);
    await insertRefund(db, id, 7777, at('2026-10-02'));
    await drainAnalytics(db);
    const rows = await queryRows<{ n: string }>(
      db,
      sql`select ((select count(*) from stats_orders where member_id = ${memberId}) + (select count(*) from stats_refunds where member_id = ${memberId}))::text as n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    const [member] = await queryRows<{ paid_orders: number; registered_day: string }>(
      db,
      sql`select paid_orders, registered_day::text from stats_members where member_id = ${memberId}`,
    );
    expect(member).toEqual({ paid_orders: 0, registered_day: '2026-10-01' });
  });
});

describe.each(testDrivers())('the core roll-up: history and the nightly job on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('a rebuild keeps the visits of days whose behaviour events are past retention, and recounts the rest', async () => {
    const db = t.deps.db;
    const memberId = await insertMember(db, at('2026-01-05'), null);
    await insertBehaviour(db, { memberId, deviceId: null }, [at('2026-11-20')], ['page_view']);
    await drainAnalytics(db);
    // A visit of a dropped month (no raw events left) and a stale row of a day that still has its events.
    await db.execute(
      sql`insert into stats_visits (day, visitor, member_id, channel_id, steps, page_views) values ('2026-02-01', ${`m:${memberId}`}, ${memberId}, 0, 1, 3)`,
    );
    await db.execute(sql`insert into stats_visits (day, visitor, channel_id, steps) values ('2026-11-21', 'd:gone', 0, 1)`);
    await rebuildAnalyticsCore(db);
    const rows = await queryRows<{ day: string; visitor: string }>(db, sql`select day::text, visitor from stats_visits order by day`);
    expect(rows).toEqual([
      { day: '2026-02-01', visitor: `m:${memberId}` },
      { day: '2026-11-20', visitor: `m:${memberId}` },
    ]);
    const [daily] = await queryRows<{ page_views: number }>(db, sql`select page_views from stats_daily where day = '2026-02-01'`);
    expect(daily?.page_views).toBe(3);
  });

  it('the nightly check runs from 03:30 China time, once per China day', async () => {
    expect(analyticsNightlyDay(new Date('2026-12-05T19:29:00Z'))).toBeNull();
    expect(analyticsNightlyDay(new Date('2026-12-05T19:30:00Z'))).toBe('2026-12-06');
    expect(await runAnalyticsNightly(t.deps, new Date('2026-12-05T19:29:00Z'))).toBe(false);
    expect(await runAnalyticsNightly(t.deps, new Date('2026-12-05T19:31:00Z'))).toBe(true);
    expect(await runAnalyticsNightly(t.deps, new Date('2026-12-06T10:00:00Z'))).toBe(false);
    expect(await runAnalyticsNightly(t.deps, new Date('2026-12-06T19:40:00Z'))).toBe(true);
  });
});

describe.each(testDrivers())('the core roll-up at start (ensureAnalyticsBuilt) on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('counts orders from before the outbox once, then leaves the roll-up to the consumer', async () => {
    const db = t.deps.db;
    const orders = async () => Number((await queryRows<{ n: string }>(db, sql`select coalesce(sum(paid_orders), 0)::text as n from stats_daily`))[0]!.n);
    const memberId = await insertMember(db, at('2026-11-01'), null);
    await insertOrder(db, { memberId, paidAt: at('2026-11-02'), payableFen: 5000, firstChannelId: null, lastChannelId: null });
    await db.execute(sql`delete from domain_events`);
    expect(await orders()).toBe(0);
    expect(await ensureAnalyticsBuilt(db)).toBe(true);
    expect(await orders()).toBe(1);
    await insertOrder(db, { memberId, paidAt: at('2026-11-03'), payableFen: 3000, firstChannelId: null, lastChannelId: null });
    await db.execute(sql`delete from domain_events`);
    expect(await ensureAnalyticsBuilt(db)).toBe(false);
    expect(await orders()).toBe(1);
  });
});
