import type { Fen } from '../../money';
import { describeReason, describeRule, formatZhe } from './describe';
import { buildRule } from './rule-factories';
import type { PromotionRuleInput } from './registry';
import type { NotApplicableReason } from './types';

describe('describeRule', () => {
  it.each<[PromotionRuleInput, string]>([
    [{ kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] }, '满199减50'],
    [
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 9900, offFen: 1000 },
          { thresholdFen: 19900, offFen: 5000 },
        ],
      },
      '满99减10/满199减50',
    ],
    [{ kind: 'threshold_off', tiers: [{ thresholdFen: 9950, offFen: 550 }] }, '满99.50减5.50'],
    [{ kind: 'percent_off', offBp: 1500, capFen: 2000 }, '8.5折 最高减¥20'],
    [{ kind: 'percent_off', offBp: 1000, capFen: null }, '9折'],
    [{ kind: 'percent_off', offBp: 1200, capFen: null, thresholdFen: 10000 }, '满¥100 8.8折'],
    [{ kind: 'fixed_off', offFen: 500 }, '无门槛减¥5'],
    [{ kind: 'fixed_off', offFen: 550 }, '无门槛减¥5.50'],
    [{ kind: 'new_customer', offFen: 1000 }, '新人首单减¥10'],
    [{ kind: 'new_customer', offFen: 1000, thresholdFen: 5900 }, '新人首单满¥59减¥10'],
    [{ kind: 'free_shipping' }, '包邮券'],
    [{ kind: 'free_shipping', thresholdFen: 5900 }, '满¥59包邮'],
    [{ kind: 'flash_price', skuId: 1, priceFen: 990, maxQuantity: 1 }, '秒杀价¥9.90'],
    [{ kind: 'tier_discount', tiers: { gold: 500 } }, '会员折扣'],
  ])('%j → %s', (input, expected) => {
    expect(describeRule(buildRule(input))).toBe(expected);
  });

  it.each<[number, string]>([
    [1500, '8.5折'],
    [1000, '9折'],
    [1150, '8.85折'],
    [1, '9.999折'],
    [9999, '0.001折'],
    [5000, '5折'],
  ])('writes %d bp off as %s', (offBp, expected) => {
    expect(formatZhe(offBp)).toBe(expected);
  });
});

describe('describeReason', () => {
  it.each<[NotApplicableReason, string]>([
    [{ code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 9900 as Fen, shortFen: 1 as Fen }, '还差¥0.01可用'],
    [{ code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 30000 as Fen, shortFen: 1200 as Fen }, '还差¥12.00可用'],
    [{ code: 'PROMOTION_NOT_IN_SCOPE' }, '不适用于这些商品'],
    [{ code: 'PROMOTION_NEW_CUSTOMERS_ONLY' }, '仅限新客首单'],
    [{ code: 'PROMOTION_TIER_NOT_ELIGIBLE' }, '当前会员等级不可用'],
    [{ code: 'PROMOTION_NO_SHIPPING_FEE' }, '订单已免运费'],
    [{ code: 'PROMOTION_NOTHING_TO_DISCOUNT' }, '没有可优惠的金额'],
  ])('%j → %s', (reason, expected) => {
    expect(describeReason(reason)).toBe(expected);
  });
});
