import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { behaviourEvents, domainEvents } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

const newDeviceId = () => `dev_${crypto.randomBytes(12).toString('hex')}`;

describe.each(testDrivers())('behaviour events API (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t
      .request()
      .post('/api/events')
      .set(headers)
      .send(body as object);
  const rowsOfDevice = (deviceId: string) => t.deps.db.select().from(behaviourEvents).where(eq(behaviourEvents.deviceId, deviceId)).orderBy(behaviourEvents.id);
  const recordedEvents = async () => (await t.deps.db.select().from(domainEvents).where(eq(domainEvents.type, 'behaviour.recorded'))).length;

  it('records an anonymous batch of product views (202 { accepted }) with one behaviour.recorded event', async () => {
    const deviceId = newDeviceId();
    const before = await recordedEvents();
    const res = await post({
      deviceId,
      events: [
        { type: 'product_view', productId: 1 },
        { type: 'product_view', productId: 987654 },
      ],
    });
    expect([res.status, res.body]).toEqual([202, { accepted: 2 }]);
    const rows = await rowsOfDevice(deviceId);
    expect(rows.map((row) => [row.type, row.productId, row.memberId])).toEqual([
      ['product_view', 1, null],
      ['product_view', 987654, null],
    ]);
    expect(await recordedEvents()).toBe(before + 1);
    const [event] = await t.deps.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.type, 'behaviour.recorded'))
      .orderBy(domainEvents.id)
      .limit(1)
      .offset(before);
    expect(event?.payload).toEqual({ count: 2 });
  });

  it('keeps a client time within the last day, else takes the server clock', async () => {
    const deviceId = newDeviceId();
    const now = t.clock.now().getTime();
    const hourAgo = new Date(now - 3600_000).toISOString();
    const res = await post({
      deviceId,
      events: [
        { type: 'product_view', productId: 5, at: hourAgo },
        { type: 'product_view', productId: 6, at: new Date(now - 2 * 86_400_000).toISOString() },
        { type: 'product_view', productId: 7, at: new Date(now + 3600_000).toISOString() },
      ],
    });
    expect(res.status).toBe(202);
    const rows = await rowsOfDevice(deviceId);
    expect(rows[0]!.occurredAt.getTime()).toBe(now - 3600_000);
    // Two days ago and an hour ahead: the server's clock (the time the batch was received).
    expect(rows.slice(1).map((row) => row.occurredAt.getTime() === row.receivedAt.getTime())).toEqual([true, true]);
    expect(rows[1]!.receivedAt.getTime()).toBeGreaterThanOrEqual(now);
  });

  it('stores a member’s views under the token’s member only — never an id from the body; a forged token is anonymous', async () => {
    const alice = await loginMember(t);
    const bob = await loginMember(t);
    const deviceId = newDeviceId();
    const smuggled = await post({ deviceId, memberId: bob.id, events: [{ type: 'product_view', productId: 3 }] }, alice.auth);
    expect([smuggled.status, smuggled.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const inEvent = await post({ deviceId, events: [{ type: 'product_view', productId: 3, memberId: bob.id }] }, alice.auth);
    expect(inEvent.status).toBe(400);
    expect(await rowsOfDevice(deviceId)).toEqual([]);

    expect((await post({ deviceId, events: [{ type: 'product_view', productId: 3 }] }, alice.auth)).status).toBe(202);
    expect((await post({ deviceId, events: [{ type: 'product_view', productId: 4 }] }, { Authorization: `Bearer ${alice.accessToken}x` })).status).toBe(202);
    const rows = await rowsOfDevice(deviceId);
    expect(rows.map((row) => [row.productId, row.memberId])).toEqual([
      [3, alice.id],
      [4, null],
    ]);
    const bobRows = await t.deps.db.select().from(behaviourEvents).where(eq(behaviourEvents.memberId, bob.id));
    expect(bobRows).toEqual([]);
  });

  it.each([
    [
      'an unknown type',
      {
        events: [
          { type: 'product_view', productId: 1 },
          { type: 'add_to_cart', productId: 1 },
        ],
      },
      'body.events.1.type',
    ],
    ['a product id of 0', { events: [{ type: 'product_view', productId: 0 }] }, 'body.events.0.productId'],
    ['a product id as text', { events: [{ type: 'product_view', productId: '12' }] }, 'body.events.0.productId'],
    ['no product id', { events: [{ type: 'product_view' }] }, 'body.events.0.productId'],
    ['a short device id', { events: [{ type: 'product_view', productId: 1, deviceId: 'short' }] }, 'body.events.0.deviceId'],
    ['a bad time', { events: [{ type: 'product_view', productId: 1, at: 'yesterday' }] }, 'body.events.0.at'],
    ['an empty batch', { events: [] }, 'body.events'],
    ['51 events', { events: Array.from({ length: 51 }, () => ({ type: 'product_view', productId: 1 })) }, 'body.events'],
    ['no events', {}, 'body.events'],
  ])('refuses %s with 400 naming %s and stores nothing', async (_name, body, field) => {
    const deviceId = newDeviceId();
    const before = await recordedEvents();
    const res = await post({ deviceId, ...body });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((res.body.error.details.issues as { field: string }[]).map((issue) => issue.field)).toContain(field);
    expect(await rowsOfDevice(deviceId)).toEqual([]);
    expect(await recordedEvents()).toBe(before);
  });

  it('takes a batch of exactly 50', async () => {
    const deviceId = newDeviceId();
    const res = await post({ deviceId, events: Array.from({ length: 50 }, (_, index) => ({ type: 'product_view', productId: index + 1 })) });
    expect([res.status, res.body]).toEqual([202, { accepted: 50 }]);
    expect(await rowsOfDevice(deviceId)).toHaveLength(50);
  });
});
