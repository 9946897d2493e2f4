import type { OrderRewards } from '@siyu/shared';

/** "12月5日" in Beijing time. */
function dayText(iso: string): string {
  const beijing = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日`;
}

/** The reward lines of 支付结果, worded for the shopper; nothing earned, nothing shown. */
export function rewardLines(rewards: OrderRewards, nowMs = Date.now()): { key: 'points' | 'growth'; amount: string; note: string }[] {
  const lines: { key: 'points' | 'growth'; amount: string; note: string }[] = [];
  if (rewards.points > 0) {
    const available = rewards.pointsAvailableAt;
    const note = !available || Date.parse(available) <= nowMs ? '已到账，可在积分中使用' : `待入账，${dayText(available)}起可用`;
    lines.push({ key: 'points', amount: `+${rewards.points} 积分`, note });
  }
  if (rewards.growth > 0) {
    const note = rewards.isGrowthCredited
      ? '已计入成长值'
      : rewards.growthCreditDelayDays === null
        ? '确认收货后计入成长值'
        : `付款 ${rewards.growthCreditDelayDays} 天后计入成长值`;
    lines.push({ key: 'growth', amount: `+${rewards.growth} 成长值`, note });
  }
  return lines;
}
