import type { CouponCenterItem } from '@siyu/shared';
import { afterClaim, claimButton } from './claim-state';

const item = (overrides: Partial<CouponCenterItem> = {}): CouponCenterItem => ({
  templateId: 1,
  name: '满199减50',
  description: '',
  ruleText: '满199减50',
  rule: { kind: 'fixed_off', offFen: 500 } as CouponCenterItem['rule'],
  scope: { kind: 'all' } as CouponCenterItem['scope'],
  validityText: '领取后7天内有效',
  claimEndsAt: null,
  perMemberCap: 1,
  claimedByMe: 0,
  remaining: 10,
  canClaim: true,
  reason: null,
  ...overrides,
});

describe('coupon center buttons', () => {
  it.each([
    ['claimable', item(), '立即领取', true, null],
    ['claimable again (cap 3, holds 1)', item({ perMemberCap: 3, claimedByMe: 1 }), '再领一张', true, null],
    ['a guest (logs in first)', item({ canClaim: false, reason: 'UNAUTHENTICATED' }), '立即领取', true, null],
    ['held up to the cap', item({ canClaim: false, reason: 'COUPON_CLAIM_CAP_REACHED', claimedByMe: 1 }), '已领取', false, '已领取'],
    ['sold out', item({ canClaim: false, reason: 'COUPON_SOLD_OUT', remaining: 0 }), '已抢光', false, '已抢光'],
    ['budget spent', item({ canClaim: false, reason: 'COUPON_BUDGET_EXHAUSTED' }), '已抢光', false, '已抢光'],
    ['not open yet', item({ canClaim: false, reason: 'COUPON_CLAIM_NOT_OPEN' }), '未开始', false, null],
  ] as const)('%s → %s', (_name, input, label, isEnabled, stamp) => {
    expect(claimButton(input)).toMatchObject({ label, isEnabled, stamp });
  });

  it('marks a claimed coupon as held at once (cap reached, or the last one gone)', () => {
    expect(afterClaim([item()], 1)[0]).toMatchObject({ claimedByMe: 1, canClaim: false, reason: 'COUPON_CLAIM_CAP_REACHED', remaining: 9 });
    expect(afterClaim([item({ perMemberCap: 5, remaining: 1 })], 1)[0]).toMatchObject({
      claimedByMe: 1,
      canClaim: false,
      reason: 'COUPON_SOLD_OUT',
      remaining: 0,
    });
    expect(afterClaim([item({ perMemberCap: 5, remaining: null })], 1)[0]).toMatchObject({ canClaim: true, remaining: null });
    expect(afterClaim([item()], 2)[0]).toEqual(item());
  });
});
