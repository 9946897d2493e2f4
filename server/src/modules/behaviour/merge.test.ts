import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
import { behaviourEvents, domainEvents } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

const newDeviceId = () => `dev_${crypto.randomBytes(12).toString('hex')}`;

describe.each(testDrivers())('merge of a device’s anonymous behaviour at login (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const login = async (deviceId: string, userKey = `u${crypto.randomBytes(5).toString('hex')}`) => {
    const { code } = await t.simulator.mintLoginCode(userKey);
    const res = await t.request().post('/api/auth/wechat').send({ code, deviceId });
    expect(res.status).toBe(200);
    return { id: (res.body as { member: { id: number } }).member.id, userKey };
  };
  const rowsOf = (deviceId: string) => t.deps.db.select().from(behaviourEvents).where(eq(behaviourEvents.deviceId, deviceId)).orderBy(behaviourEvents.id);
  const mergedEvents = (deviceId: string) =>
    t.deps.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'behaviour.merged'), sql`${domainEvents.payload}->>'deviceId' = ${deviceId}`));

  it('anonymous views then login: the rows carry the member, one behaviour.merged with their days; a second login changes nothing', async () => {
    const deviceId = newDeviceId();
    const now = t.clock.now();
    const earlier = new Date(now.getTime() - 20 * 3600_000);
    const sent = await t
      .request()
      .post('/api/events')
      .send({
        deviceId,
        events: [
          { type: 'page_view', page: 'pages/index/index', at: earlier.toISOString() },
          { type: 'product_view', productId: 8 },
          { type: 'add_to_cart', productId: 8, quantity: 1 },
        ],
      });
    expect(sent.status).toBe(202);
    const member = await login(deviceId);
    expect((await rowsOf(deviceId)).map((row) => row.memberId)).toEqual([member.id, member.id, member.id]);
    const events = await mergedEvents(deviceId);
    expect(events).toHaveLength(1);
    expect(events[0]!.memberId).toBe(member.id);
    expect(events[0]!.payload).toEqual({ deviceId, memberId: member.id, days: [...new Set([chinaDate(earlier), chinaDate(now)])].sort() });

    await login(deviceId, member.userKey);
    expect(await mergedEvents(deviceId)).toHaveLength(1);
  });

  it('another member logging in on the device later takes only the anonymous rows since, never the first member’s', async () => {
    const deviceId = newDeviceId();
    await t
      .request()
      .post('/api/events')
      .send({ deviceId, events: [{ type: 'product_view', productId: 1 }] });
    const alice = await login(deviceId);
    // Bob's other device and alice's own rows stay as they are; the device's new anonymous view goes to bob.
    const bobDevice = newDeviceId();
    await t
      .request()
      .post('/api/events')
      .send({ deviceId: bobDevice, events: [{ type: 'product_view', productId: 3 }] });
    await t
      .request()
      .post('/api/events')
      .send({ deviceId, events: [{ type: 'product_view', productId: 2 }] });
    const bob = await login(deviceId);
    expect((await rowsOf(deviceId)).map((row) => [row.productId, row.memberId])).toEqual([
      [1, alice.id],
      [2, bob.id],
    ]);
    expect((await rowsOf(bobDevice)).map((row) => row.memberId)).toEqual([null]);
    expect((await mergedEvents(deviceId)).map((event) => event.memberId)).toEqual([alice.id, bob.id]);
  });

  it('a login without a device id or with no anonymous rows appends no behaviour.merged', async () => {
    const deviceId = newDeviceId();
    await login(deviceId);
    const member = await loginMember(t);
    expect(member.id).toBeGreaterThan(0);
    expect(await mergedEvents(deviceId)).toEqual([]);
  });

  it('rows older than the retention are left anonymous', async () => {
    const deviceId = newDeviceId();
    const now = t.clock.now();
    await t.deps.db.insert(behaviourEvents).values([
      { type: 'product_view', occurredAt: new Date(now.getTime() - 401 * 86_400_000), deviceId, productId: 4 },
      { type: 'product_view', occurredAt: new Date(now.getTime() - 399 * 86_400_000), deviceId, productId: 5 },
    ]);
    const member = await login(deviceId);
    expect((await rowsOf(deviceId)).map((row) => [row.productId, row.memberId])).toEqual([
      [4, null],
      [5, member.id],
    ]);
  });
});
