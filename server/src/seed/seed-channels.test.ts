import { sql } from 'drizzle-orm';
import { channelPlan, SCENE_PATTERN, WECOM_STATE_MAX } from '@siyu/shared';
import { channelCodes, channels } from '../db/schema';
import { queryRows } from '../lib/sql';
import { countEvents, drainAllConsumers } from '../modules/events';
import { checkLedger } from '../modules/points';
import { testDrivers } from '../testing/drivers';
import { cancelledButPaid } from '../testing/invariants';
import { createTestApp, type TestApp } from '../testing/test-app';
import { seedDemo } from './seed';
import { DEMO_CHANNEL_DAYS, lastTouch, seedDemoChannels, upgradeDemoChannels } from './seed-channels';

const DAY = 24 * 3600 * 1000;

/** A number from a count/sum column (drivers answer bigint as string). */
const n = (value: unknown) => Number(value ?? 0);

describe('lastTouch (the window rule the demo orders are attributed with)', () => {
  const order = new Date('2026-06-10T12:00:00Z');
  const touch = (msBefore: number, channelId: number | null = 1) => ({ occurredAt: new Date(order.getTime() - msBefore), channelId });
  it('takes the latest matched touch within 7 days, exactly 7 days included, 1 s over not, never one after the order', () => {
    expect(lastTouch([touch(7 * DAY)], order)).not.toBeNull();
    expect(lastTouch([touch(7 * DAY + 1000)], order)).toBeNull();
    expect(lastTouch([touch(-1000)], order)).toBeNull();
    expect(lastTouch([touch(3 * DAY, 1), touch(DAY, 2), touch(1000, null)], order)?.channelId).toBe(2);
  });
});

describe.each(testDrivers())('demo channels seed on %s', (driver) => {
  let t: TestApp;
  let seconds = 0;
  beforeAll(async () => {
    t = await createTestApp(driver);
    const started = Date.now();
    await seedDemo(t.deps.db, t.deps.config.media.dir, t.deps.config.phoneKey);
    seconds = (Date.now() - started) / 1000;
  }, 300_000);
  afterAll(() => t.close());

  it('seeds the four channels of the playbook plan with their planned members and GMV, plus a small SMS channel', async () => {
    const rows = await t.deps.db.select().from(channels).orderBy(channels.id);
    const plan = (kind: string) => {
      const row = rows.find((candidate) => candidate.kind === kind);
      if (!row) throw new Error(`no ${kind} channel`);
      return { ...channelPlan(row), reach: row.plannedReach };
    };
    expect(plan('package_card')).toMatchObject({ reach: 60_000, plannedMembers: 6_600, plannedGmvFen: 28_000_500 });
    expect(plan('ai_call')).toMatchObject({ reach: 200_000, plannedGmvFen: 157_500_000 });
    expect(plan('wecom')).toMatchObject({ reach: 15_000, plannedGmvFen: 35_000_000 });
    expect(plan('official_account')).toMatchObject({ reach: 20_000, plannedGmvFen: 14_000_000 });
    expect(plan('sms').plannedGmvFen).toBeGreaterThan(0);
    const costs = Object.fromEntries(rows.map((row) => [row.kind, row.unitCostMilliFen]));
    expect(costs).toMatchObject({ package_card: 35_000, ai_call: 12_000, sms: 4_500 });
    for (const row of rows) {
      expect(row.ownerStaffId).not.toBeNull();
      expect(row.startsOn && row.endsOn && row.startsOn < row.endsOn).toBe(true);
    }
    console.log(`demo seed (whole demo, channels included) on ${driver}: ${seconds.toFixed(1)} s`);
  });

  it('gives every channel codes with unique, valid scenes: c= and 6 base62 (single) or 8 (a 200-card batch, most tied to marketplace orders)', async () => {
    const codes = await t.deps.db.select().from(channelCodes);
    expect(new Set(codes.map((code) => code.scene)).size).toBe(codes.length);
    for (const code of codes) {
      expect(code.scene).toMatch(SCENE_PATTERN);
      expect(code.scene.length).toBeLessThanOrEqual(WECOM_STATE_MAX);
      expect(code.scene).toMatch(code.batchId === null ? /^c=[0-9A-Za-z]{6}$/ : /^c=[0-9A-Za-z]{8}$/);
    }
    const batch = codes.filter((code) => code.batchId !== null);
    expect(batch).toHaveLength(200);
    expect(batch.map((code) => code.unitIndex).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(batch.filter((code) => code.marketplaceOrderNo !== null).length).toBeGreaterThan(100);
    const channelIds = new Set((await t.deps.db.select({ id: channels.id }).from(channels)).map((row) => row.id));
    expect(new Set(codes.map((code) => code.channelId))).toEqual(channelIds);
  });

  it('simulates a few hundred members, 600–1000 paid orders over 120 days with repeat buyers and ~5 % refunds, and reach on every channel', async () => {
    // The channel demo's own members and orders (the customer-data seed adds earlier customers, odemo-crm-*).
    const [counts] = await queryRows<Record<string, string>>(
      t.deps.db,
      sql`with cm as (select id from members where openid like 'odemo-channel-%'), co as (select * from orders where member_id in (select id from cm))
      select
        (select count(*) from member_attribution where member_id in (select id from cm)) as members,
        (select count(*) from member_attribution where channel_id is not null) as attributed,
        (select count(*) from co) as orders,
        (select count(*) from (select member_id from co group by member_id having count(*) > 1) r) as repeaters,
        (select count(*) from refunds where status = 'succeeded' and order_id in (select id from co)) as refunds,
        (select min(created_at) from co) as first_order,
        (select count(distinct channel_id) from channel_reach) as reach_channels,
        (select round(avg(payable_fen)) from co) as aov`,
    );
    expect(n(counts?.members)).toBeGreaterThanOrEqual(300);
    expect(n(counts?.members)).toBeLessThanOrEqual(500);
    expect(n(counts?.attributed)).toBeGreaterThan(n(counts?.members) * 0.85);
    expect(n(counts?.orders)).toBeGreaterThanOrEqual(600);
    expect(n(counts?.orders)).toBeLessThanOrEqual(1000);
    expect(n(counts?.repeaters)).toBeGreaterThan(50);
    expect(n(counts?.refunds) / n(counts?.orders)).toBeGreaterThan(0.02);
    expect(n(counts?.refunds) / n(counts?.orders)).toBeLessThan(0.09);
    expect(new Date(String(counts?.first_order)).getTime()).toBeGreaterThan(Date.now() - (DEMO_CHANNEL_DAYS + 1) * DAY);
    expect(n(counts?.reach_channels)).toBe(5);
    expect(n(counts?.aov)).toBeGreaterThanOrEqual(8_000);
    expect(n(counts?.aov)).toBeLessThanOrEqual(50_000);
  });

  it('attributes each member to its first matched touch before registering, and each order to that and its last touch within 7 days (recomputed from raw touches)', async () => {
    // A person's touches: by member id, a device linked to the member, the member's phone hash or unionid.
    const personTouches = sql`
      select m.id as person_id, tc.id, tc.channel_id, tc.code_id, tc.occurred_at from members m
      join touches tc on tc.member_id = m.id
        or tc.device_id in (select device_id from devices d where d.member_id = m.id)
        or (tc.phone_hash is not null and tc.phone_hash = m.phone_hash)
        or (tc.unionid is not null and tc.unionid = m.unionid)`;
    const badMembers = await queryRows<{ member_id: number }>(
      t.deps.db,
      sql`with pt as (${personTouches})
        select a.member_id from member_attribution a
        left join lateral (
          select id, channel_id from pt where pt.person_id = a.member_id and pt.channel_id is not null and pt.occurred_at <= a.registered_at
          order by pt.occurred_at, pt.id limit 1
        ) f on true
        where a.channel_id is distinct from f.channel_id or a.first_touch_id is distinct from f.id`,
    );
    expect(badMembers).toEqual([]);
    const badOrders = await queryRows<{ id: number }>(
      t.deps.db,
      sql`with pt as (${personTouches})
        select o.id from orders o
        join member_attribution a on a.member_id = o.member_id
        left join lateral (
          select id, channel_id, code_id from pt where pt.person_id = o.member_id and pt.channel_id is not null
            and pt.occurred_at <= o.created_at and pt.occurred_at >= o.created_at - interval '7 days'
          order by pt.occurred_at desc, pt.id desc limit 1
        ) l on true
        where o.first_channel_id is distinct from a.channel_id
          or o.last_channel_id is distinct from l.channel_id or o.last_code_id is distinct from l.code_id or o.last_touch_id is distinct from l.id`,
    );
    expect(badOrders).toEqual([]);
    const [mix] = await queryRows<{ differ: string; none: string }>(
      t.deps.db,
      sql`select count(*) filter (where last_channel_id is not null and last_channel_id <> first_channel_id) as differ,
        count(*) filter (where last_channel_id is null) as none from orders`,
    );
    expect(n(mix?.differ)).toBeGreaterThan(10);
    expect(n(mix?.none)).toBeGreaterThan(10);
  });

  it('leaves orders, payments, refunds, stock and the points ledger consistent (ledger:check green)', async () => {
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
            where o.refunded_fen <> coalesce(r.s, 0) or (o.status = 'refunded') <> (o.refunded_fen > 0 and o.refunded_fen = o.payable_fen)
          union all
          select o.id, 'status' from orders o where o.status not in ('paid','shipped','completed','refunded')
          union all
          select s.id, 'stock' from skus s join lateral (select stock_after from stock_movements m where m.sku_id = s.id order by m.id desc limit 1) m on true
            where m.stock_after <> s.stock or s.stock < 0`,
    );
    expect(broken).toEqual([]);
  });

  it('emits the domain events the flows emit, and seeds once (a second run and the upgrade do nothing)', async () => {
    const [orders] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*) as n from orders`);
    const [refunded] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*) as n from refunds`);
    const [members] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*) as n from member_attribution`);
    expect(await countEvents(t.deps.db, 'order.created')).toBe(n(orders?.n));
    expect(await countEvents(t.deps.db, 'order.paid')).toBe(n(orders?.n));
    expect(await countEvents(t.deps.db, 'refund.succeeded')).toBe(n(refunded?.n));
    expect(await countEvents(t.deps.db, 'member.registered')).toBe(n(members?.n));
    expect(await countEvents(t.deps.db, 'touches.recorded')).toBeGreaterThan(0);
    const [touchIds] = await queryRows<{ n: string; t: string }>(
      t.deps.db,
      sql`select (select count(*) from touches) as t, (select count(*) from domain_events e, jsonb_array_elements(e.payload->'touchIds') x where e.type = 'touches.recorded') as n`,
    );
    expect(n(touchIds?.n)).toBe(n(touchIds?.t));
    expect(await t.deps.db.transaction((tx) => seedDemoChannels(tx, new Date(), t.deps.config.phoneKey))).toBeNull();
    expect(await upgradeDemoChannels(t.deps.db, t.deps.config.phoneKey)).toBe(false);
  });

  it('feeds the channel report: after the consumers drain, the roll-up holds every seeded order, refund and member', async () => {
    // Until every consumer's cursor has passed the outbox (another database's open transaction on the shared
    // server may hold pg_snapshot_xmin back for a moment).
    for (let attempt = 0; attempt < 400; attempt += 1) {
      await drainAllConsumers(t.deps.db);
      const [behind] = await queryRows<{ n: string }>(
        t.deps.db,
        sql`select count(*) as n from event_cursors c where exists (select 1 from domain_events e where (e.tx_id, e.id) > (c.tx_id, c.event_id))`,
      );
      const [cursors] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*) as n from event_cursors`);
      if (n(behind?.n) === 0 && n(cursors?.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [row] = await queryRows<Record<string, string>>(
      t.deps.db,
      sql`select (select count(*) from orders) as orders, (select count(*) from channel_stats_orders) as stats_orders,
        (select count(*) from refunds) as refunds, (select count(*) from channel_stats_refunds) as stats_refunds,
        (select count(*) from member_attribution) as members, (select count(*) from channel_stats_members) as stats_members,
        (select count(*) from domain_events where type = 'member.attributed') as attributed_events`,
    );
    expect(n(row?.stats_orders)).toBe(n(row?.orders));
    expect(n(row?.stats_refunds)).toBe(n(row?.refunds));
    expect(n(row?.stats_members)).toBe(n(row?.members));
    // The touch-attribution consumer recomputed every seeded member and changed none (no member.attributed beyond the seed's).
    const [attributed] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*) as n from member_attribution where channel_id is not null`);
    expect(n(row?.attributed_events)).toBe(n(attributed?.n));
  });
});

describe.each(testDrivers())('upgradeDemoChannels on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('does nothing on a store that is not the demo, and seeds the channels once on a demo seeded before them', async () => {
    expect(await upgradeDemoChannels(t.deps.db, t.deps.config.phoneKey)).toBe(false);
    expect(await t.deps.db.$count(channels)).toBe(0);
    await t.deps.db.execute(sql`insert into app_meta (key, value) values ('demo_seed', '{}'::jsonb)`);
    expect(await upgradeDemoChannels(t.deps.db, t.deps.config.phoneKey)).toBe(true);
    expect(await t.deps.db.$count(channels)).toBe(5);
    expect(await upgradeDemoChannels(t.deps.db, t.deps.config.phoneKey)).toBe(false);
    expect(await t.deps.db.$count(channels)).toBe(5);
  });
});
