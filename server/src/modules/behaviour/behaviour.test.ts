import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
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
    expect(event?.payload).toEqual({ count: 2, visits: [{ day: chinaDate(rows[0]!.occurredAt), deviceId, memberId: null }] });
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
          { type: 'product_click', productId: 1 },
        ],
      },
      'body.events.1.type',
    ],
    ['a cart event without a quantity', { events: [{ type: 'add_to_cart', productId: 1 }] }, 'body.events.0.quantity'],
    ['a page view with a product id', { events: [{ type: 'page_view', page: 'pages/index/index', productId: 1 }] }, 'body.events.0.productId'],
    ['a page path of 65 characters', { events: [{ type: 'page_view', page: 'p'.repeat(65) }] }, 'body.events.0.page'],
    ['a page path with a NUL', { events: [{ type: 'page_view', page: 'pages/\u0000index' }] }, 'body.events.0.page'],
    ['a checkout with a product', { events: [{ type: 'checkout_start', productId: 3 }] }, 'body.events.0.productId'],
    ['a share to nowhere', { events: [{ type: 'share', target: 'moments' }] }, 'body.events.0.target'],
    ['a quantity of 0', { events: [{ type: 'add_to_cart', productId: 1, quantity: 0 }] }, 'body.events.0.quantity'],
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

  it('records every type: page views, product views, carts, checkouts and shares, extra fields in data', async () => {
    const deviceId = newDeviceId();
    const res = await post({
      deviceId,
      events: [
        { type: 'page_view', page: 'pages/index/index' },
        { type: 'product_view', productId: 11 },
        { type: 'add_to_cart', productId: 11, skuId: 31, quantity: 2 },
        { type: 'add_to_cart', productId: 12, quantity: 1 },
        { type: 'checkout_start', itemCount: 2 },
        { type: 'checkout_start' },
        { type: 'share', productId: 11, target: 'friend' },
        { type: 'share', target: 'timeline' },
      ],
    });
    expect([res.status, res.body]).toEqual([202, { accepted: 8 }]);
    const rows = await rowsOfDevice(deviceId);
    expect(rows.map((row) => [row.type, row.productId, row.data])).toEqual([
      ['page_view', null, { page: 'pages/index/index' }],
      ['product_view', 11, {}],
      ['add_to_cart', 11, { skuId: 31, quantity: 2 }],
      ['add_to_cart', 12, { quantity: 1 }],
      ['checkout_start', null, { itemCount: 2 }],
      ['checkout_start', null, {}],
      ['share', 11, { target: 'friend' }],
      ['share', null, { target: 'timeline' }],
    ]);
  });

  it('names the batch’s distinct visits (China day, device, member) in behaviour.recorded', async () => {
    const alice = await loginMember(t);
    const [deviceA, deviceB] = [newDeviceId(), newDeviceId()];
    const now = t.clock.now().getTime();
    // 23 hours ago and now fall on two China days unless the clock is between 23:00 and 24:00 China time.
    const earlier = new Date(now - 23 * 3600_000);
    const before = await recordedEvents();
    const res = await post(
      {
        deviceId: deviceA,
        events: [
          { type: 'page_view', page: 'pages/index/index', at: earlier.toISOString() },
          { type: 'product_view', productId: 2, at: earlier.toISOString() },
          { type: 'product_view', productId: 2 },
          { type: 'share', target: 'friend', deviceId: deviceB },
          { type: 'checkout_start', deviceId: deviceB },
        ],
      },
      alice.auth,
    );
    expect(res.status).toBe(202);
    const [event] = await t.deps.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.type, 'behaviour.recorded'))
      .orderBy(domainEvents.id)
      .limit(1)
      .offset(before);
    const today = chinaDate(new Date(now));
    const expected = [
      { day: chinaDate(earlier), deviceId: deviceA, memberId: alice.id },
      { day: today, deviceId: deviceA, memberId: alice.id },
      { day: today, deviceId: deviceB, memberId: alice.id },
    ];
    const distinct = [...new Map(expected.map((visit) => [JSON.stringify(visit), visit])).values()];
    expect(event?.payload).toEqual({ count: 5, visits: expect.arrayContaining(distinct) as unknown });
    expect((event?.payload as { visits: unknown[] }).visits).toHaveLength(distinct.length);
  });

  it('takes a batch of exactly 50', async () => {
    const deviceId = newDeviceId();
    const res = await post({ deviceId, events: Array.from({ length: 50 }, (_, index) => ({ type: 'product_view', productId: index + 1 })) });
    expect([res.status, res.body]).toEqual([202, { accepted: 50 }]);
    expect(await rowsOfDevice(deviceId)).toHaveLength(50);
  });
});
