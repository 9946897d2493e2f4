import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DEFAULT_CRM_SETTINGS, lifecycleStage, quintileScore, rfmCell } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { appendEvent, drainAllConsumers } from '../events';
import { insertMember, insertOrder, insertRefund } from '../channel-report/test-factories';
import { changeTier } from '../membership/repo';
import { computeThresholds, crmSettingsOf, refreshMemberFacts, runCrmRebuild, saveCrmSettings, settleCrmRebuilds, sharesBp } from '.';
import { chinaDay, DAY, daysAgo, FIXED, NOW, random, THRESHOLDS } from './facts.test-helpers';

/** The UTC instant that is China midnight starting the day `days` before NOW's China day, minus `minusMs`. */
const chinaMidnight = (days: number, minusMs = 0) => new Date(Date.parse(`${chinaDay(NOW)}T00:00:00+08:00`) - days * DAY - minusMs);

type FactsRow = Record<string, unknown>;

async function factsOf(t: TestApp, memberIds: number[]): Promise<Map<number, FactsRow>> {
  const rows = await queryRows<FactsRow>(
    t.deps.db,
    sql`select member_id, registered_at, first_paid_at, last_paid_at, paid_orders, net_paid_fen::text as net_paid_fen, refunded_fen::text as refunded_fen,
      refund_count, aov_fen::text as aov_fen, coupon_orders, coupon_share_bp, favourite_category_ids, window_orders, window_net_fen::text as window_net_fen,
      recency_days, rfm_cell, r_score, f_score, m_score, lifecycle, lifecycle_since, first_channel_id, last_channel_id, last_active_at, city
    from member_facts where member_id = any(${`{${memberIds.join(',')}}`}::int[]) order by member_id`,
  );
  return new Map(rows.map((row) => [Number(row.member_id), JSON.parse(JSON.stringify(row)) as FactsRow]));
}

async function lifecycleEvents(t: TestApp, memberIds: number[]): Promise<{ member_id: number; from: string; to: string }[]> {
  return queryRows(
    t.deps.db,
    sql`select member_id, payload->>'from' as "from", payload->>'to' as "to" from domain_events
      where type = 'member.lifecycle_changed' and member_id = any(${`{${memberIds.join(',')}}`}::int[]) order by id`,
  );
}

describe('shares in basis points', () => {
  it('sum to 10,000 and are all zero for nothing', () => {
    expect(sharesBp([1, 1, 1])).toEqual([3334, 3333, 3333]);
    expect(sharesBp([0, 0])).toEqual([0, 0]);
    expect(sharesBp([5, 0, 7, 9, 1]).reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});

describe.each(testDrivers())('member facts on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  const ctx = () => ({ db: t.deps.db });

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    await saveCrmSettings(t.deps.db, { settings: FIXED, thresholds: THRESHOLDS });
  });
  afterAll(async () => {
    await settleCrmRebuilds(t.deps.db);
    await t.close();
  });

  it('computes cells, scores and stages in SQL exactly as the shared functions (thresholds, day 30/31, 90/91 at China midnight)', async () => {
    const { db } = ctx();
    // Each case: the paid orders (instant, fen) of one member.
    const cases: { paid: [Date, number][] }[] = [
      { paid: [[chinaMidnight(30), 30_000]] }, // day 30 exactly (00:00 China), M at the threshold
      { paid: [[chinaMidnight(30, 1000), 29_999]] }, // 1 s earlier: day 31, M one below
      {
        paid: [
          [chinaMidnight(90), 15_000],
          [chinaMidnight(200), 15_000],
        ],
      }, // day 90 active, F 2
      {
        paid: [
          [chinaMidnight(90, 1000), 15_000],
          [chinaMidnight(200), 14_999],
        ],
      }, // day 91 silent
      {
        paid: [
          [chinaMidnight(180), 1],
          [chinaMidnight(181), 1],
          [chinaMidnight(5), 1],
        ],
      },
      { paid: [[chinaMidnight(180, 1000), 5000]] }, // day 181 at risk
      { paid: [[chinaMidnight(365), 90_000]] }, // day 365: at risk, out of the 365-day window (days 0..364)
      { paid: [[chinaMidnight(364), 90_000]] }, // day 364: in the window
      { paid: [[chinaMidnight(366), 90_000]] }, // churned
      {
        paid: [
          [chinaMidnight(0), 80_000],
          [chinaMidnight(1), 1],
        ],
      }, // today
      { paid: [] }, // never paid: prospect, no cell
    ];
    const ids: number[] = [];
    for (const c of cases) {
      const memberId = await insertMember(db, new Date(NOW.getTime() - 400 * DAY), null);
      for (const [paidAt, fen] of c.paid) await insertOrder(db, { memberId, paidAt, payableFen: fen, firstChannelId: null, lastChannelId: null });
      ids.push(memberId);
    }
    await refreshMemberFacts(db, ids, NOW, { settings: FIXED, thresholds: THRESHOLDS });
    const facts = await factsOf(t, ids);
    cases.forEach((c, i) => {
      const row = facts.get(ids[i]!)!;
      if (c.paid.length === 0) {
        expect(row).toMatchObject({ rfm_cell: null, r_score: null, lifecycle: 'prospect', recency_days: null, paid_orders: 0 });
        return;
      }
      const recency = Math.min(...c.paid.map(([at]) => daysAgo(at)));
      const first = Math.max(...c.paid.map(([at]) => daysAgo(at)));
      const inWindow = c.paid.filter(([at]) => daysAgo(at) < FIXED.rfm.windowDays);
      const frequency = inWindow.length;
      const monetaryFen = inWindow.reduce((sum, [, fen]) => sum + fen, 0);
      expect({ i, recency: row.recency_days, f: row.window_orders, m: Number(row.window_net_fen) }).toEqual({ i, recency, f: frequency, m: monetaryFen });
      expect({ i, cell: row.rfm_cell }).toEqual({ i, cell: rfmCell({ recencyDays: recency, frequency, monetaryFen }, THRESHOLDS) });
      expect({ i, stage: row.lifecycle }).toEqual({ i, stage: lifecycleStage(first, recency, FIXED.lifecycle) });
      expect({ i, r: row.r_score, f: row.f_score, m: row.m_score }).toEqual({
        i,
        r: quintileScore(recency, THRESHOLDS.quintiles.recencyDays, true),
        f: quintileScore(frequency, THRESHOLDS.quintiles.frequency),
        m: quintileScore(monetaryFen, THRESHOLDS.quintiles.monetaryFen),
      });
    });
    // The boundaries themselves, spelled out.
    expect(facts.get(ids[0]!)).toMatchObject({ recency_days: 30, rfm_cell: '101', lifecycle: 'new' });
    expect(facts.get(ids[1]!)).toMatchObject({ recency_days: 31, rfm_cell: '000', lifecycle: 'active' });
    expect(facts.get(ids[2]!)).toMatchObject({ recency_days: 90, lifecycle: 'active', window_orders: 2 });
    expect(facts.get(ids[3]!)).toMatchObject({ recency_days: 91, lifecycle: 'silent', rfm_cell: '010' });
    expect(facts.get(ids[5]!)).toMatchObject({ recency_days: 181, lifecycle: 'at_risk' });
    expect(facts.get(ids[6]!)).toMatchObject({ recency_days: 365, lifecycle: 'at_risk', window_orders: 0 });
    expect(facts.get(ids[7]!)).toMatchObject({ recency_days: 364, window_orders: 1 });
    expect(facts.get(ids[8]!)).toMatchObject({ recency_days: 366, lifecycle: 'churned', rfm_cell: '000' });
  });

  it('computes mean, median and fixed thresholds and quintile cut points over the paying members of the window', async () => {
    const isolated = await createTestApp(driver);
    try {
      const db = isolated.deps.db;
      // Recency 1, 3, 10, 40 days; orders 1, 1, 2, 4; net 100, 200, 300, 10,000 fen (one order outside the window is ignored).
      const plan: [number, number[]][] = [
        [1, [100]],
        [3, [200]],
        [10, [150, 150]],
        [40, [2500, 2500, 2500, 2500]],
      ];
      for (const [days, amounts] of plan) {
        const memberId = await insertMember(db, new Date(NOW.getTime() - 500 * DAY), null);
        for (const fen of amounts)
          await insertOrder(db, { memberId, paidAt: chinaMidnight(days, -3_600_000), payableFen: fen, firstChannelId: null, lastChannelId: null });
      }
      const outside = await insertMember(db, new Date(NOW.getTime() - 500 * DAY), null);
      await insertOrder(db, { memberId: outside, paidAt: chinaMidnight(400), payableFen: 999_999, firstChannelId: null, lastChannelId: null });
      const median = await computeThresholds(db, DEFAULT_CRM_SETTINGS, NOW);
      expect(median).toMatchObject({ recencyDays: 3, frequency: 1, monetaryFen: 200 });
      expect(median.quintiles).toEqual({ recencyDays: [1, 3, 10, 40], frequency: [1, 1, 2, 4], monetaryFen: [100, 200, 300, 10_000] });
      const mean = await computeThresholds(db, { ...DEFAULT_CRM_SETTINGS, rfm: { ...DEFAULT_CRM_SETTINGS.rfm, mode: 'mean' } }, NOW);
      // mean recency 13.5 → 13 (at or below), orders 2 → 2, net 2650 → 2650.
      expect(mean).toMatchObject({ recencyDays: 13, frequency: 2, monetaryFen: 2650 });
      const fixed = await computeThresholds(db, FIXED, NOW);
      expect(fixed).toMatchObject(FIXED.rfm.fixed);
      expect(fixed.quintiles).toEqual(median.quintiles);
      // Nobody paid in the window: the fixed values, no cut points.
      const empty = await computeThresholds(db, DEFAULT_CRM_SETTINGS, new Date(NOW.getTime() + 800 * DAY));
      expect(empty).toMatchObject({ ...FIXED.rfm.fixed, quintiles: { recencyDays: [], frequency: [], monetaryFen: [] } });
    } finally {
      await isolated.close();
    }
  });

  it('keeps facts by events equal to the full rebuild after a randomized run, with each lifecycle transition recorded once', async () => {
    const { db } = ctx();
    const rand = random(1414);
    const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
    const channel = Number(
      (
        await queryRows<{ id: number }>(
          db,
          sql`insert into channels (kind, name, status) values ('package_card', ${`随机渠道${crypto.randomBytes(3).toString('hex')}`}, 'active') returning id`,
        )
      )[0]!.id,
    );
    const members: number[] = [];
    for (let i = 0; i < 30; i += 1) members.push(await insertMember(db, new Date(NOW.getTime() - (420 - i) * DAY), i % 3 === 0 ? channel : null));
    const paidOrders: { id: number; fen: number; refunded: number }[] = [];
    const drainAt = () => drainAllConsumers(db, () => NOW);
    for (let step = 0; step < 140; step += 1) {
      const memberId = pick(members);
      const at = new Date(NOW.getTime() - Math.floor(rand() * 400 * DAY));
      const action = rand();
      if (action < 0.45 || paidOrders.length === 0) {
        const fen = 1000 + Math.floor(rand() * 50_000);
        const id = await insertOrder(db, { memberId, paidAt: at, payableFen: fen, firstChannelId: null, lastChannelId: rand() < 0.5 ? channel : null });
        paidOrders.push({ id, fen, refunded: 0 });
      } else if (action < 0.6) {
        const order = pick(paidOrders);
        if (order.refunded < order.fen) {
          const amount = rand() < 0.5 ? order.fen - order.refunded : Math.max(1, Math.floor((order.fen - order.refunded) / 2));
          await insertRefund(db, order.id, amount, new Date(Math.min(NOW.getTime(), at.getTime() + DAY)));
          order.refunded += amount;
        }
      } else if (action < 0.7) {
        const id = await insertOrder(db, { memberId, paidAt: null, payableFen: 5000, firstChannelId: null, lastChannelId: null });
        await db.execute(sql`update orders set status = 'cancelled', cancelled_at = ${at.toISOString()}::timestamptz where id = ${id}`);
        await appendEvent(db, { type: 'order.cancelled', occurredAt: at, memberId, orderId: id, payload: { reason: 'test' } });
      } else if (action < 0.8) {
        const order = pick(paidOrders);
        await db.execute(
          sql`update orders set status = 'completed', completed_at = ${at.toISOString()}::timestamptz where id = ${order.id} and status = 'paid'`,
        );
        await appendEvent(db, { type: 'order.completed', occurredAt: at, orderId: order.id, payload: { completedAt: at.toISOString() } });
      } else if (action < 0.9) {
        const [touch] = await queryRows<{ id: string }>(
          db,
          sql`insert into touches (occurred_at, source, status, channel_id, member_id, scene) values (${at.toISOString()}::timestamptz, 'app_launch',
            'matched', ${channel}, ${memberId}, 'c=test01') returning id::text as id`,
        );
        await appendEvent(db, { type: 'touches.recorded', occurredAt: at, payload: { touchIds: [Number(touch!.id)] } });
      } else {
        await db.execute(sql`update addresses set is_default = false where member_id = ${memberId}`);
        await db.execute(sql`insert into addresses (member_id, recipient_name, phone_cipher, region_codes, region_text, detail, is_default)
          values (${memberId}, '收件人', 'x', '[]'::jsonb, ${pick(['广东省 深圳市 南山区', '上海市 上海市 浦东新区', '浙江省  杭州市 西湖区'])}, '1 号', true)`);
        await appendEvent(db, { type: 'member.address_changed', occurredAt: at, memberId, payload: {} });
      }
      if (step % 35 === 34) await drainAt();
    }
    await drainAt();
    const incremental = await factsOf(t, members);
    const eventsBefore = await lifecycleEvents(t, members);
    expect(incremental.size).toBe(members.length);
    expect([...incremental.values()].some((row) => row.city === '杭州市' || row.city === '深圳市' || row.city === '上海市')).toBe(true);

    // The nightly path (everyone, in batches, with the stored thresholds) changes nothing and records nothing.
    const result = await refreshMemberFacts(db, null, NOW, { batchSize: 7 });
    expect(result.transitions).toBe(0);
    const rebuilt = await factsOf(t, members);
    for (const id of members) expect({ id, ...rebuilt.get(id) }).toEqual({ id, ...incremental.get(id) });
    expect(await lifecycleEvents(t, members)).toEqual(eventsBefore);

    // Every transition is recorded once: replaying the run's members records nothing more.
    await refreshMemberFacts(db, members, NOW);
    expect(await lifecycleEvents(t, members)).toEqual(eventsBefore);
    const perMember = new Map<number, { from: string; to: string }[]>();
    for (const event of eventsBefore) perMember.set(Number(event.member_id), [...(perMember.get(Number(event.member_id)) ?? []), event]);
    for (const [memberId, list] of perMember) {
      // A chain: each transition starts where the previous ended, and ends at the member's stage now.
      for (let i = 1; i < list.length; i += 1) expect(list[i]!.from).toBe(list[i - 1]!.to);
      expect(list[list.length - 1]!.to).toBe(incremental.get(memberId)!.lifecycle);
    }
    for (const id of members) if (!perMember.has(id)) expect(incremental.get(id)!.lifecycle).toBe('prospect');

    // The full rebuild (thresholds recomputed: the fixed ones in fixed mode) gives the same facts but for the quintile scores.
    const rebuild = await queryRows<{ id: number }>(db, sql`insert into crm_rebuilds (trigger, status) values ('manual', 'running') returning id`);
    const done = await runCrmRebuild(db, Number(rebuild[0]!.id), NOW);
    expect(done).toMatchObject({ status: 'done', transitions: 0, error: null });
    const afterRebuild = await factsOf(t, members);
    const withoutScores = (row: FactsRow | undefined) => ({ ...row, r_score: 0, f_score: 0, m_score: 0 });
    for (const id of members) expect({ id, ...withoutScores(afterRebuild.get(id)) }).toEqual({ id, ...withoutScores(incremental.get(id)) });
    await saveCrmSettings(db, { thresholds: THRESHOLDS });
  });

  it('records a member’s stage changes as they happen: prospect → new → active → silent, nothing on repeats', async () => {
    const { db } = ctx();
    const memberId = await insertMember(db, new Date(NOW.getTime() - 10 * DAY), null);
    await drainAllConsumers(db, () => NOW);
    expect(await lifecycleEvents(t, [memberId])).toEqual([]);
    await insertOrder(db, { memberId, paidAt: new Date(NOW.getTime() - DAY), payableFen: 12_000, firstChannelId: null, lastChannelId: null });
    await drainAllConsumers(db, () => NOW);
    await refreshMemberFacts(db, [memberId], NOW);
    const later = new Date(NOW.getTime() + 40 * DAY);
    await refreshMemberFacts(db, [memberId], later);
    await refreshMemberFacts(db, [memberId], later);
    await refreshMemberFacts(db, [memberId], new Date(NOW.getTime() + 100 * DAY));
    expect((await lifecycleEvents(t, [memberId])).map((e) => `${e.from}>${e.to}`)).toEqual(['prospect>new', 'new>active', 'active>silent']);
    const [row] = await queryRows<{ lifecycle_since: string }>(db, sql`select lifecycle_since from member_facts where member_id = ${memberId}`);
    expect(new Date(row!.lifecycle_since).toISOString()).toBe(new Date(NOW.getTime() + 100 * DAY).toISOString());
  });

  it('follows the real flows: addresses through the API, a tier change', async () => {
    const member = await loginMember(t);
    const res = await t
      .request()
      .post('/api/me/addresses')
      .set(member.auth)
      .send({
        recipientName: '李四',
        phone: '13912345678',
        regionCodes: ['440000', '440300', '440305'],
        regionText: '广东省 深圳市 南山区',
        detail: '科技园 1 号',
      });
    expect(res.status).toBe(201);
    await drainAllConsumers(t.deps.db);
    expect((await factsOf(t, [member.id])).get(member.id)).toMatchObject({ city: '深圳市', lifecycle: 'prospect' });
    await t.request().delete(`/api/me/addresses/${res.body.id}`).set(member.auth);
    await drainAllConsumers(t.deps.db);
    expect((await factsOf(t, [member.id])).get(member.id)).toMatchObject({ city: null });
    await changeTier(t.deps.db, { memberId: member.id, fromTier: 'bronze', toTier: 'silver', reason: 'manual', growthValue: 0, now: new Date() });
    const [event] = await queryRows<{ payload: unknown }>(
      t.deps.db,
      sql`select payload from domain_events where type = 'member.tier_changed' and member_id = ${member.id}`,
    );
    expect(event?.payload).toEqual({ fromTier: 'bronze', toTier: 'silver', reason: 'manual' });
  });

  it('answers the RFM grid, scores and lifecycle whose figures add up', async () => {
    await refreshMemberFacts(t.deps.db, null, NOW);
    const rfm = await t.request().get('/api/admin/rfm').set(analyst.auth);
    expect(rfm.status).toBe(200);
    expect(rfm.body.cells.map((cell: { code: string }) => cell.code)).toEqual(['111', '011', '101', '001', '110', '010', '100', '000']);
    const [sums] = await queryRows<{ paying: number; prospects: number; gmv: string }>(
      t.deps.db,
      sql`select count(*) filter (where rfm_cell is not null)::int as paying, count(*) filter (where rfm_cell is null)::int as prospects,
        coalesce(sum(window_net_fen), 0)::text as gmv from member_facts`,
    );
    type Cell = { members: number; gmvFen: number; memberShareBp: number; gmvShareBp: number };
    const cells = rfm.body.cells as Cell[];
    expect(cells.reduce((s, c) => s + c.members, 0)).toBe(sums!.paying);
    expect(rfm.body.payingMembers).toBe(sums!.paying);
    expect(rfm.body.prospects).toBe(sums!.prospects);
    expect(cells.reduce((s, c) => s + c.gmvFen, 0)).toBe(Number(sums!.gmv));
    expect(rfm.body.gmvFen).toBe(Number(sums!.gmv));
    expect(cells.reduce((s, c) => s + c.memberShareBp, 0)).toBe(10_000);
    expect(cells.reduce((s, c) => s + c.gmvShareBp, 0)).toBe(10_000);
    expect(rfm.body).toMatchObject({ windowDays: 365, thresholds: { recencyDays: 30 } });

    const scores = await t.request().get('/api/admin/rfm/scores').set(analyst.auth);
    expect(scores.status).toBe(200);
    for (const key of ['r', 'f', 'm']) {
      expect(scores.body[key].map((s: { score: number }) => s.score)).toEqual([1, 2, 3, 4, 5]);
      expect(scores.body[key].reduce((s: number, x: { members: number }) => s + x.members, 0)).toBe(sums!.paying);
    }
    const lifecycle = await t.request().get('/api/admin/lifecycle').set(analyst.auth);
    expect(lifecycle.status).toBe(200);
    expect(lifecycle.body.stages).toHaveLength(6);
    expect(lifecycle.body.stages.reduce((s: number, x: { members: number }) => s + x.members, 0)).toBe(sums!.paying + sums!.prospects);
    expect(lifecycle.body.boundaries).toEqual(FIXED.lifecycle);
    expect(Array.isArray(lifecycle.body.transitions)).toBe(true);
  });

  it('reads and validates settings; analysts read but cannot write; a rebuild runs to done', async () => {
    const read = await t.request().get('/api/admin/crm/settings').set(analyst.auth);
    expect(read.status).toBe(200);
    expect(read.body.settings).toEqual(FIXED);
    expect((await t.request().put('/api/admin/crm/settings').set(analyst.auth).send(FIXED)).status).toBe(403);
    expect((await t.request().post('/api/admin/crm/rebuilds').set(analyst.auth)).status).toBe(403);
    const bad = [
      { ...FIXED, lifecycle: { ...FIXED.lifecycle, activeDays: 200 } },
      { ...FIXED, rfm: { ...FIXED.rfm, windowDays: 0 } },
      { ...FIXED, rfm: { ...FIXED.rfm, mode: 'average' } },
      { ...FIXED, extra: true },
      ['nonsense'],
    ];
    for (const body of bad) {
      const res = await t.request().put('/api/admin/crm/settings').set(owner.auth).send(body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    const median = { ...FIXED, rfm: { ...FIXED.rfm, mode: 'median' as const } };
    const put = await t.request().put('/api/admin/crm/settings').set(owner.auth).send(median);
    expect(put.status).toBe(200);
    expect(put.body.settings).toEqual(median);
    expect(put.body.lastRebuild).toMatchObject({ trigger: 'settings' });
    await settleCrmRebuilds(t.deps.db);
    const latest = await t.request().get('/api/admin/crm/rebuilds/latest').set(analyst.auth);
    expect(latest.body).toMatchObject({ trigger: 'settings', status: 'done', error: null });
    expect(latest.body.processed).toBe(latest.body.total);
    const [audit] = await queryRows<{ action: string }>(t.deps.db, sql`select action from audit_log where action = 'crm.settings.update'`);
    expect(audit).toBeDefined();

    const post = await t.request().post('/api/admin/crm/rebuilds').set(owner.auth);
    expect(post.status).toBe(202);
    expect(post.body.rebuild).toMatchObject({ trigger: 'manual', status: 'running' });
    await settleCrmRebuilds(t.deps.db);
    const byId = await t.request().get(`/api/admin/crm/rebuilds/${post.body.rebuild.id}`).set(analyst.auth);
    expect(byId.body).toMatchObject({ id: post.body.rebuild.id, status: 'done' });
    expect((await t.request().get('/api/admin/crm/rebuilds/999999').set(analyst.auth)).status).toBe(404);
    expect((await t.request().get('/api/admin/crm/rebuilds/abc').set(analyst.auth)).status).toBe(400);
    expect((await crmSettingsOf(t.deps.db)).thresholds?.computedAt).toBeTruthy();
    await saveCrmSettings(t.deps.db, { settings: FIXED, thresholds: THRESHOLDS });
  });
});
