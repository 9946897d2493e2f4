import { eq } from 'drizzle-orm';
import { DEFAULT_MEMBERSHIP_SETTINGS, type MemberGrowthView, type MembershipView } from '@siyu/shared';
import { inTransaction } from '../../context';
import { auditLog, growthEntries, memberTierHistory } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder, refundThrough } from '../refunds/test-factories';
import { growthForRetention } from './evaluation';
import { creditActionGrowth, creditDueOrderGrowth } from './growth';
import { credit, DAY_MS, markCompleted, orderEntries, reverse, staffAuth, testContext, tierOfMember } from './test-factories';

describe.each(testDrivers())('growth value on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('GET /api/me/membership', () => {
    it('shows a new member bronze, with the way to silver, perks and every tier', async () => {
      const member = await loginMember(t);
      const res = await t.request().get('/api/me/membership').set(member.auth);
      expect(res.status).toBe(200);
      const view = res.body as MembershipView;
      expect(view).toMatchObject({
        tierCode: 'bronze',
        tierName: '青铜',
        growthValue: 0,
        growthTotal: 0,
        next: { tierCode: 'silver', tierName: '白银', growthThreshold: 500, growthNeeded: 500 },
        progressBp: 0,
        perks: { discountBp: 0, pointsMultiplierBp: 10000, freeShippingThresholdFen: null, birthdayPoints: 50, hasBirthdayCoupon: false, monthlyCoupons: 0 },
        downgradeWarning: null,
        history: [],
      });
      expect(view.tiers.map((tier) => [tier.code, tier.growthThreshold])).toEqual([
        ['bronze', 0],
        ['silver', 500],
        ['gold', 2000],
        ['platinum', 5000],
        ['diamond', 10000],
      ]);
    });

    it('answers 401 without a member token', async () => {
      const res = await t.request().get('/api/me/membership');
      expect(res.status).toBe(401);
    });
  });

  describe('creditOrderGrowth', () => {
    it('credits a completed order once, shipping included, and not before completion', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 5000, quantity: 1 }]);
      expect(paid.order.payableFen).toBe(5800); // 8.00 shipping below the free-shipping threshold
      expect(await credit(t, paid.order.id)).toBe(0); // paid, not completed: not due yet
      await markCompleted(t, paid.order.id);
      expect(await credit(t, paid.order.id)).toBe(58);
      expect(await credit(t, paid.order.id)).toBe(0);
      const entries = await orderEntries(t, paid.member.id, paid.order.id);
      expect(entries.map((entry) => [entry.delta, entry.source, entry.sourceKey])).toEqual([[58, 'order', `order:${paid.order.id}:growth`]]);
      const view = (await t.request().get('/api/me/membership').set(paid.member.auth)).body as MembershipView;
      expect(view).toMatchObject({ tierCode: 'bronze', growthValue: 58, growthTotal: 58, progressBp: 1160, next: { growthNeeded: 442 } });
    });

    it('upgrades the member as soon as the credit meets a threshold', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 60000, quantity: 1 }]);
      await markCompleted(t, paid.order.id);
      expect(await credit(t, paid.order.id)).toBe(600);
      expect(await tierOfMember(t, paid.member.id)).toBe('silver');
      const view = (await t.request().get('/api/me/membership').set(paid.member.auth)).body as MembershipView;
      expect(view).toMatchObject({
        tierCode: 'silver',
        tierName: '白银',
        growthValue: 600,
        next: { tierCode: 'gold', growthNeeded: 1400 },
        progressBp: 666,
        perks: { pointsMultiplierBp: 12000 },
      });
      expect(view.history).toEqual([{ fromTier: 'bronze', toTier: 'silver', reason: 'upgrade', at: expect.any(String) }]);
    });
  });

  describe('reverseRefundGrowth', () => {
    it('reverses proportionally over partial refunds, adding up exactly to the credit', async () => {
      // 100.00 over 3 units: the refund shares are 33.33, 33.33, 33.34.
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 4000, quantity: 3, payableFen: 10000 }]);
      await markCompleted(t, paid.order.id);
      expect(await credit(t, paid.order.id)).toBe(100);
      const reversals: number[] = [];
      for (let unit = 0; unit < 3; unit += 1) {
        // The refund flow takes the growth back as it settles; calling again for the same refund books nothing more.
        const refund = await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
        await reverse(t, paid.order.id, refund.id);
        expect(await reverse(t, paid.order.id, refund.id)).toBe(0);
        const entries = await orderEntries(t, paid.member.id, paid.order.id);
        const booked = entries.filter((entry) => entry.sourceKey === `refund:${refund.id}:growth`);
        expect(booked).toHaveLength(1);
        reversals.push(-(booked[0]?.delta ?? 0));
      }
      // Cumulative floor(100 × refunded / 10000): 33 after 33.33, 66 after 66.66, 100 after 100.00
      // (rounding each refund on its own would leave 1 behind: 33 + 33 + 33).
      expect(reversals).toEqual([33, 33, 34]);
      const entries = await orderEntries(t, paid.member.id, paid.order.id);
      expect(entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(0);
      expect(entries).toHaveLength(4);
    });

    it('takes nothing back from an order whose growth was never credited', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 3000, quantity: 2 }]);
      const refund = await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      expect(await reverse(t, paid.order.id, refund.id)).toBe(0);
      expect(await orderEntries(t, paid.member.id, paid.order.id)).toEqual([]);
    });

    it('credits an order refunded in part before the credit net of that part, and later refunds keep to the formula', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 5000, quantity: 4 }]);
      await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]); // 50.00 of 200.00, before completion
      await markCompleted(t, paid.order.id);
      expect(await credit(t, paid.order.id)).toBe(150); // 200 − floor(200 × 5000 / 20000)
      const refund = await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      await reverse(t, paid.order.id, refund.id); // books it unless the refund flow did
      const entries = await orderEntries(t, paid.member.id, paid.order.id);
      expect(entries.map((entry) => entry.delta)).toEqual([200, -50, -50]);
    });

    it('keeps the tier after a refund until the grace period ends (the downgrade is only scheduled)', async () => {
      const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 60000, quantity: 1 }]);
      await markCompleted(t, paid.order.id);
      await credit(t, paid.order.id);
      expect(await tierOfMember(t, paid.member.id)).toBe('silver');
      const refund = await refundThrough(t, owner.auth, paid, [{ lineNo: 1, quantity: 1 }]);
      await reverse(t, paid.order.id, refund.id); // books it unless the refund flow did
      expect((await orderEntries(t, paid.member.id, paid.order.id)).map((entry) => entry.delta)).toEqual([600, -600]);
      expect(await tierOfMember(t, paid.member.id)).toBe('silver');
      const view = (await t.request().get('/api/me/membership').set(paid.member.auth)).body as MembershipView;
      expect(view.downgradeWarning).toMatchObject({ toTierCode: 'bronze', growthNeeded: 500 });
      const at = new Date(view.downgradeWarning?.at ?? 0).getTime();
      expect(at - t.clock.now().getTime()).toBeGreaterThan(29 * DAY_MS);
      expect(at - t.clock.now().getTime()).toBeLessThanOrEqual(30 * DAY_MS);
    });
  });

  describe('creditActionGrowth', () => {
    it('credits each action once per member', async () => {
      const member = await createMemberDirect(t);
      const sc = testContext(t);
      expect(await inTransaction(sc, (tx) => creditActionGrowth(tx, member.id, 'profile_completed'))).toBe(20);
      expect(await inTransaction(sc, (tx) => creditActionGrowth(tx, member.id, 'profile_completed'))).toBe(0);
      expect(await inTransaction(sc, (tx) => creditActionGrowth(tx, member.id, 'first_review'))).toBe(10);
      expect(await t.deps.db.$count(growthEntries, eq(growthEntries.memberId, member.id))).toBe(2);
    });
  });

  describe('growthForRetention', () => {
    it('counts the last 12 months, or this calendar year (China time), and dates a reversal by its order', async () => {
      const member = await createMemberDirect(t);
      const at = (iso: string) => new Date(iso);
      const entry = (delta: number, createdAt: string, key: string, extra: Partial<typeof growthEntries.$inferInsert> = {}) => ({
        memberId: member.id,
        delta,
        source: 'manual',
        sourceKey: `${key}:${member.id}`,
        reason: 'test',
        createdAt: at(createdAt),
        ...extra,
      });
      await t.deps.db
        .insert(growthEntries)
        .values([
          entry(100, '2024-03-01T12:00:00+08:00', 'old'),
          entry(40, '2024-12-31T23:30:00+08:00', 'late-last-year'),
          entry(7, '2025-01-01T00:10:00+08:00', 'new-year'),
        ]);
      const now = at('2025-02-01T12:00:00+08:00');
      const rolling = { ...DEFAULT_MEMBERSHIP_SETTINGS, retentionRule: 'rolling_12_months' as const };
      const calendar = { ...DEFAULT_MEMBERSHIP_SETTINGS, retentionRule: 'calendar_year' as const };
      expect(await growthForRetention(t.deps.db, member.id, now, rolling)).toBe(147);
      expect(await growthForRetention(t.deps.db, member.id, at('2025-03-01T12:00:01+08:00'), rolling)).toBe(47);
      expect(await growthForRetention(t.deps.db, member.id, now, calendar)).toBe(7);
    });
  });

  describe('POST /api/admin/members/:id/growth-adjustments', () => {
    it('adjusts with a reason, audits it, upgrades, and shows in the member growth page', async () => {
      const member = await createMemberDirect(t);
      const res = await t.request().post(`/api/admin/members/${member.id}/growth-adjustments`).set(owner.auth).send({ delta: 2100, reason: '补录线下消费' });
      expect(res.status).toBe(201);
      const view = res.body as MemberGrowthView;
      expect(view).toMatchObject({ memberId: member.id, tierCode: 'gold', growthTotal: 2100, growthValue: 2100, pendingDowngrade: null });
      expect(view.entries[0]).toMatchObject({ delta: 2100, source: 'manual', reason: '补录线下消费', staffId: owner.id });
      expect(view.history).toEqual([{ fromTier: 'bronze', toTier: 'gold', reason: 'upgrade', growthValue: 2100, at: expect.any(String) }]);
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(member.id)));
      expect(audits.filter((row) => row.action === 'member.growth_adjust')).toHaveLength(1);
      expect(audits.find((row) => row.action === 'member.growth_adjust')).toMatchObject({
        staffId: owner.id,
        before: { growthTotal: 0 },
        after: { growthTotal: 2100, delta: 2100 },
      });
    });

    it('refuses to take the total below 0 with GROWTH_WOULD_GO_NEGATIVE, writing nothing', async () => {
      const member = await createMemberDirect(t);
      await t.request().post(`/api/admin/members/${member.id}/growth-adjustments`).set(owner.auth).send({ delta: 30, reason: '补录' });
      const res = await t.request().post(`/api/admin/members/${member.id}/growth-adjustments`).set(owner.auth).send({ delta: -31, reason: '扣除' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('GROWTH_WOULD_GO_NEGATIVE');
      expect(await t.deps.db.$count(growthEntries, eq(growthEntries.memberId, member.id))).toBe(1);
      const ok = await t.request().post(`/api/admin/members/${member.id}/growth-adjustments`).set(owner.auth).send({ delta: -30, reason: '扣除' });
      expect(ok.status).toBe(201);
      expect((ok.body as MemberGrowthView).growthTotal).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['a zero delta', { delta: 0, reason: '无效' }, 'body.delta'],
      ['a missing reason', { delta: 5 }, 'body.reason'],
      ['a fractional delta', { delta: 1.5, reason: '补录' }, 'body.delta'],
      ['an unknown field', { delta: 5, reason: '补录', points: 3 }, 'body.points'],
    ])('rejects %s with VALIDATION_FAILED', async (_name, body, field) => {
      const member = await createMemberDirect(t);
      const res = await t
        .request()
        .post(`/api/admin/members/${member.id}/growth-adjustments`)
        .set(owner.auth)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
      expect(await t.deps.db.$count(growthEntries, eq(growthEntries.memberId, member.id))).toBe(0);
    });

    it('answers 404 MEMBER_NOT_FOUND for an unknown member', async () => {
      const res = await t.request().post('/api/admin/members/999999/growth-adjustments').set(owner.auth).send({ delta: 5, reason: '补录' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MEMBER_NOT_FOUND');
      expect(await t.deps.db.$count(memberTierHistory, eq(memberTierHistory.memberId, 999999))).toBe(0);
    });
  });

  describe('GET /api/admin/members/:id/growth', () => {
    it('pages the ledger newest first', async () => {
      const member = await createMemberDirect(t);
      for (const delta of [1, 2, 3])
        await t
          .request()
          .post(`/api/admin/members/${member.id}/growth-adjustments`)
          .set(owner.auth)
          .send({ delta, reason: `第${delta}次` });
      const first = await t.request().get(`/api/admin/members/${member.id}/growth?limit=2`).set(owner.auth);
      expect(first.status).toBe(200);
      expect((first.body as MemberGrowthView).entries.map((entry) => entry.delta)).toEqual([3, 2]);
      const second = await t
        .request()
        .get(`/api/admin/members/${member.id}/growth?limit=2&cursor=${(first.body as MemberGrowthView).nextCursor ?? ''}`)
        .set(owner.auth);
      expect((second.body as MemberGrowthView).entries.map((entry) => entry.delta)).toEqual([1]);
      expect((second.body as MemberGrowthView).nextCursor).toBeNull();
    });
  });

  // Last: it moves the clock by a week (staff tokens are re-signed after that).
  describe('creditDueOrderGrowth', () => {
    it('credits due orders in the sweep: completed ones by default, paid N days ago when a delay is set', async () => {
      const completed = await createPaidOrder(t, owner.auth, [{ priceFen: 10000, quantity: 1 }]);
      const paidOnly = await createPaidOrder(t, owner.auth, [{ priceFen: 20000, quantity: 1 }]);
      await markCompleted(t, completed.order.id);
      await creditDueOrderGrowth(testContext(t));
      expect((await orderEntries(t, completed.member.id, completed.order.id)).map((entry) => entry.delta)).toEqual([100]);
      expect(await orderEntries(t, paidOnly.member.id, paidOnly.order.id)).toEqual([]);

      const put = await t.request().put('/api/admin/membership-settings').set(owner.auth).send({ growthCreditDelayDays: 7 });
      expect(put.status).toBe(200);
      try {
        await creditDueOrderGrowth(testContext(t));
        expect(await orderEntries(t, paidOnly.member.id, paidOnly.order.id)).toEqual([]);
        t.clock.advance(7 * DAY_MS);
        expect(await creditDueOrderGrowth(testContext(t))).toBeGreaterThanOrEqual(1);
        expect((await orderEntries(t, paidOnly.member.id, paidOnly.order.id)).map((entry) => entry.delta)).toEqual([200]);
        expect(await creditDueOrderGrowth(testContext(t))).toBe(0);
      } finally {
        const restore = await t
          .request()
          .put('/api/admin/membership-settings')
          .set(await staffAuth(t, owner))
          .send({});
        expect(restore.status).toBe(200);
      }
    });
  });
});
