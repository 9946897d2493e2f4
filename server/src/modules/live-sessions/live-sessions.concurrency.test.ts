import { and, eq } from 'drizzle-orm';
import { auditLog, promoCodes } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { HOUR, MINUTE, createSession, isoFromNow, uniqueCode } from './test-factories';

/** Only a PostgreSQL server can run transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('live sessions under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const liveSession = () => createSession(t, owner.auth, { startsAt: isoFromNow(t, -MINUTE), endsAt: isoFromNow(t, HOUR) });

  it('POST …/promo-codes: 12 parallel creations of one code on different sessions, any case → exactly one 201, the rest PROMO_CODE_TAKEN', async () => {
    const sessions = await Promise.all(Array.from({ length: 12 }, () => liveSession()));
    const code = uniqueCode('Race');
    const responses = await Promise.all(
      sessions.map((session, i) =>
        t
          .request()
          .post(`/api/admin/live-sessions/${session.id}/promo-codes`)
          .set(owner.auth)
          .send({ code: i % 2 === 0 ? code.toUpperCase() : code.toLowerCase(), rule: { kind: 'fixed_off', offFen: 100 } }),
      ),
    );
    expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
    const refused = responses.filter((res) => res.status !== 201);
    expect(refused.map((res) => `${res.status} ${res.body.error?.code}`)).toEqual(Array.from({ length: 11 }, () => '409 PROMO_CODE_TAKEN'));
    expect(await t.deps.db.select().from(promoCodes).where(eq(promoCodes.code, code.toUpperCase()))).toHaveLength(1);
    expect(await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'promo_code.create'))).toHaveLength(1);
  });

  it('POST …/end: 10 parallel ends of one session → exactly one 200, the rest LIVE_SESSION_ENDED, one audit row', async () => {
    const session = await liveSession();
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(owner.auth)));
    expect(responses.filter((res) => res.status === 200)).toHaveLength(1);
    expect(responses.filter((res) => res.status === 409 && res.body.error.code === 'LIVE_SESSION_ENDED')).toHaveLength(9);
    expect(
      await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'live_session.end'), eq(auditLog.targetId, String(session.id)))),
    ).toHaveLength(1);
  });
});
