import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { consumeOnce, drainConsumer, type EventConsumer } from './consumers';
import { appendEvent } from './outbox';
import { drainConsumerFully } from '.';
import type { DomainEvent } from './types';

const marker = (event: DomainEvent) => (event.payload as { touchIds: number[] }).touchIds[0];

function recordingConsumer(name: string, seen: number[]): EventConsumer {
  return {
    name,
    types: ['touches.recorded'],
    async handle(_db, events) {
      seen.push(...events.map((event) => marker(event) ?? -1));
    },
  };
}

const mark = (n: number) => ({ type: 'touches.recorded' as const, occurredAt: new Date(), payload: { touchIds: [n] } });

/** Two connections at once: only a PostgreSQL server has them. */
describe.each(concurrencyDrivers())('the outbox with a long transaction (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 6 });
  });
  afterAll(() => t.close());

  it('never skips an event committed late by a long transaction: the cursor waits for it, then passes both in (txId, id) order', async () => {
    const seen: number[] = [];
    const consumer = recordingConsumer('test-long-tx', seen);
    // Start the consumer behind everything already in the outbox.
    await drainConsumerFully(t.deps.db, consumer);
    seen.length = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const isAppended = new Promise<void>((resolve) => (appended = resolve));
    const long = t.deps.db.transaction(async (tx) => {
      await appendEvent(tx, mark(1)); // takes the lower id and the lower transaction id
      appended();
      await gate;
    });
    await isAppended;
    await appendEvent(t.deps.db, mark(2)); // committed first, with a higher id
    // While the long transaction runs, nothing after it may be passed (a bigserial cursor would pass 2 and skip 1).
    expect(await drainConsumer(t.deps.db, consumer)).toBe(0);
    expect(seen).toEqual([]);
    release();
    await long;
    await drainConsumerFully(t.deps.db, consumer);
    expect(seen).toEqual([1, 2]);
    expect(await drainConsumer(t.deps.db, consumer)).toBe(0);
  });
});

describe.each(testDrivers())('the outbox replays a crashed batch without doubling (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
    await t.deps.db.execute(sql`create table outbox_test_effects (marker int not null)`);
  });
  afterAll(() => t.close());

  it('a handler that fails half-way writes nothing and leaves the cursor; the rerun applies every event exactly once', async () => {
    let crashes = 1;
    const consumer: EventConsumer = {
      name: 'test-crash',
      types: ['touches.recorded'],
      batchSize: 10,
      async handle(db, events) {
        for (const [index, event] of events.entries()) {
          await db.execute(sql`insert into outbox_test_effects (marker) values (${marker(event) ?? -1})`);
          if (crashes > 0 && index === Math.floor(events.length / 2)) {
            crashes -= 1;
            throw new Error('crash mid-batch');
          }
        }
      },
    };
    await drainConsumerFully(t.deps.db, consumer); // past what the app wrote at start
    await t.deps.db.execute(sql`delete from outbox_test_effects`);
    for (let n = 100; n < 125; n += 1) await appendEvent(t.deps.db, mark(n));
    await expect(consumeOnce(t.deps.db, consumer, new Date())).rejects.toThrow('crash mid-batch');
    expect(await queryRows(t.deps.db, sql`select * from outbox_test_effects`)).toEqual([]);
    expect(await drainConsumerFully(t.deps.db, consumer)).toBe(25);
    await drainConsumer(t.deps.db, consumer);
    const rows = await queryRows<{ marker: number }>(t.deps.db, sql`select marker from outbox_test_effects order by marker`);
    expect(rows.map((row) => row.marker)).toEqual(Array.from({ length: 25 }, (_, index) => 100 + index));
  });
});
