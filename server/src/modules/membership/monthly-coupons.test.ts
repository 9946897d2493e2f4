import { and, eq, like, sql } from 'drizzle-orm';
import { chinaMonth, type PromotionRule } from '@siyu/shared';
import { growthEntries, memberCoupons, tiers } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { serviceAt } from '../points/test-factories';
import { insertCouponTemplate } from '../promotions/test-factories';
import { grantMonthlyCoupons } from './monthly-coupons';

describe.each(testDrivers())('tier perks: monthly coupon pack and profile growth (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const packOf = (memberId: number) =>
    t.deps.db
      .select({ key: memberCoupons.sourceKey })
      .from(memberCoupons)
      .where(and(eq(memberCoupons.memberId, memberId), like(memberCoupons.sourceKey, 'monthly:%')));

  it('grants each gold member the pack once per China month, and nobody else', async () => {
    const templateId = await insertCouponTemplate(t, { kind: 'fixed_off', offFen: 500 } as PromotionRule, { name: '黄金月度券' });
    await t.deps.db
      .update(tiers)
      .set({ monthlyCouponTemplateIds: [templateId] })
      .where(eq(tiers.code, 'gold'));
    try {
      const gold = await createMemberDirect(t, 'gold');
      const bronze = await createMemberDirect(t, 'bronze');
      expect(await grantMonthlyCoupons(serviceAt(t.deps.db, t.deps.now()))).toBeGreaterThanOrEqual(1);
      expect(await grantMonthlyCoupons(serviceAt(t.deps.db, t.deps.now()))).toBe(0);
      expect(await packOf(gold.id)).toEqual([{ key: `monthly:${chinaMonth(t.deps.now())}:${templateId}:${gold.id}` }]);
      expect(await packOf(bronze.id)).toEqual([]);
      const nextMonth = new Date(t.deps.now().getTime() + 32 * 24 * 60 * 60 * 1000);
      await grantMonthlyCoupons(serviceAt(t.deps.db, nextMonth));
      expect(await packOf(gold.id)).toHaveLength(2);
    } finally {
      await t.deps.db.update(tiers).set({ monthlyCouponTemplateIds: [] }).where(eq(tiers.code, 'gold'));
    }
  });

  it('credits growth once when the member binds a phone (profile completed)', async () => {
    const userKey = `phone${Date.now()}`;
    const member = await loginMember(t, userKey);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { code } = await t.simulator.mintPhoneCode(userKey, '13800138000');
      const res = await t.request().post('/api/me/phone').set(member.auth).send({ code });
      expect(res.status).toBe(200);
    }
    const [sum] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${growthEntries.delta}), 0)::int` })
      .from(growthEntries)
      .where(eq(growthEntries.memberId, member.id));
    expect(sum?.sum).toBe(20);
  });
});
