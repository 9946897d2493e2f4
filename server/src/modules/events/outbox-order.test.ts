import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import type { EventConsumer } from './consumers';
import { appendEvent } from './outbox';
import { drainConsumerFully } from '.';

/** A consumer that records the marker (first touch id) of each event it is handed. */
function recordingConsumer(name: string, seen: number[]): EventConsumer {
  return {
    name,
    types: ['touches.recorded'],
    async handle(_db, events) {
      seen.push(...events.map((event) => (event.payload as { touchIds: number[] }).touchIds[0] ?? -1));
    },
  };
}

const mark = (n: number) => ({ type: 'touches.recorded' as const, occurredAt: new Date(), payload: { touchIds: [n] } });

describe.each(testDrivers())('the outbox reads in numeric (txId, id) order (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('passes every event once, in order, when full batches cross a power of ten (ids 1000 < 999 as text)', async () => {
    const seen: number[] = [];
    const consumer = { ...recordingConsumer('test-numeric-order', seen), batchSize: 7 };
    await drainConsumerFully(t.deps.db, consumer);
    seen.length = 0;
    const [top] = await queryRows<{ max: string | null }>(t.deps.db, sql`select max(id)::text as max from domain_events`);
    const power = 10 ** String(Number(top?.max ?? 0) + 10).length;
    await t.deps.db.execute(sql`select setval('domain_events_id_seq', ${power - 10})`);
    await t.deps.db.transaction(async (tx) => {
      for (let n = 0; n < 30; n += 1) await appendEvent(tx, mark(n));
    });
    expect(await drainConsumerFully(t.deps.db, consumer)).toBe(30);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => index));
  });
});
