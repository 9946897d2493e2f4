import { eq } from 'drizzle-orm';
import type { AdminMemberPointsView, PointsEntryView, PointsMallItemView, PointsSummaryView } from '@siyu/shared';
import { pointsEntries } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStoreSku, createTemplate } from '../coupons/test-factories';
import { createItem, newKey } from '../points-mall/test-factories';
import { grantPoints, memberAuthNow, staffAuthNow } from './test-factories';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The 积分 page, the 积分商城 and the ledger must tell one story (the issue saw 777 on one, 5 usable
 * and 0 available on the other): every number comes from the one definition, `pointsBalanceOf`.
 */
describe.each(testDrivers())('points agree across pages (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let templateId: number;

  const summary = async (member: TestMember) => {
    const res = await t.request().get('/api/me/points').set(memberAuthNow(t, member.id));
    expect(res.status).toBe(200);
    return res.body as PointsSummaryView;
  };
  const mall = async (member: TestMember, ids: number[]) => {
    const res = await t.request().get('/api/points-mall/items').set(memberAuthNow(t, member.id));
    expect(res.status).toBe(200);
    return (res.body.items as PointsMallItemView[]).filter((item) => ids.includes(item.id)).map((item) => [item.pointsPrice, item.canRedeem, item.reason]);
  };
  /** Σ of the member's whole ledger, read page by page like the 积分明细 list. */
  const ledgerSum = async (member: TestMember) => {
    let sum = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
      const res = await t.request().get(`/api/me/points/ledger${query}`).set(memberAuthNow(t, member.id));
      sum += (res.body.items as PointsEntryView[]).reduce((total, entry) => total + entry.delta, 0);
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return sum;
  };

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    templateId = (await createTemplate(t, owner.auth, { totalCount: null, perMemberCap: 10 })).id;
  });
  afterAll(() => t.close());

  it('available, pending and expiring soon agree between the points page, the mall, the staff view and the ledger, to the point', async () => {
    const member = await createMemberDirect(t);
    // 5 usable from a check-in-like credit expiring in 10 days, 772 pending for 7 days (an order), 200 usable for long.
    await grantPoints(t, member.id, 5, { expiresInMs: 10 * DAY_MS });
    await grantPoints(t, member.id, 772, { availableInMs: 7 * DAY_MS, expiresInMs: 400 * DAY_MS });
    await grantPoints(t, member.id, 200, { expiresInMs: 300 * DAY_MS });
    const cheap = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, pointsPrice: 205 });
    const dear = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, pointsPrice: 206 });
    const ids = [cheap.id, dear.id];

    const page = await summary(member);
    expect(page).toMatchObject({ available: 205, pending: 772, total: 977, balance: 977, expiringSoon: 5 });
    expect(await mall(member, ids)).toEqual([
      [205, true, null],
      [206, false, 'POINTS_INSUFFICIENT'],
    ]);
    expect(await ledgerSum(member)).toBe(page.total);
    const staffView = await t.request().get(`/api/admin/members/${member.id}/points`).set(staffAuthNow(t, owner));
    expect((staffView.body as AdminMemberPointsView).summary).toEqual(page);

    // Spending exactly what the page calls available succeeds; one point more would not have.
    const redeemed = await t
      .request()
      .post(`/api/points-mall/items/${cheap.id}/redeem`)
      .set(memberAuthNow(t, member.id))
      .set('Idempotency-Key', newKey())
      .send({});
    expect(redeemed.status).toBe(201);
    const after = await summary(member);
    expect(after).toMatchObject({ available: 0, pending: 772, total: 772, balance: 772, expiringSoon: 0 });
    expect(await ledgerSum(member)).toBe(after.total);

    // The pending window passes: the 772 become usable everywhere at once.
    t.clock.advance(7 * DAY_MS + 1000);
    const later = await summary(member);
    expect(later).toMatchObject({ available: 772, pending: 0, total: 772 });
    expect(await mall(member, ids)).toEqual([
      [205, false, 'POINTS_MALL_LIMIT_REACHED'],
      [206, true, null],
    ]);
    const entries = await t.deps.db.select().from(pointsEntries).where(eq(pointsEntries.memberId, member.id));
    expect(entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(later.balance);
  });
});
