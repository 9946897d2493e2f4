import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { behaviourEvents, domainEvents } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('behaviour events under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  it('60 parallel batches of two members and anonymous devices: every view kept exactly once, under its own member', async () => {
    const members = [await loginMember(t), await loginMember(t)];
    const deviceIds = Array.from({ length: 3 }, () => `dev_${crypto.randomBytes(12).toString('hex')}`);
    const requests = Array.from({ length: 60 }, (_, index) => {
      const member = index % 3 === 2 ? null : members[index % 3]!;
      const request = t.request().post('/api/events');
      if (member) request.set(member.auth);
      return request.send({
        deviceId: deviceIds[index % 3],
        events: Array.from({ length: 1 + (index % 10) }, (_, n) => ({ type: 'product_view', productId: index * 100 + n + 1 })),
      });
    });
    const results = await Promise.all(requests);
    expect(results.filter((res) => res.status !== 202)).toEqual([]);
    const expected = (member: number) =>
      Array.from({ length: 60 }, (_, index) => index)
        .filter((index) => index % 3 === member)
        .reduce((sum, index) => sum + 1 + (index % 10), 0);
    const rows = await t.deps.db.select().from(behaviourEvents).where(inArray(behaviourEvents.deviceId, deviceIds));
    expect(rows).toHaveLength(expected(0) + expected(1) + expected(2));
    expect(new Set(rows.map((row) => row.productId)).size).toBe(rows.length);
    for (const [slot, member] of members.entries()) {
      const own = rows.filter((row) => row.memberId === member.id);
      expect(own).toHaveLength(expected(slot));
      expect(own.every((row) => row.deviceId === deviceIds[slot])).toBe(true);
    }
    expect(rows.filter((row) => row.memberId === null)).toHaveLength(expected(2));
    expect(await t.deps.db.select().from(behaviourEvents).where(eq(behaviourEvents.deviceId, deviceIds[2]!))).toHaveLength(expected(2));
  });

  it('two members logging in at once on a device with anonymous events: every row goes to one of them, one behaviour.merged', async () => {
    const deviceId = `dev_${crypto.randomBytes(12).toString('hex')}`;
    for (let batch = 0; batch < 5; batch += 1) {
      const res = await t
        .request()
        .post('/api/events')
        .send({ deviceId, events: Array.from({ length: 20 }, (_, n) => ({ type: 'product_view', productId: batch * 20 + n + 1 })) });
      expect(res.status).toBe(202);
    }
    const codes = await Promise.all([0, 1].map(() => t.simulator.mintLoginCode(`u${crypto.randomBytes(5).toString('hex')}`)));
    const logins = await Promise.all(codes.map(({ code }) => t.request().post('/api/auth/wechat').send({ code, deviceId })));
    expect(logins.map((res) => res.status)).toEqual([200, 200]);
    const ids = logins.map((res) => (res.body as { member: { id: number } }).member.id);
    const rows = await t.deps.db.select().from(behaviourEvents).where(eq(behaviourEvents.deviceId, deviceId));
    expect(rows).toHaveLength(100);
    const owners = new Set(rows.map((row) => row.memberId));
    // The first login's UPDATE takes every anonymous row; the second re-checks member_id and finds none left.
    expect(owners.size).toBe(1);
    expect(ids).toContain([...owners][0]);
    const merged = await t.deps.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'behaviour.merged'), sql`${domainEvents.payload}->>'deviceId' = ${deviceId}`));
    expect(merged.map((event) => event.memberId)).toEqual([...owners]);
  });
});
