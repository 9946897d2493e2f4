import { eq } from 'drizzle-orm';
import type { CouponCenterItem, MemberCouponView } from '@siyu/shared';
import { couponMemberCounts, couponTemplates } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { claim, claimOk, createStoreSku, createTemplate, insertOrder, markUsed, memberCouponsOf, templateRow, withFreshToken } from './test-factories';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;

describe.each(testDrivers())('member coupons (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  /** Moves the clock to just after the start of a new minute, so a test's attempts share one rate-limit window. */
  const startOfFreshMinute = () => t.clock.advance(2 * MINUTE_MS - (t.clock.now().getTime() % MINUTE_MS) + 1000);
  const iso = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
  const center = (member?: TestMember) => {
    const request = t.request().get('/api/coupons/center');
    return member ? request.set(member.auth) : request;
  };
  const itemOf = (items: CouponCenterItem[], templateId: number) => items.find((item) => item.templateId === templateId);
  const myCoupons = async (member: TestMember, status?: string) => {
    const res = await t
      .request()
      .get(`/api/me/coupons${status ? `?status=${status}` : ''}`)
      .set(member.auth);
    expect(res.status).toBe(200);
    return res.body.items as MemberCouponView[];
  };

  beforeAll(async () => {
    t = await createTestApp(driver);
    await createStoreSku(t, (await createStaff(t, 'owner')).auth);
  });
  // Each test starts in a fresh rate-limit window, with a staff token the moved clock has not expired.
  beforeEach(async () => {
    startOfFreshMinute();
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('GET /api/coupons/center', () => {
    it('shows guests the public coupons with canClaim false (UNAUTHENTICATED) and serverNow', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 50 });
      const res = await center();
      expect(res.status).toBe(200);
      expect(new Date(res.body.serverNow).getTime()).toBeCloseTo(t.clock.now().getTime(), -4);
      expect(itemOf(res.body.items, view.id)).toMatchObject({
        name: view.name,
        ruleText: '无门槛减¥10',
        claimedByMe: 0,
        remaining: 50,
        canClaim: false,
        reason: 'UNAUTHENTICATED',
      });
    });

    it('shows a member what they can claim, what they hold and what opens later; hides hidden, pending, stopped and over ones', async () => {
      const open = await createTemplate(t, owner.auth, { perMemberCap: 2, budgetFen: 3000 });
      const later = await createTemplate(t, owner.auth, { claimStartsAt: iso(DAY_MS) });
      const hidden = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const pending = await createTemplate(t, owner.auth, { rule: { kind: 'percent_off', offBp: 6000, capFen: 1000 } });
      const stopped = await createTemplate(t, owner.auth);
      await t.request().post(`/api/admin/coupon-templates/${stopped.id}/stop`).set(owner.auth).send();
      const closed = await createTemplate(t, owner.auth, { claimEndsAt: iso(MINUTE_MS) });
      await t.deps.db
        .update(couponTemplates)
        .set({ claimEndsAt: new Date(t.clock.now().getTime() - 1) })
        .where(eq(couponTemplates.id, closed.id));
      const member = await createMemberDirect(t);
      await claimOk(t, member, open.id);

      const res = await center(member);
      const items = res.body.items as CouponCenterItem[];
      expect(itemOf(items, open.id)).toMatchObject({ claimedByMe: 1, perMemberCap: 2, remaining: 2, canClaim: true, reason: null });
      expect(itemOf(items, later.id)).toMatchObject({ canClaim: false, reason: 'COUPON_CLAIM_NOT_OPEN' });
      for (const gone of [hidden, pending, stopped, closed]) expect(itemOf(items, gone.id)).toBeUndefined();
    });

    it('says COUPON_CLAIM_CAP_REACHED and COUPON_SOLD_OUT when they apply', async () => {
      const capped = await createTemplate(t, owner.auth);
      const soldOut = await createTemplate(t, owner.auth, { totalCount: 1 });
      const member = await createMemberDirect(t);
      await claimOk(t, member, capped.id);
      await claimOk(t, await createMemberDirect(t), soldOut.id);
      const items = (await center(member)).body.items as CouponCenterItem[];
      expect(itemOf(items, capped.id)).toMatchObject({ canClaim: false, reason: 'COUPON_CLAIM_CAP_REACHED', claimedByMe: 1 });
      expect(itemOf(items, soldOut.id)).toMatchObject({ canClaim: false, reason: 'COUPON_SOLD_OUT', remaining: 0 });
    });
  });

  describe('POST /api/coupons/center/:templateId/claim', () => {
    it('grants a coupon valid for the template window and counts it against count, budget and the member', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 10, budgetFen: 10_000 });
      const member = await loginMember(t);
      const res = await claim(t, member, view.id);
      expect(res.status).toBe(201);
      const validity = view.validity as { validFrom: string; validTo: string };
      expect(res.body).toMatchObject({
        templateId: view.id,
        name: view.name,
        ruleText: '无门槛减¥10',
        stackingGroup: 'coupon',
        status: 'available',
        source: 'claim',
        usedOrderId: null,
      });
      expect(new Date(res.body.validFrom).getTime()).toBe(new Date(validity.validFrom).getTime());
      expect(new Date(res.body.expiresAt).getTime()).toBe(new Date(validity.validTo).getTime());
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 1, committedFen: 1000 });
      const rows = await memberCouponsOf(t, member.id, view.id);
      expect(rows.map((row) => row.sourceKey)).toEqual([`claim:${view.id}:${member.id}:1`]);
      expect((await myCoupons(member)).map((coupon) => coupon.id)).toEqual([res.body.id]);
    });

    it('lets a member hold up to the per-member cap, then refuses with COUPON_CLAIM_CAP_REACHED', async () => {
      const view = await createTemplate(t, owner.auth, { perMemberCap: 2 });
      const member = await createMemberDirect(t);
      await claimOk(t, member, view.id);
      await claimOk(t, member, view.id);
      const res = await claim(t, member, view.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('COUPON_CLAIM_CAP_REACHED');
      expect((await memberCouponsOf(t, member.id, view.id)).map((row) => row.sourceKey)).toEqual([
        `claim:${view.id}:${member.id}:1`,
        `claim:${view.id}:${member.id}:2`,
      ]);
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 2 });
    });

    it('refuses a claim past the total count with COUPON_SOLD_OUT, leaving counters untouched', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 1 });
      await claimOk(t, await createMemberDirect(t), view.id);
      const late = await createMemberDirect(t);
      const res = await claim(t, late, view.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('COUPON_SOLD_OUT');
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 1, committedFen: 1000 });
      expect(await t.deps.db.select().from(couponMemberCounts).where(eq(couponMemberCounts.memberId, late.id))).toEqual([]);
    });

    it('refuses a claim the budget cannot cover with COUPON_BUDGET_EXHAUSTED', async () => {
      const view = await createTemplate(t, owner.auth, { budgetFen: 1500 });
      await claimOk(t, await createMemberDirect(t), view.id);
      const res = await claim(t, await createMemberDirect(t), view.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('COUPON_BUDGET_EXHAUSTED');
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 1, committedFen: 1000 });
    });

    it.each<[string, string, number]>([
      ['a claim window that has not opened', 'COUPON_CLAIM_NOT_OPEN', 409],
      ['a claim window that has closed', 'COUPON_CLAIM_NOT_OPEN', 409],
      ['a hidden coupon', 'COUPON_NOT_CLAIMABLE', 409],
      ['a stopped coupon', 'COUPON_STOPPED', 409],
      ['a coupon whose validity has ended', 'COUPON_EXPIRED', 409],
      ['a coupon waiting for approval', 'PROMOTION_NOT_APPROVED', 409],
      ['a rejected coupon', 'PROMOTION_NOT_APPROVED', 409],
    ])('refuses %s with %s', async (name, code, status) => {
      const view = await createTemplate(t, owner.auth, { claimStartsAt: name.includes('not opened') ? iso(DAY_MS) : null });
      const past = new Date(t.clock.now().getTime() - 1);
      const changes: Partial<typeof couponTemplates.$inferInsert> =
        {
          'a claim window that has closed': { claimEndsAt: past },
          'a hidden coupon': { visibility: 'hidden' },
          'a stopped coupon': { status: 'stopped' },
          'a coupon whose validity has ended': { validTo: past, validFrom: new Date(past.getTime() - DAY_MS) },
          'a coupon waiting for approval': { approvalStatus: 'pending' },
          'a rejected coupon': { approvalStatus: 'rejected' },
        }[name] ?? {};
      if (Object.keys(changes).length > 0) await t.deps.db.update(couponTemplates).set(changes).where(eq(couponTemplates.id, view.id));
      const member = await createMemberDirect(t);
      const res = await claim(t, member, view.id);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 0, committedFen: 0 });
      expect(await memberCouponsOf(t, member.id, view.id)).toEqual([]);
    });

    it('answers 404 COUPON_TEMPLATE_NOT_FOUND for an unknown template and 401 for a guest', async () => {
      const res = await claim(t, await createMemberDirect(t), 999_999);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
      expect((await t.request().post('/api/coupons/center/1/claim').send()).status).toBe(401);
    });

    it('counts attempts: the 21st claim of a member within a minute is 429 TOO_MANY_ATTEMPTS', async () => {
      const view = await createTemplate(t, owner.auth);
      const member = await createMemberDirect(t);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await claim(t, member, 999_999)).status);
      expect(new Set(statuses)).toEqual(new Set([404]));
      const res = await claim(t, member, view.id);
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(await memberCouponsOf(t, member.id, view.id)).toEqual([]);
      t.clock.advance(MINUTE_MS);
      expect((await claim(t, member, view.id)).status).toBe(201);
    });

    it('counts attempts per IP: the 61st claim from one address within a minute is 429', async () => {
      const view = await createTemplate(t, owner.auth);
      const members = await Promise.all(Array.from({ length: 4 }, () => createMemberDirect(t)));
      for (const member of members) {
        for (let i = 0; i < 15; i += 1) await claim(t, member, 999_999);
      }
      const res = await claim(t, await createMemberDirect(t), view.id);
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    });
  });

  describe('GET /api/me/coupons', () => {
    it('lists after-claim coupons as expired once their days have passed', async () => {
      const view = await createTemplate(t, owner.auth, { validity: { kind: 'after_claim', days: 3 } });
      const member = await createMemberDirect(t);
      const claimedAt = t.clock.now().getTime();
      const coupon = await claimOk(t, member, view.id);
      expect(new Date(coupon.validFrom).getTime()).toBeGreaterThanOrEqual(claimedAt);
      expect(new Date(coupon.expiresAt).getTime() - new Date(coupon.validFrom).getTime()).toBe(3 * DAY_MS);
      expect((await myCoupons(member, 'available')).map((item) => item.id)).toEqual([coupon.id]);
      t.clock.advance(3 * DAY_MS + 1000);
      const later = withFreshToken(t, member);
      expect(await myCoupons(later, 'available')).toEqual([]);
      expect(await myCoupons(later, 'expired')).toEqual([expect.objectContaining({ id: coupon.id, status: 'expired' })]);
    });

    it('lists available coupons soonest expiry first, and used and locked ones by their status', async () => {
      const member = await createMemberDirect(t);
      const long = await createTemplate(t, owner.auth, { validity: { kind: 'after_claim', days: 30 } });
      const short = await createTemplate(t, owner.auth, { validity: { kind: 'after_claim', days: 2 } });
      const third = await createTemplate(t, owner.auth, { validity: { kind: 'after_claim', days: 10 } });
      const a = await claimOk(t, member, long.id);
      const b = await claimOk(t, member, short.id);
      const c = await claimOk(t, member, third.id);
      expect((await myCoupons(member)).map((item) => item.id)).toEqual([b.id, c.id, a.id]);
      await markUsed(t, c.id, await insertOrder(t, member.id, 'paid', 5000), 1000);
      expect((await myCoupons(member)).map((item) => item.id)).toEqual([b.id, a.id]);
      expect(await myCoupons(member, 'used')).toEqual([expect.objectContaining({ id: c.id, status: 'used', usedOrderId: expect.any(Number) })]);
      expect(await myCoupons(member, 'locked')).toEqual([]);
    });

    it('rejects an unknown status with VALIDATION_FAILED and guests with 401', async () => {
      const member = await createMemberDirect(t);
      const res = await t.request().get('/api/me/coupons?status=gone').set(member.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect((await t.request().get('/api/me/coupons')).status).toBe(401);
    });
  });
});
