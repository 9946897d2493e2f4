import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertMembers } from '../tags/test-factories';
import { insertOrder } from '../coupons/test-factories';
import { appendEvents, drainConsumerFully } from '../events';
import { drainConsumer } from '../events/consumers';
import type { DomainEvent } from '../events/types';
import { dispatchDue } from '../messaging/dispatcher';
import { journeysConsumer } from './consumer';
import { runDueSteps } from './runner';
import { definitionOf, enroll, enrollmentsOf, inappStep, intentsOf, publishedJourney, stepRunsOf } from './test-factories';

const flow = () =>
  definitionOf([
    inappStep('s1', 'b'),
    { id: 'b', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 's2' },
    inappStep('s2', null, '第二条'),
  ]);

describe.each(concurrencyDrivers())('journey runner under concurrency (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 10 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs every step exactly once with several runners in parallel', async () => {
    const journey = await publishedJourney(t, flow());
    const ids = await insertMembers(t, 300);
    expect(await enroll(t, journey, ids)).toBe(300);
    const now = t.clock.now();
    let total = 0;
    for (let round = 0; round < 20; round += 1) {
      const counts = await Promise.all(Array.from({ length: 6 }, () => runDueSteps(t.deps, now, 40)));
      const ran = counts.reduce((a, b) => a + b, 0);
      total += ran;
      if (ran === 0) break;
    }
    expect(total).toBe(900);
    const runs = await stepRunsOf(t, journey.journeyId);
    expect(runs).toHaveLength(900);
    expect(new Set(runs.map((r) => `${r.enrollment_id}:${r.step_id}:${r.visit}`)).size).toBe(900);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(600);
    expect(new Set(intents.map((i) => i.key)).size).toBe(600);
    const [open] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from journey_enrollments where journey_id = ${journey.journeyId} and status <> 'completed'`,
    );
    expect(open!.n).toBe(0);
  });
});

describe.each(concurrencyDrivers())('one outbox event, several workers (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 12 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the same events consumed by two workers at once (and by parallel consumer runs): one entry, one intent, one message each', async () => {
    const journey = await publishedJourney(t, definitionOf([inappStep('s', null)], { trigger: { type: 'event', event: 'order.completed' } }));
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    const memberIds = await insertMembers(t, 20);
    const orderIds = await Promise.all(memberIds.map((memberId) => insertOrder(t, memberId, 'completed', 1000)));
    const now = t.clock.now();
    await appendEvents(
      t.deps.db,
      memberIds.map((memberId, i) => ({
        type: 'order.completed' as const,
        occurredAt: now,
        memberId,
        orderId: orderIds[i]!,
        payload: { completedAt: now.toISOString() },
      })),
    );
    const rows = await queryRows<{
      id: string;
      tx_id: string;
      type: 'order.completed';
      occurred_at: Date | string;
      member_id: number;
      order_id: number;
      payload: unknown;
    }>(
      t.deps.db,
      sql`select id::text, tx_id::text, type, occurred_at, member_id, order_id, payload from domain_events
          where type = 'order.completed' and order_id = any(${`{${orderIds.join(',')}}`}::int[])`,
    );
    const events: DomainEvent[] = rows.map((row) => ({
      id: Number(row.id),
      txId: Number(row.tx_id),
      type: row.type,
      occurredAt: new Date(row.occurred_at),
      memberId: Number(row.member_id),
      orderId: Number(row.order_id),
      payload: row.payload as DomainEvent['payload'],
    }));
    expect(events).toHaveLength(20);
    // Two workers handed the same batch (a replay racing the original), and three consumer runs on the shared cursor.
    await Promise.all([
      ...Array.from({ length: 2 }, () => t.deps.db.transaction((tx) => journeysConsumer.handle(tx, events, { now }))),
      ...Array.from({ length: 3 }, () => drainConsumer(t.deps.db, journeysConsumer, () => now)),
    ]);
    const enrollments = await enrollmentsOf(t, journey.journeyId);
    expect(enrollments).toHaveLength(20);
    expect(new Set(enrollments.map((e) => e.member_id)).size).toBe(20);
    for (let round = 0; round < 10; round += 1) {
      const counts = await Promise.all(Array.from({ length: 4 }, () => runDueSteps(t.deps, now, 3)));
      if (counts.every((n) => n === 0)) break;
    }
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(20);
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all(Array.from({ length: 4 }, () => dispatchDue(t.deps, now, 3)));
      if (results.every((r) => r.claimed === 0)) break;
    }
    const [messages] = await queryRows<{ n: number; intents: number; members: number }>(
      t.deps.db,
      sql`select count(*)::int as n, count(distinct m.intent_id)::int as intents, count(distinct m.member_id)::int as members
          from member_messages m join message_intents i on i.id = m.intent_id where i.journey_id = ${journey.journeyId}`,
    );
    expect(messages).toEqual({ n: 20, intents: 20, members: 20 });
  });
});

describe.each(testDrivers())('journey runner crash (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('rolls the whole step back when it fails after the intent insert; the rerun writes one intent', async () => {
    const journey = await publishedJourney(t, flow());
    const ids = await insertMembers(t, 5);
    await enroll(t, journey, ids);
    let crashed = 0;
    await expect(
      runDueSteps(t.deps, t.clock.now(), 500, {
        afterIntents: () => {
          crashed += 1;
          throw new Error('crash after the intents');
        },
      }),
    ).rejects.toThrow('crash after the intents');
    expect(crashed).toBe(1);
    expect(await intentsOf(t, journey.journeyId)).toEqual([]);
    expect(await stepRunsOf(t, journey.journeyId)).toEqual([]);
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(15);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(10);
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(0);
    expect(await intentsOf(t, journey.journeyId)).toHaveLength(10);
  });
});
