import { eq } from 'drizzle-orm';
import { devices, members } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainAllConsumers } from '../events';
import { attributionOf, createChannelWithCode, eventsOf, newDeviceId, touchesOfDevice } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('touches under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  it('200 parallel touches + 5 parallel logins of one device: one member, every touch kept once, the first touch’s channel acquires', async () => {
    const first = await createChannelWithCode(t, { name: '首触渠道' });
    const later = await createChannelWithCode(t, { name: '后触渠道' });
    const deviceId = newDeviceId();
    const userKey = `concurrent-${deviceId}`;
    const now = t.clock.now().getTime();
    const codes = await Promise.all(Array.from({ length: 5 }, () => t.simulator.mintLoginCode(userKey)));
    const touchRequests = Array.from({ length: 200 }, (_, index) =>
      t
        .request()
        .post('/api/touches')
        .send({
          deviceId,
          path: `pages/p${index}`,
          // The earliest touch is the first channel's, an hour ago; the others come later (or after the login).
          scene: index === 0 ? first.scene : later.scene,
          at: new Date(now - (index === 0 ? 3600_000 : 1800_000 - index * 1000)).toISOString(),
        }),
    );
    const loginRequests = codes.map(({ code }) => t.request().post('/api/auth/wechat').send({ code, deviceId }));
    const [touchResults, loginResults] = await Promise.all([Promise.all(touchRequests), Promise.all(loginRequests)]);
    expect(touchResults.filter((res) => res.status !== 202)).toEqual([]);
    expect(loginResults.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    const memberIds = new Set(loginResults.map((res) => (res.body as { member: { id: number } }).member.id));
    expect(memberIds.size).toBe(1);
    const memberId = [...memberIds][0]!;
    expect(await t.deps.db.select().from(members).where(eq(members.id, memberId))).toHaveLength(1);
    expect(await t.deps.db.select().from(devices).where(eq(devices.deviceId, deviceId))).toEqual([expect.objectContaining({ memberId })]);

    const rows = await touchesOfDevice(t, deviceId);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.path)).size).toBe(200);
    // Group commit: far fewer writes (events) than requests.
    const batches = (await eventsOf(t, 'touches.recorded')).filter((event) =>
      (event.payload as { touchIds: number[] }).touchIds.some((id) => rows.some((row) => row.id === id)),
    );
    expect(batches.length).toBeLessThan(200);
    expect(batches.flatMap((event) => (event.payload as { touchIds: number[] }).touchIds).sort((a, b) => a - b)).toEqual(rows.map((row) => row.id));

    await drainAllConsumers(t.deps.db);
    expect(await attributionOf(t, memberId)).toMatchObject({ channelId: first.channelId, codeId: first.codeId });
    expect(await eventsOf(t, 'member.registered', { memberId })).toHaveLength(1);
  });
});
