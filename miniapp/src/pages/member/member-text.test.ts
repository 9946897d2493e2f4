import type { MembershipView } from '@siyu/shared';
import { discountText, downgradeText, historyReasonText, multiplierText, perkList } from './member-text';

const perks = (overrides: Partial<MembershipView['perks']> = {}): MembershipView['perks'] => ({
  discountBp: 0,
  pointsMultiplierBp: 10_000,
  freeShippingThresholdFen: null,
  birthdayPoints: 0,
  hasBirthdayCoupon: false,
  monthlyCoupons: 0,
  ...overrides,
});

describe('member texts', () => {
  it.each([
    [0, null],
    [300, '9.7折'],
    [500, '9.5折'],
    [250, '9.75折'],
    [1000, '9折'],
    [5000, '5折'],
  ])('discount %i bp → %s', (bp, text) => expect(discountText(bp)).toBe(text));

  it.each([
    [10_000, '1'],
    [12_000, '1.2'],
    [15_000, '1.5'],
    [12_500, '1.25'],
    [20_000, '2'],
  ])('multiplier %i bp → ×%s', (bp, text) => expect(multiplierText(bp)).toBe(text));

  it('lists only the perks the tier has', () => {
    expect(perkList(perks()).map((perk) => perk.title)).toEqual(['1倍积分']);
    const diamond = perkList(
      perks({ discountBp: 500, pointsMultiplierBp: 20_000, freeShippingThresholdFen: 0, birthdayPoints: 1000, hasBirthdayCoupon: true, monthlyCoupons: 2 }),
    );
    expect(diamond.map((perk) => perk.title)).toEqual(['会员9.5折', '2倍积分', '全场包邮', '生日礼', '每月券包']);
    expect(diamond.find((perk) => perk.key === 'birthday')?.description).toBe('生日当天送 1000 积分 + 生日券');
    expect(perkList(perks({ freeShippingThresholdFen: 9900 })).find((perk) => perk.key === 'shipping')?.title).toBe('满¥99.00包邮');
  });

  it('names tier changes', () => {
    expect(historyReasonText('upgrade', 'silver', 'gold')).toBe('升级为黄金会员');
    expect(historyReasonText('downgrade', 'gold', 'silver')).toBe('由黄金降为白银会员');
    expect(historyReasonText('seed', 'bronze', 'gold')).toBe('成为黄金会员');
  });

  it('warns of a downgrade with the growth that keeps the tier', () => {
    expect(downgradeText({ tierName: '黄金', downgradeWarning: null })).toBeNull();
    expect(downgradeText({ tierName: '黄金', downgradeWarning: { toTierCode: 'silver', at: '2026-12-01T02:00:00.000Z', growthNeeded: 300 } })).toBe(
      '2026-12-01 前再得 300 成长值可保持黄金会员，否则将降为白银会员',
    );
    expect(downgradeText({ tierName: '黄金', downgradeWarning: { toTierCode: 'silver', at: '2026-12-01T02:00:00.000Z', growthNeeded: 0 } })).toBe(
      '将于 2026-12-01 降为白银会员',
    );
  });
});
