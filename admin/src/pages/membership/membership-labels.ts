import type { PointsLotView, PointsMallItemView, TierHistoryView } from '@siyu/shared';

/** Chinese names of the membership codes the API uses (unknown ones are shown as their code). */

/** points_entries.kind. */
export const POINTS_ENTRY_KIND_NAMES: Readonly<Record<string, string>> = {
  earn: '获得',
  spend: '使用',
  expire: '过期',
  reverse: '退款冲回',
  release: '退回',
  adjust: '人工调整',
  deduction: '退款抵扣',
};

/** Where points or growth came from (a lot's source, an entry's source, a growth entry's source). */
export const LEDGER_SOURCE_NAMES: Readonly<Record<string, string>> = {
  order: '订单',
  refund: '退款',
  refund_return: '退款退回',
  action: '会员行为',
  manual: '人工调整',
  adjust: '人工调整',
  signup: '注册',
  first_purchase: '首单',
  referral: '邀请',
  checkin: '签到',
  birthday: '生日',
  perk: '等级礼遇',
  expire: '过期',
  mall: '积分商城',
  seed: '演示数据',
};

export const LOT_STATUS_NAMES: Readonly<Record<PointsLotView['status'], string>> = { pending: '待入账', available: '可用', used: '已用完', expired: '已过期' };
export const LOT_STATUS_COLORS: Readonly<Record<PointsLotView['status'], string>> = { pending: 'orange', available: 'green', used: 'default', expired: 'red' };

export const TIER_CHANGE_NAMES: Readonly<Record<TierHistoryView['reason'], string>> = { upgrade: '升级', downgrade: '降级', manual: '人工', seed: '初始' };

export const MALL_KIND_NAMES: Readonly<Record<PointsMallItemView['kind'], string>> = { coupon: '优惠券', goods: '实物' };
export const MALL_STATUS_NAMES: Readonly<Record<PointsMallItemView['status'], string>> = { on_sale: '上架中', off_sale: '已下架' };

export const nameOf = (names: Readonly<Record<string, string>>, code: string): string => names[code] ?? code;
