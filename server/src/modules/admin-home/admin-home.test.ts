import { eq } from 'drizzle-orm';
import { beijingDay, PERMISSIONS, type AdminHomeSummary, type Permission, type PromotionRule } from '@siyu/shared';
import { couponTemplates, orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertCouponTemplate } from '../promotions/test-factories';
import { createPaidOrder, createRefund } from '../refunds/test-factories';
import { summaryFor } from './service';

describe.each(testDrivers())('GET /api/admin/home on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function home(staff: TestStaff = owner): Promise<AdminHomeSummary> {
    const res = await t.request().get('/api/admin/home').set(staff.auth);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.body as AdminHomeSummary;
  }

  it('refuses a request without a staff token, and a member token, with 401', async () => {
    expect((await t.request().get('/api/admin/home')).body.error.code).toBe('UNAUTHENTICATED');
    const member = await loginMember(t);
    const res = await t.request().get('/api/admin/home').set(member.auth);
    expect(res.status).toBe(401);
  });

  it('counts what is new: a paid order to ship, a refund to review, a promotion to approve, and today’s GMV', async () => {
    const before = await home();
    const toShip = await createPaidOrder(t, owner.auth, [{ priceFen: 1990, quantity: 2 }]);
    const refunded = await createPaidOrder(t, owner.auth, [{ priceFen: 1001, quantity: 1 }]);
    await createRefund(t, refunded.member, refunded.order.id, [{ lineNo: 1, quantity: 1 }]);
    const templateId = await insertCouponTemplate(t, { kind: 'fixed_off', offFen: 6000 } as PromotionRule);
    await t.deps.db.update(couponTemplates).set({ approvalStatus: 'pending' }).where(eq(couponTemplates.id, templateId));

    const after = await home();
    expect(after.date).toBe(beijingDay(t.deps.now()).date);
    expect(after.ordersToShip).toBe((before.ordersToShip ?? 0) + 1);
    expect(after.refundsToReview).toBe((before.refundsToReview ?? 0) + 1);
    expect(after.approvalsWaiting).toBe((before.approvalsWaiting ?? 0) + 1);
    expect(after.paidToday).toEqual({
      orders: (before.paidToday?.orders ?? 0) + 2,
      gmvFen: (before.paidToday?.gmvFen ?? 0) + toShip.order.payableFen + refunded.order.payableFen,
    });
  });

  it('reconciles with the pages its cards link to (order tabs, refund list, approvals)', async () => {
    const summary = await home();
    const tabs = await t.request().get('/api/admin/orders/status-counts').set(owner.auth);
    expect(summary.ordersToShip).toBe(tabs.body.byStatus.paid);
    const requested = await t.request().get('/api/admin/refunds').query({ status: 'requested', limit: 100 }).set(owner.auth);
    expect(summary.refundsToReview).toBe(requested.body.items.length);
    const approvals = await t.request().get('/api/admin/approvals').set(owner.auth);
    expect(summary.approvalsWaiting).toBe(approvals.body.items.length);
  });

  it('counts a payment at Beijing midnight in the new day and one a millisecond before in the old', async () => {
    const day = beijingDay(t.deps.now());
    const before = await home();
    const atMidnight = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
    const yesterday = await createPaidOrder(t, owner.auth, [{ priceFen: 700, quantity: 1 }]);
    await t.deps.db.update(orders).set({ paidAt: day.from }).where(eq(orders.id, atMidnight.order.id));
    await t.deps.db
      .update(orders)
      .set({ paidAt: new Date(day.from.getTime() - 1) })
      .where(eq(orders.id, yesterday.order.id));
    const after = await home();
    expect(after.paidToday).toEqual({ orders: (before.paidToday?.orders ?? 0) + 1, gmvFen: (before.paidToday?.gmvFen ?? 0) + atMidnight.order.payableFen });
  });

  it('shows every read-only role the same figures as the owner', async () => {
    const summary = await home();
    for (const role of ['analyst', 'service', 'operator'] as const) {
      expect(await home(await createStaff(t, role))).toEqual(summary);
    }
  });

  it('leaves out, as null, the figures of pages the staff member may not open', async () => {
    const without = (missing: Permission) => (permission: Permission) => PERMISSIONS.includes(permission) && permission !== missing;
    const noOrders = await summaryFor(t.deps.db, t.deps.now(), without('orders:read'));
    expect(noOrders).toMatchObject({ ordersToShip: null, refundsToReview: null, paidToday: null, approvalsWaiting: expect.any(Number) });
    const noPromotions = await summaryFor(t.deps.db, t.deps.now(), without('promotions:read'));
    expect(noPromotions).toMatchObject({ approvalsWaiting: null, ordersToShip: expect.any(Number), paidToday: expect.any(Object) });
  });
});
