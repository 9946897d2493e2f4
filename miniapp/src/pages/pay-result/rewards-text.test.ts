import type { OrderRewards } from '@siyu/shared';
import { rewardLines } from './rewards-text';

const NOW = Date.parse('2026-12-05T04:00:00.000Z');
const base: OrderRewards = { orderId: 1, points: 0, pointsAvailableAt: null, growth: 0, isGrowthCredited: false, growthCreditDelayDays: null };

describe('rewardLines', () => {
  it('shows nothing when the order earned nothing (unpaid, or a zero-priced order)', () => {
    expect(rewardLines(base, NOW)).toEqual([]);
  });

  it('pending points say from which day they are usable (Beijing date); growth waits for receipt', () => {
    const lines = rewardLines({ ...base, points: 123, pointsAvailableAt: '2026-12-12T17:00:00.000Z', growth: 123 }, NOW);
    expect(lines).toEqual([
      { key: 'points', amount: '+123 积分', note: '待入账，12月13日起可用' },
      { key: 'growth', amount: '+123 成长值', note: '确认收货后计入成长值' },
    ]);
  });

  it('usable points and credited or delayed growth', () => {
    expect(rewardLines({ ...base, points: 5, pointsAvailableAt: '2026-12-05T03:00:00.000Z' }, NOW)[0]?.note).toBe('已到账，可在积分中使用');
    expect(rewardLines({ ...base, growth: 9, isGrowthCredited: true }, NOW)[0]?.note).toBe('已计入成长值');
    expect(rewardLines({ ...base, growth: 9, growthCreditDelayDays: 7 }, NOW)[0]?.note).toBe('付款 7 天后计入成长值');
  });
});
