import type { ApprovableKind, ApprovalStatus, ApprovalView, FlashSaleStatus, LiveSessionStatus } from '@siyu/shared';
import { money } from '../../../format';
import { percentText } from '../rule-builder/rule-values';

/** Chinese names and tag colours of the promotion pages' codes. */

export const APPROVAL_STATUS_NAMES: Readonly<Record<ApprovalStatus, string>> = {
  not_required: '无需审批',
  pending: '待审批',
  approved: '已审批',
  rejected: '已驳回',
};

export const APPROVAL_STATUS_COLORS: Readonly<Record<ApprovalStatus, string>> = {
  not_required: 'default',
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
};

export const APPROVABLE_KIND_NAMES: Readonly<Record<ApprovableKind, string>> = {
  coupon_template: '优惠券',
  store_promotion: '满减活动',
  promo_code: '直播优惠码',
  flash_sale: '秒杀',
};

export const LIVE_STATUS_NAMES: Readonly<Record<LiveSessionStatus, string>> = { scheduled: '未开始', live: '直播中', ended: '已结束' };
export const LIVE_STATUS_COLORS: Readonly<Record<LiveSessionStatus, string>> = { scheduled: 'blue', live: 'red', ended: 'default' };

export const FLASH_STATUS_NAMES: Readonly<Record<FlashSaleStatus, string>> = {
  pending_approval: '待审批',
  upcoming: '未开始',
  ongoing: '进行中',
  sold_out: '已售罄',
  ended: '已结束',
  stopped: '已停止',
};
export const FLASH_STATUS_COLORS: Readonly<Record<FlashSaleStatus, string>> = {
  pending_approval: 'orange',
  upcoming: 'blue',
  ongoing: 'red',
  sold_out: 'purple',
  ended: 'default',
  stopped: 'default',
};

/** Store promotions' `phase` (unknown ones are shown as their code). */
export const STORE_PHASE_NAMES: Readonly<Record<string, string>> = {
  scheduled: '未开始',
  running: '进行中',
  ended: '已结束',
  stopped: '已停止',
  pending_approval: '待审批',
};
export const STORE_PHASE_COLORS: Readonly<Record<string, string>> = {
  scheduled: 'blue',
  running: 'green',
  ended: 'default',
  stopped: 'default',
  pending_approval: 'orange',
};

/**
 * Why a promotion needs an owner's approval: "折扣深度 60%／低于成本 2 个规格". The depth is named when
 * it passes the store's maximum (or always when the maximum is not known).
 */
export function approvalReasonText(reason: NonNullable<ApprovalView['reason']>, maxDepthBp?: number): string {
  const parts: string[] = [];
  if (maxDepthBp === undefined || reason.depthBp > maxDepthBp || reason.belowCost.length === 0) parts.push(`折扣深度 ${percentText(reason.depthBp)}`);
  if (reason.belowCost.length > 0) parts.push(`低于成本 ${reason.belowCost.length} 个规格`);
  return parts.join('／');
}

/** "规格 #12：¥4.50，成本 ¥8.00" for each SKU a promotion would sell below cost. */
export function belowCostLines(
  reason: Pick<NonNullable<ApprovalView['reason']>, 'belowCost'>,
  skuName: (skuId: number) => string = (skuId) => `规格 #${skuId}`,
): string[] {
  return reason.belowCost.map((entry) => `${skuName(entry.skuId)}：${money(entry.priceAfterFen)}，成本 ${money(entry.costPriceFen)}`);
}
