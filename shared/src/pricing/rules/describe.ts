import { formatFen, type Fen } from '../../money';
import { BP_SCALE } from './basis-points';
import type { PromotionRule } from './registry';
import type { NotApplicableReason } from './types';

// Chinese labels for rules and reasons, as the member and staff read them.

/** 9900 → "99", 9950 → "99.50": amounts inside 满X减Y read like staff write them. */
function compactYuan(amount: Fen): string {
  return formatFen(amount).replace('¥', '').replace(/\.00$/, '');
}

/** 2000 → "¥20", 990 → "¥9.90". */
function compactFen(amount: Fen): string {
  return `¥${compactYuan(amount)}`;
}

/** Basis points off as 折: 1500 → "8.5折", 1000 → "9折", 1150 → "8.85折", 1 → "9.999折". */
export function formatZhe(offBp: number): string {
  const paysBp = BP_SCALE - offBp;
  const whole = Math.floor(paysBp / 1000);
  const fraction = String(paysBp % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${String(whole)}${fraction ? `.${fraction}` : ''}折`;
}

/** "满199减50", "8.5折 最高减¥20", "无门槛减¥5", "新人首单减¥10", "包邮券", "满¥59包邮", "秒杀价¥9.90", "会员折扣". */
export function describeRule(rule: PromotionRule): string {
  switch (rule.kind) {
    case 'threshold_off':
      return rule.tiers.map((tier) => `满${compactYuan(tier.thresholdFen)}减${compactYuan(tier.offFen)}`).join('/');
    case 'percent_off': {
      const threshold = rule.thresholdFen > 0 ? `满${compactFen(rule.thresholdFen)} ` : '';
      const cap = rule.capFen === null ? '' : ` 最高减${compactFen(rule.capFen)}`;
      return `${threshold}${formatZhe(rule.offBp)}${cap}`;
    }
    case 'fixed_off':
      return `无门槛减${compactFen(rule.offFen)}`;
    case 'new_customer':
      return rule.thresholdFen > 0 ? `新人首单满${compactFen(rule.thresholdFen)}减${compactFen(rule.offFen)}` : `新人首单减${compactFen(rule.offFen)}`;
    case 'free_shipping':
      return rule.thresholdFen > 0 ? `满${compactFen(rule.thresholdFen)}包邮` : '包邮券';
    case 'flash_price':
      return `秒杀价${formatFen(rule.priceFen)}`;
    case 'tier_discount':
      return '会员折扣';
  }
}

/** "还差¥0.01可用", "不适用于这些商品", "仅限新客首单"… */
export function describeReason(reason: NotApplicableReason): string {
  switch (reason.code) {
    case 'PROMOTION_THRESHOLD_NOT_MET':
      return `还差${formatFen(reason.shortFen)}可用`;
    case 'PROMOTION_NOT_IN_SCOPE':
      return '不适用于这些商品';
    case 'PROMOTION_NEW_CUSTOMERS_ONLY':
      return '仅限新客首单';
    case 'PROMOTION_TIER_NOT_ELIGIBLE':
      return '当前会员等级不可用';
    case 'PROMOTION_NO_SHIPPING_FEE':
      return '订单已免运费';
    case 'PROMOTION_NOTHING_TO_DISCOUNT':
      return '没有可优惠的金额';
  }
}
