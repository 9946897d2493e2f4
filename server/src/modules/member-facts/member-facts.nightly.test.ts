import { sql } from 'drizzle-orm';
import { DEFAULT_CRM_SETTINGS, type CrmSettings, type RfmThresholdsInForce } from '@siyu/shared';
import { isNightlyDue } from '../../jobs/crm-nightly';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { appendEvent, drainAllConsumers } from '../events';
import { insertMember, insertOrder } from '../channel-report/test-factories';
import { refreshMemberFacts, saveCrmSettings, settleCrmRebuilds, startCrmRebuild } from '.';

/*
 * Stage changes that only the passing of time makes (no event names the member) are found by the nightly
 * rebuild and recorded once; a consumer that refreshes a member while a rebuild runs is not undone by it.
 */

const DAY = 86_400_000;
/** Noon in China on 2026-06-01. */
const NOW = new Date('2026-06-01T04:00:00Z');
/** China midnight starting the day `days` before NOW's China day. */
const chinaMidnight = (days: number) => new Date(Date.parse('2026-06-01T00:00:00+08:00') - days * DAY);
/** 03:30 China time, `days` China days after NOW's. */
const nightOf = (days: number) => new Date(Date.parse('2026-06-01T03:30:00+08:00') + days * DAY);

const FIXED: CrmSettings = { ...DEFAULT_CRM_SETTINGS, rfm: { ...DEFAULT_CRM_SETTINGS.rfm, mode: 'fixed' } };
const THRESHOLDS: RfmThresholdsInForce = {
  recencyDays: 30,
  frequency: 2,
  monetaryFen: 30_000,
  quintiles: { recencyDays: [], frequency: [], monetaryFen: [] },
  computedAt: NOW.toISOString(),
};

describe('the nightly hour', () => {
  it('is due from 03:00 China time to the end of the China day', () => {
    const cases: [string, boolean][] = [
      ['2026-06-01T18:59:59.999Z', false], // 02:59:59.999 China
      ['2026-06-01T19:00:00.000Z', true], // 03:00 China
      ['2026-06-02T15:59:59.999Z', true], // 23:59:59.999 China
      ['2026-06-02T16:00:00.000Z', false], // 00:00 China, the next day
      ['2026-06-01T04:00:00.000Z', true], // noon China
    ];
    for (const [instant, due] of cases) expect({ instant, due: isNightlyDue(new Date(instant)) }).toEqual({ instant, due });
  });
});

describe.each(testDrivers())('stage changes by the passing of time on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
    await saveCrmSettings(t.deps.db, { settings: FIXED, thresholds: THRESHOLDS });
  });
  afterAll(async () => {
    await settleCrmRebuilds(t.deps.db);
    await t.close();
  });

  const transitions = async (memberIds: number[]) =>
    (
      await queryRows<{ member_id: number; from: string; to: string }>(
        t.deps.db,
        sql`select member_id, payload->>'from' as "from", payload->>'to' as "to" from domain_events
          where type = 'member.lifecycle_changed' and member_id = any(${`{${memberIds.join(',')}}`}::int[]) order by id`,
      )
    ).map((row) => `${row.member_id}:${row.from}>${row.to}`);

  it('finds a member turning 沉默 on day 91 with no event at that night’s rebuild, and records it exactly once', async () => {
    const db = t.deps.db;
    const registered = new Date(NOW.getTime() - 400 * DAY);
    // Last paid order on China day 90 before NOW (active today, silent tomorrow); another at 180 (at risk tomorrow).
    const silentSoon = await insertMember(db, registered, null);
    await insertOrder(db, { memberId: silentSoon, paidAt: chinaMidnight(90), payableFen: 9_000, firstChannelId: null, lastChannelId: null });
    await insertOrder(db, { memberId: silentSoon, paidAt: chinaMidnight(200), payableFen: 9_000, firstChannelId: null, lastChannelId: null });
    const atRiskSoon = await insertMember(db, registered, null);
    await insertOrder(db, { memberId: atRiskSoon, paidAt: chinaMidnight(180), payableFen: 9_000, firstChannelId: null, lastChannelId: null });
    const steady = await insertMember(db, registered, null);
    await insertOrder(db, { memberId: steady, paidAt: chinaMidnight(40), payableFen: 9_000, firstChannelId: null, lastChannelId: null });
    const ids = [silentSoon, atRiskSoon, steady];
    await drainAllConsumers(db, () => NOW);
    const today = [`${silentSoon}:prospect>active`, `${atRiskSoon}:prospect>silent`, `${steady}:prospect>active`];
    expect(await transitions(ids)).toEqual(today);

    // The next night, after 03:00: two schedulers (two processes) try; one rebuild runs, the other is refused.
    const night = nightOf(1);
    expect(isNightlyDue(night)).toBe(true);
    const started = await Promise.all([startCrmRebuild(db, 'nightly', null, night), startCrmRebuild(db, 'nightly', null, night)]);
    expect(started.filter((rebuild) => rebuild !== null)).toHaveLength(1);
    await settleCrmRebuilds(db);
    const [rebuild] = await queryRows<{ status: string; transitions: number; processed: number; total: number }>(
      db,
      sql`select status, transitions, processed, total from crm_rebuilds where id = ${started.find((r) => r !== null)!.id}`,
    );
    expect(rebuild).toMatchObject({ status: 'done', transitions: 2 });
    expect(rebuild!.processed).toBe(rebuild!.total);
    const afterNight = [...today, `${silentSoon}:active>silent`, `${atRiskSoon}:silent>at_risk`];
    expect((await transitions(ids)).sort()).toEqual([...afterNight].sort());
    const [row] = await queryRows<{ lifecycle: string; recency_days: number; lifecycle_since: string }>(
      db,
      sql`select lifecycle, recency_days, lifecycle_since from member_facts where member_id = ${silentSoon}`,
    );
    expect(row).toMatchObject({ lifecycle: 'silent', recency_days: 91 });
    expect(new Date(row!.lifecycle_since).toISOString()).toBe(night.toISOString());

    // The same night again (a restart, a later tick): no second nightly rebuild, nothing recorded.
    expect(await startCrmRebuild(db, 'nightly', null, new Date(night.getTime() + 3 * 3_600_000))).toBeNull();
    // An event for the member that day (a touch) refreshes it: the stage is already silent, nothing more.
    const [touch] = await queryRows<{ id: string }>(
      db,
      sql`insert into touches (occurred_at, source, status, member_id, scene) values (${night.toISOString()}::timestamptz, 'app_launch', 'matched',
        ${silentSoon}, 'c=test01') returning id::text as id`,
    );
    await appendEvent(db, { type: 'touches.recorded', occurredAt: night, payload: { touchIds: [Number(touch!.id)] } });
    await drainAllConsumers(db, () => night);
    // A manual rebuild that day and the next night's rebuild find nothing new either.
    await startCrmRebuild(db, 'manual', null, night);
    await settleCrmRebuilds(db);
    expect(await startCrmRebuild(db, 'nightly', null, nightOf(2))).not.toBeNull();
    await settleCrmRebuilds(db);
    expect((await transitions(ids)).sort()).toEqual([...afterNight].sort());
  });

  it('keeps what the consumer wrote while a rebuild ran (staged before the order), and records the stage change once', async () => {
    const db = t.deps.db;
    // After the nights above (every member's facts are current then: the rebuild has nothing else to change).
    const later = new Date(nightOf(2).getTime() + 8 * 3_600_000);
    const memberId = await insertMember(db, new Date(later.getTime() - 20 * DAY), null);
    await drainAllConsumers(db, () => later);
    let ordered = false;
    const progress: [number, number][] = [];
    const result = await refreshMemberFacts(db, null, later, {
      batchSize: 2,
      onBatch: async ({ processed, total }) => {
        progress.push([processed, total]);
        if (processed !== 0 || ordered) return;
        // Everyone's facts are staged (this member a 潜客); the first order is paid and the consumer runs now.
        ordered = true;
        await insertOrder(db, { memberId, paidAt: new Date(later.getTime() - 3_600_000), payableFen: 12_345, firstChannelId: null, lastChannelId: null });
        await drainAllConsumers(db, () => later);
      },
    });
    expect(ordered).toBe(true);
    expect(result.transitions).toBe(0);
    // Progress: 0 once staged, then every chunk of 2 members, ending at everyone.
    const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from members`);
    const everyone = Number(count!.n);
    expect(progress.map(([, total]) => total)).toEqual(progress.map(() => everyone));
    expect(progress.map(([processed]) => processed)).toEqual(Array.from({ length: Math.ceil(everyone / 2) + 1 }, (_, i) => Math.min(2 * i, everyone)));
    const [row] = await queryRows<{ paid_orders: number; net_paid_fen: string; lifecycle: string }>(
      db,
      sql`select paid_orders, net_paid_fen::text as net_paid_fen, lifecycle from member_facts where member_id = ${memberId}`,
    );
    expect(row).toEqual({ paid_orders: 1, net_paid_fen: '12345', lifecycle: 'new' });
    expect(await transitions([memberId])).toEqual([`${memberId}:prospect>new`]);
    // The next rebuild agrees and records nothing.
    expect((await refreshMemberFacts(db, null, later)).transitions).toBe(0);
    expect(await transitions([memberId])).toEqual([`${memberId}:prospect>new`]);
  });
  it('answers the last 30 days’ stage changes in GET /api/admin/lifecycle (older ones left out)', async () => {
    const db = t.deps.db;
    const analyst = await createStaff(t, 'analyst');
    const now = t.clock.now();
    const memberId = await insertMember(db, new Date(now.getTime() - 10 * DAY), null);
    await insertOrder(db, { memberId, paidAt: new Date(now.getTime() - 3_600_000), payableFen: 4_200, firstChannelId: null, lastChannelId: null });
    await drainAllConsumers(db, () => now);
    const res = await t.request().get('/api/admin/lifecycle').set(analyst.auth);
    expect(res.status).toBe(200);
    // The earlier tests' changes happened in June 2026 (their own clock): more than 30 days before this one.
    expect(res.body.transitions).toEqual([{ from: 'prospect', to: 'new', members: 1 }]);
    const [counts] = await queryRows<{ n: number; fresh: number }>(
      db,
      sql`select count(*)::int as n, (count(*) filter (where lifecycle = 'new'))::int as fresh from member_facts`,
    );
    const stages = res.body.stages as { code: string; members: number; shareBp: number }[];
    expect(stages.map((stage) => stage.code)).toEqual(['prospect', 'new', 'active', 'silent', 'at_risk', 'churned']);
    expect(stages.reduce((sum, stage) => sum + stage.members, 0)).toBe(counts!.n);
    expect(stages.find((stage) => stage.code === 'new')!.members).toBe(counts!.fresh);
    expect(stages.reduce((sum, stage) => sum + stage.shareBp, 0)).toBe(10_000);
  });

  it('tries a nightly rebuild that failed (stopped by a shutdown) again that day, three times at most', async () => {
    const db = t.deps.db;
    const failedNightly = (at: Date) =>
      db.execute(sql`insert into crm_rebuilds (trigger, status, error, created_at, finished_at)
        values ('nightly', 'failed', 'stopped: the server shut down', ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)`);
    const night = nightOf(10);
    await failedNightly(new Date(night.getTime() - 20 * 60_000));
    const retried = await startCrmRebuild(db, 'nightly', null, night);
    expect(retried).toMatchObject({ trigger: 'nightly', status: 'running' });
    await settleCrmRebuilds(db);
    expect(await startCrmRebuild(db, 'nightly', null, new Date(night.getTime() + 60_000))).toBeNull();
    // Three failures that day: no more tries until the next night.
    const next = nightOf(11);
    for (let i = 3; i > 0; i -= 1) await failedNightly(new Date(next.getTime() - i * 60_000));
    expect(await startCrmRebuild(db, 'nightly', null, next)).toBeNull();
    expect(await startCrmRebuild(db, 'nightly', null, nightOf(12))).not.toBeNull();
    await settleCrmRebuilds(db);
  });
});
