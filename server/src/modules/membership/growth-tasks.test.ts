import type { GrowthTaskView, MembershipView } from '@siyu/shared';
import { inTransaction } from '../../context';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertOrder, saveSettings } from '../points/test-factories';
import { creditActionGrowth } from './growth';
import { testContext } from './test-factories';

describe.each(testDrivers())('GET /api/me/membership growth tasks (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const tasksOf = async (member: TestMember): Promise<GrowthTaskView[]> => {
    const res = await t.request().get('/api/me/membership').set(member.auth);
    expect(res.status).toBe(200);
    return (res.body as MembershipView).tasks;
  };

  it('lists the store settings as tasks, and marks the one-off ones done from the ledgers', async () => {
    await saveSettings(t.deps.db, {
      growthForProfileCompleted: 20,
      growthForFirstReview: 15,
      firstReviewPoints: 40,
      firstPurchasePoints: 200,
      growthPerYuan: 2,
      pointsPerYuan: 1,
      checkinPoints: 5,
    });
    const member = await createMemberDirect(t);
    expect((await tasksOf(member)).map((task) => [task.code, task.rewardText, task.isOnce, task.isDone])).toEqual([
      ['first_order', '积分 +200', true, false],
      ['profile', '成长值 +20', true, false],
      ['first_review', '成长值 +15 · 积分 +40', true, false],
      ['spend', '每实付 ¥1 得 成长值 2 · 积分 1', false, false],
      ['checkin', '积分 +5', false, false],
    ]);
    await inTransaction(testContext(t), (tx) => creditActionGrowth(tx, member.id, 'profile_completed'));
    await inTransaction(testContext(t), (tx) => creditActionGrowth(tx, member.id, 'first_review'));
    await insertOrder(t.deps.db, { memberId: member.id, payableFen: 100, paidAt: t.clock.now(), now: t.clock.now() });
    const done = Object.fromEntries((await tasksOf(member)).map((task) => [task.code, task.isDone]));
    expect(done).toEqual({ first_order: true, profile: true, first_review: true, spend: false, checkin: false });
  });

  it('leaves out a task the store rewards with nothing', async () => {
    await saveSettings(t.deps.db, { growthForFirstReview: 0, firstReviewPoints: 0, checkinPoints: 0 });
    const member = await createMemberDirect(t);
    expect((await tasksOf(member)).map((task) => task.code)).toEqual(['first_order', 'profile', 'spend']);
    await saveSettings(t.deps.db, {});
  });
});
