import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertMember, insertOrder } from '../channel-report/test-factories';
import { drainAllConsumers, drainConsumer } from '../events';
import { memberFactsConsumer, refreshMemberFacts, settleCrmRebuilds } from '.';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T04:00:00Z');

describe.each(concurrencyDrivers())('crm rebuilds under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => {
    await settleCrmRebuilds(t.deps.db);
    await t.close();
  });

  it('starts exactly one of many parallel rebuild requests; the others get 409 CRM_REBUILD_RUNNING', async () => {
    const owner = await createStaff(t, 'owner');
    for (let i = 0; i < 20; i += 1) await insertMember(t.deps.db, new Date(NOW.getTime() - i * DAY), null);
    // The facts lock held meanwhile keeps the winner running until every request has answered.
    const answers = await t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(1400014)`);
      return Promise.all(Array.from({ length: 12 }, () => t.request().post('/api/admin/crm/rebuilds').set(owner.auth)));
    });
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const res of answers.filter((r) => r.status === 409)) expect(res.body.error.code).toBe('CRM_REBUILD_RUNNING');
    await settleCrmRebuilds(t.deps.db);
    const [row] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from crm_rebuilds`);
    expect(row!.n).toBe(1);
  });
  it('a consumer refreshing members while a rebuild writes them: no lost order, every stage change recorded once', async () => {
    const db = t.deps.db;
    const members: number[] = [];
    for (let i = 0; i < 120; i += 1) members.push(await insertMember(db, new Date(NOW.getTime() - 400 * DAY), null));
    // Half of them paid long ago (at risk / churned), the rest are prospects.
    for (const [i, memberId] of members.entries()) {
      if (i % 2 === 0)
        await insertOrder(db, { memberId, paidAt: new Date(NOW.getTime() - (200 + i) * DAY), payableFen: 5_000, firstChannelId: null, lastChannelId: null });
    }
    await drainAllConsumers(db, () => NOW);
    // Rebuilds in small chunks while orders are paid and the facts consumer runs, all at once on the pool.
    const rebuilds = (async () => {
      for (let r = 0; r < 3; r += 1) await refreshMemberFacts(db, null, NOW, { batchSize: 10 });
    })();
    const shoppers = (async () => {
      for (let i = 0; i < 40; i += 1) {
        const memberId = members[(i * 37) % members.length]!;
        await insertOrder(db, {
          memberId,
          paidAt: new Date(NOW.getTime() - (i % 5) * 3_600_000),
          payableFen: 1_000 + i,
          firstChannelId: null,
          lastChannelId: null,
        });
        await drainConsumer(db, memberFactsConsumer, () => NOW);
      }
    })();
    await Promise.all([rebuilds, shoppers]);
    await drainAllConsumers(db, () => NOW);

    const facts = async () =>
      queryRows<{ member_id: number; paid_orders: number; net_paid_fen: string; lifecycle: string }>(
        db,
        sql`select member_id, paid_orders, net_paid_fen::text as net_paid_fen, lifecycle from member_facts
          where member_id = any(${`{${members.join(',')}}`}::int[]) order by member_id`,
      );
    const [ledger] = await queryRows<{ orders: number; fen: string }>(
      db,
      sql`select count(*)::int as orders, sum(payable_fen)::text as fen from orders where member_id = any(${`{${members.join(',')}}`}::int[])`,
    );
    const settled = await facts();
    expect(settled.reduce((sum, row) => sum + Number(row.paid_orders), 0)).toBe(Number(ledger!.orders));
    expect(settled.reduce((sum, row) => sum + Number(row.net_paid_fen), 0)).toBe(Number(ledger!.fen));
    // Nothing left to correct: a refresh of everyone changes no stage and no figure.
    expect((await refreshMemberFacts(db, null, NOW)).transitions).toBe(0);
    expect(await facts()).toEqual(settled);
    // Each member's stage changes form one chain from 潜客 to where it is now (no change recorded twice or undone).
    const events = await queryRows<{ member_id: number; from: string; to: string }>(
      db,
      sql`select member_id, payload->>'from' as "from", payload->>'to' as "to" from domain_events
        where type = 'member.lifecycle_changed' and member_id = any(${`{${members.join(',')}}`}::int[]) order by id`,
    );
    for (const row of settled) {
      const chain = events.filter((event) => Number(event.member_id) === Number(row.member_id));
      const stages = ['prospect', ...chain.map((event) => event.to)];
      expect({ member: row.member_id, froms: chain.map((event) => event.from) }).toEqual({ member: row.member_id, froms: stages.slice(0, -1) });
      expect({ member: row.member_id, now: stages[stages.length - 1] }).toEqual({ member: row.member_id, now: row.lifecycle });
      expect(new Set(chain.map((event) => `${event.from}>${event.to}`)).size).toBe(chain.length);
    }
  });
});
