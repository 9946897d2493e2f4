import { DEFAULT_MESSAGING_SETTINGS } from '@siyu/shared';
import { sql } from 'drizzle-orm';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { dispatchDue } from './dispatcher';
import { CHINA_NOON, intentsById, messagesOfIntents, useSettings, writeIntents } from './messaging.test-helpers';

/** Several workers dispatch in parallel until none claims anything. */
async function raceWorkers(t: TestApp, workers: number, limit: number): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let run = 0; run < 500; run += 1) if ((await dispatchDue(t.deps, CHINA_NOON, limit)).claimed === 0) return;
    }),
  );
}

describe.each(concurrencyDrivers())('parallel dispatchers on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 12 });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.deps.db.execute(sql`update message_intents set status = 'skipped', reason = 'holdout' where status in ('pending','sending','waiting')`);
  });

  it('500 intents, 6 workers: each sent exactly once (one claim, one message)', async () => {
    await useSettings(t.deps.db);
    const members = await Promise.all(Array.from({ length: 50 }, () => createMemberDirect(t)));
    const ids = await writeIntents(
      t.deps.db,
      Array.from({ length: 500 }, (_, i) => ({ memberId: members[i % 50]!.id, purpose: 'service' as const })),
    );
    await raceWorkers(t, 6, 40);
    const rows = await intentsById(t.deps.db, ids);
    expect(rows.filter((row) => row.status !== 'delivered' || row.attempts !== 1)).toEqual([]);
    const messages = await messagesOfIntents(t.deps.db, ids);
    expect(messages).toHaveLength(500);
    expect(new Set(messages.map((row) => row.intentId)).size).toBe(500);
  });

  it('caps do not race: 10 workers over 80 marketing intents of 2 members send exactly the cap for each', async () => {
    await useSettings(t.deps.db, { caps: { ...DEFAULT_MESSAGING_SETTINGS.caps, inapp: { perDay: 10, perWeek: 20 }, all: { perDay: 3, perWeek: 8 } } });
    const members = await Promise.all(Array.from({ length: 2 }, () => createMemberDirect(t)));
    const ids = await writeIntents(
      t.deps.db,
      Array.from({ length: 80 }, (_, i) => ({ memberId: members[i % 2]!.id })),
    );
    await raceWorkers(t, 10, 1);
    const rows = await intentsById(t.deps.db, ids);
    for (const member of members) {
      const mine = rows.filter((row) => row.memberId === member.id);
      expect(mine.filter((row) => row.status === 'delivered')).toHaveLength(3);
      expect(mine.filter((row) => row.status === 'skipped' && row.reason === 'cap_all_day')).toHaveLength(37);
    }
    expect(await messagesOfIntents(t.deps.db, ids)).toHaveLength(6);
  });
});
