import { testDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { earnOrderPoints } from '../points';
import { inLedgerTx, insertOrder, saveSettings } from '../points/test-factories';

describe.each(testDrivers())('order rewards on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  describe('GET /api/orders/:id/rewards', () => {
    it('answers the points the payment booked and the growth the order will credit on completion', async () => {
      await saveSettings(t.deps.db, { growthCreditDelayDays: null });
      const member = await loginMember(t);
      const now = t.clock.now();
      const order = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 12_345, paidAt: now, now });
      const booked = await inLedgerTx(t, (tx) => earnOrderPoints(tx, order.id));
      expect(booked).toBeGreaterThan(0);
      const res = await t.request().get(`/api/orders/${order.id}/rewards`).set(member.auth);
      expect(res.status).toBe(200);
      // The first paid order also earns the first-purchase bonus: the answer is both lots together.
      expect(res.body.points).toBeGreaterThanOrEqual(booked);
      expect(res.body).toMatchObject({ orderId: order.id, isGrowthCredited: false, growthCreditDelayDays: null });
      expect(res.body.growth).toBe(123);
      expect(Date.parse(res.body.pointsAvailableAt)).toBeGreaterThanOrEqual(now.getTime());
    });

    it('answers zero for an unpaid order', async () => {
      const member = await loginMember(t);
      const now = t.clock.now();
      const order = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 5000, paidAt: null, now });
      const res = await t.request().get(`/api/orders/${order.id}/rewards`).set(member.auth);
      expect(res.body).toMatchObject({ points: 0, pointsAvailableAt: null, growth: 0, isGrowthCredited: false });
    });

    it('answers 404 ORDER_NOT_FOUND for another member’s order', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const now = t.clock.now();
      const order = await insertOrder(t.deps.db, { memberId: alice.id, payableFen: 5000, paidAt: now, now });
      const res = await t.request().get(`/api/orders/${order.id}/rewards`).set(bob.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
      expect((await t.request().get(`/api/orders/${order.id}/rewards`)).status).toBe(401);
    });
  });
});
