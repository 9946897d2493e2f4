import { eq } from 'drizzle-orm';
import { orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainAllConsumers } from '../events';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';
import { createPaidOrder, refundThrough } from '../refunds/test-factories';
import { orderAttributionAt, recomputeMemberAttribution } from './attribution';
import { saveChannelSettings } from './repo';
import { attributionOf, createChannelWithCode, eventsOf, insertTouch, loginWithDevice, newDeviceId } from './test-factories';

const SECOND = 1000;
const DAY = 86_400_000;

describe.each(testDrivers())('channel attribution (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let chanA: Awaited<ReturnType<typeof createChannelWithCode>>;
  let chanB: Awaited<ReturnType<typeof createChannelWithCode>>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    chanA = await createChannelWithCode(t, { name: '包裹卡 A' });
    chanB = await createChannelWithCode(t, { kind: 'sms', name: '短信 B' });
  });
  afterAll(() => t.close());

  /** A member who registered (logged in with a fresh device) now; returns the member and the device. */
  async function registered() {
    const deviceId = newDeviceId();
    const member = await loginWithDevice(t, deviceId);
    const row = await attributionOf(t, member.id);
    if (!row) throw new Error('no attribution row at registration');
    return { member, deviceId, registeredAt: row.registeredAt };
  }

  describe('order last touch (orderAttributionAt): the latest matched touch in [created − 7 d, created]', () => {
    type Case = [name: string, touches: { channel: 'A' | 'B'; offsetMs: number; status?: 'unknown_code' }[], expected: 'A' | 'B' | null];
    const cases: Case[] = [
      ['a touch exactly 7 days before counts', [{ channel: 'A', offsetMs: -7 * DAY }], 'A'],
      ['a touch 7 days and 1 s before does not', [{ channel: 'A', offsetMs: -7 * DAY - SECOND }], null],
      ['a touch 1 s after the order does not', [{ channel: 'A', offsetMs: SECOND }], null],
      ['the touch at the very instant of the order counts', [{ channel: 'B', offsetMs: 0 }], 'B'],
      [
        'the latest of several wins (last touch), a later one after the order is ignored',
        [
          { channel: 'A', offsetMs: -3 * DAY },
          { channel: 'B', offsetMs: -DAY },
          { channel: 'A', offsetMs: 10 * SECOND },
        ],
        'B',
      ],
      ['an unknown code is no touch of a channel', [{ channel: 'A', offsetMs: -DAY, status: 'unknown_code' }], null],
    ];
    it.each(cases)('%s', async (_name, touches, expected) => {
      const { member, deviceId, registeredAt } = await registered();
      const orderAt = new Date(registeredAt.getTime() + 10 * DAY);
      for (const touch of touches) {
        const chan = touch.channel === 'A' ? chanA : chanB;
        await insertTouch(t, {
          deviceId,
          occurredAt: new Date(orderAt.getTime() + touch.offsetMs),
          channelId: chan.channelId,
          codeId: chan.codeId,
          status: touch.status ?? 'matched',
        });
      }
      const result = await orderAttributionAt(t.deps.db, member.id, orderAt);
      const expectedChannel = expected === null ? null : (expected === 'A' ? chanA : chanB).channelId;
      expect(result.lastChannelId).toBe(expectedChannel);
      expect(result.lastTouchId === null).toBe(expected === null);
    });

    it('uses the store’s window: 3 days leaves out a touch of 4 days ago', async () => {
      const { member, deviceId, registeredAt } = await registered();
      const orderAt = new Date(registeredAt.getTime() + 10 * DAY);
      await insertTouch(t, { deviceId, occurredAt: new Date(orderAt.getTime() - 4 * DAY), channelId: chanA.channelId, codeId: chanA.codeId });
      await saveChannelSettings(t.deps.db, { attributionWindowDays: 3 }, new Date());
      try {
        expect((await orderAttributionAt(t.deps.db, member.id, orderAt)).lastChannelId).toBeNull();
      } finally {
        await saveChannelSettings(t.deps.db, { attributionWindowDays: 7 }, new Date());
      }
      expect((await orderAttributionAt(t.deps.db, member.id, orderAt)).lastChannelId).toBe(chanA.channelId);
    });
  });

  describe('member acquisition (first touch before registration)', () => {
    it('first vs last: acquired by A before registering, an order after a B touch is first A / last B', async () => {
      const deviceId = newDeviceId();
      const now = t.clock.now().getTime();
      await insertTouch(t, { deviceId, occurredAt: new Date(now - 2 * 3600_000), channelId: chanA.channelId, codeId: chanA.codeId });
      await insertTouch(t, { deviceId, occurredAt: new Date(now - 3600_000), channelId: chanB.channelId, codeId: chanB.codeId });
      const member = await loginWithDevice(t, deviceId);
      expect(await attributionOf(t, member.id)).toMatchObject({ channelId: chanA.channelId, codeId: chanA.codeId });
      await insertTouch(t, { memberId: member.id, occurredAt: new Date(now + DAY), channelId: chanB.channelId, codeId: chanB.codeId });
      const result = await orderAttributionAt(t.deps.db, member.id, new Date(now + 2 * DAY));
      expect([result.firstChannelId, result.lastChannelId]).toEqual([chanA.channelId, chanB.channelId]);
    });

    it('a touch after registration never changes the acquisition; an earlier one surfacing later does (once)', async () => {
      const { member, deviceId, registeredAt } = await registered();
      expect(await attributionOf(t, member.id)).toMatchObject({ channelId: null });
      await insertTouch(t, { deviceId, occurredAt: new Date(registeredAt.getTime() + SECOND), channelId: chanB.channelId, codeId: chanB.codeId });
      expect((await recomputeMemberAttribution(t.deps.db, member.id)).isChanged).toBe(false);
      // Written late through the API (a queued touch of an hour ago): the consumer recomputes.
      const res = await t
        .request()
        .post('/api/touches')
        .send({ deviceId, scene: chanA.scene, at: new Date(registeredAt.getTime() - 3600_000).toISOString() });
      expect(res.status).toBe(202);
      await drainAllConsumers(t.deps.db);
      expect(await attributionOf(t, member.id)).toMatchObject({ channelId: chanA.channelId });
      await drainAllConsumers(t.deps.db);
      expect(
        (await eventsOf(t, 'member.attributed', { memberId: member.id })).map((event) => (event.payload as { channelId: number | null }).channelId),
      ).toEqual([null, chanA.channelId]);
    });

    it('phone-hash touches (SMS, calls) count once the member’s phone hash matches; a touch stamped with another member does not', async () => {
      const { member, registeredAt } = await registered();
      const phoneHash = t.deps.phoneCrypto.hash('13700002222');
      await t.deps.db.execute(`update members set phone_hash = '${phoneHash}' where id = ${member.id}`);
      const other = await registered();
      await insertTouch(t, { phoneHash, memberId: other.member.id, occurredAt: new Date(registeredAt.getTime() - 2 * DAY), channelId: chanA.channelId });
      await insertTouch(t, { phoneHash, source: 'ai_call', occurredAt: new Date(registeredAt.getTime() - DAY), channelId: chanB.channelId });
      expect(await recomputeMemberAttribution(t.deps.db, member.id)).toMatchObject({ channelId: chanB.channelId, isChanged: true });
    });
  });

  it('binding a phone (POST /api/me/phone) makes an earlier AI call to that phone the acquisition', async () => {
    const userKey = `u${Date.now().toString(36)}`;
    const member = await loginWithDevice(t, newDeviceId(), userKey);
    const registeredAt = (await attributionOf(t, member.id))?.registeredAt;
    if (!registeredAt) throw new Error('no attribution row');
    expect((await attributionOf(t, member.id))?.channelId ?? null).toBeNull();
    const phone = '13700003333';
    await insertTouch(t, {
      phoneHash: t.deps.phoneCrypto.hash(phone),
      source: 'ai_call',
      occurredAt: new Date(registeredAt.getTime() - DAY),
      channelId: chanB.channelId,
    });
    const { code } = await t.simulator.mintPhoneCode(userKey, phone);
    const res = await t.request().post('/api/me/phone').set(member.auth).send({ code });
    expect(res.status).toBe(200);
    expect((await attributionOf(t, member.id))?.channelId).toBe(chanB.channelId);
  });

  describe('orders through the API: attribution on the row, and the events', () => {
    it('checkout fixes first/last channel on the order and emits order.created; payment → order.paid; refund → refund.succeeded with its amount', async () => {
      const deviceId = newDeviceId();
      await t.request().post('/api/touches').send({ deviceId, scene: chanA.scene, wxScene: 1047 });
      const member = await loginWithDevice(t, deviceId);
      await t.request().post('/api/touches').set(member.auth).send({ deviceId, scene: chanB.scene, kind: 'show' });
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 1000, quantity: 2 }], member);
      const [row] = await t.deps.db.select().from(orders).where(eq(orders.id, paid.order.id));
      expect(row).toMatchObject({ firstChannelId: chanA.channelId, lastChannelId: chanB.channelId, lastCodeId: chanB.codeId });
      expect(row?.lastTouchId).toEqual(expect.any(Number));
      const [created] = await eventsOf(t, 'order.created', { orderId: paid.order.id });
      expect(created?.payload).toEqual({
        payableFen: row?.payableFen,
        firstChannelId: chanA.channelId,
        lastChannelId: chanB.channelId,
        lastCodeId: chanB.codeId,
      });
      const paidEvents = await eventsOf(t, 'order.paid', { orderId: paid.order.id });
      expect(paidEvents.map((event) => (event.payload as { paidFen: number }).paidFen)).toEqual([row?.payableFen]);
      const refund = await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      const refunded = await eventsOf(t, 'refund.succeeded', { orderId: paid.order.id });
      expect(refunded.map((event) => event.payload)).toEqual([
        { refundId: refund.id, amountFen: refund.amountFen, succeededAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      ]);
      // Attribution is immutable: a new touch does not rewrite the order.
      await t.request().post('/api/touches').set(member.auth).send({ scene: chanA.scene });
      const [again] = await t.deps.db.select().from(orders).where(eq(orders.id, paid.order.id));
      expect(again?.lastChannelId).toBe(chanB.channelId);
    });

    it('a member cancelling an unpaid order emits order.cancelled; an organic member’s order has no channels', async () => {
      const { member } = await registered();
      const sku = await createSellableSku(t, owner.auth, { privatePriceFen: 500, publicPriceFen: 900, costPriceFen: 1, stock: 5 });
      const placed = await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 1 }]);
      expect(placed.status).toBe(201);
      const order = orderOf(placed.body);
      const [row] = await t.deps.db.select().from(orders).where(eq(orders.id, order.id));
      expect(row).toMatchObject({ firstChannelId: null, lastChannelId: null, lastCodeId: null, lastTouchId: null });
      const cancel = await t.request().post(`/api/orders/${order.id}/cancel`).set(member.auth).send({ reason: '不想要了' });
      expect(cancel.status).toBe(200);
      expect((await eventsOf(t, 'order.cancelled', { orderId: order.id })).length).toBe(1);
    });
  });
});
