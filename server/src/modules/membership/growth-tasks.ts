/**
 * 成长任务: how a member earns growth and points, read from the store's settings (the same numbers the
 * ledgers credit), with the one-off tasks marked done from the ledgers' own source keys.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { GrowthTaskView, MembershipSettings } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { growthEntries, orders, pointsLots } from '../../db/schema';

function rewardText(growth: number, points: number): string {
  return [growth > 0 ? `成长值 +${growth}` : '', points > 0 ? `积分 +${points}` : ''].filter(Boolean).join(' · ');
}

interface DoneTasks {
  firstOrder: boolean;
  profile: boolean;
  firstReview: boolean;
}

/** Which one-off tasks the member has done: read from the ledgers' own source keys (and a paid order). */
async function doneTasks(db: Executor, memberId: number): Promise<DoneTasks> {
  const profileKey = `action:profile_completed:${memberId}`;
  const reviewGrowthKey = `action:first_review:${memberId}`;
  const growth = await db
    .select({ key: growthEntries.sourceKey })
    .from(growthEntries)
    .where(inArray(growthEntries.sourceKey, [profileKey, reviewGrowthKey]));
  const [reviewPoints] = await db
    .select({ id: pointsLots.id })
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, memberId), eq(pointsLots.sourceKey, `first_review:${memberId}`)));
  const [paid] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.memberId, memberId), isNotNull(orders.paidAt)))
    .limit(1);
  const keys = new Set(growth.map((row) => row.key));
  return { firstOrder: paid !== undefined, profile: keys.has(profileKey), firstReview: keys.has(reviewGrowthKey) || reviewPoints !== undefined };
}

/** The member's growth tasks in the order the 会员中心 lists them: one-off ones first, then the everyday ones. */
export async function growthTasks(db: Executor, memberId: number, settings: MembershipSettings): Promise<GrowthTaskView[]> {
  const done = await doneTasks(db, memberId);
  const tasks: GrowthTaskView[] = [
    { code: 'first_order', title: '完成首单', growth: 0, points: settings.firstPurchasePoints, isOnce: true, isDone: done.firstOrder, rewardText: '' },
    {
      code: 'profile',
      title: '完善资料（绑定手机号）',
      growth: settings.growthForProfileCompleted,
      points: 0,
      isOnce: true,
      isDone: done.profile,
      rewardText: '',
    },
    {
      code: 'first_review',
      title: '首次评价（审核通过后发放）',
      growth: settings.growthForFirstReview,
      points: settings.firstReviewPoints,
      isOnce: true,
      isDone: done.firstReview,
      rewardText: '',
    },
    { code: 'spend', title: '购物消费', growth: settings.growthPerYuan, points: settings.pointsPerYuan, isOnce: false, isDone: false, rewardText: '' },
    { code: 'checkin', title: '每日签到', growth: 0, points: settings.checkinPoints, isOnce: false, isDone: false, rewardText: '' },
  ];
  return tasks
    .filter((task) => task.growth > 0 || task.points > 0)
    .map((task) => ({
      ...task,
      rewardText: task.code === 'spend' ? `每实付 ¥1 得 ${rewardText(task.growth, task.points).replace(/\+/g, '')}` : rewardText(task.growth, task.points),
    }));
}
