import { formatFen, type Fen, type PointsMallItemView } from '@siyu/shared';
import { formatCount, tierName } from '../../components/TierBadge';

export interface RedeemButton {
  label: string;
  isEnabled: boolean;
  /** A guest: the button logs in first. */
  needsLogin: boolean;
}

/**
 * The 兑换 button of a mall item: 立即兑换, or why not (sold out, tier, limit, points), in the order the
 * server checks them. `available`: the member's usable points when known (a fresher number than the
 * item's own answer after a redemption elsewhere).
 */
export function redeemButton(item: PointsMallItemView, member: { isLoggedIn: boolean; available?: number | null }): RedeemButton {
  const off = (label: string): RedeemButton => ({ label, isEnabled: false, needsLogin: false });
  if (item.status === 'off_sale') return off('已下架');
  if (item.remaining <= 0 || item.reason === 'POINTS_MALL_SOLD_OUT') return off('已兑完');
  if (!member.isLoggedIn) return { label: '登录兑换', isEnabled: true, needsLogin: true };
  if (item.reason === 'POINTS_MALL_TIER_REQUIRED') return off(item.minTier ? `${tierName(item.minTier)}会员可兑` : '等级不足');
  if (item.reason === 'POINTS_MALL_LIMIT_REACHED' || (item.redeemedByMe ?? 0) >= item.perMemberLimit) return off('已达兑换上限');
  const isShort = item.reason === 'POINTS_INSUFFICIENT' || (member.available !== undefined && member.available !== null && member.available < item.pointsPrice);
  if (isShort) return off('积分不足');
  return { label: '立即兑换', isEnabled: true, needsLogin: false };
}

/** "990 积分", "300 积分 + ¥1.00". */
export function mallPriceText(item: Pick<PointsMallItemView, 'pointsPrice' | 'cashFen'>): string {
  const points = `${formatCount(item.pointsPrice)} 积分`;
  return item.cashFen > 0 ? `${points} + ${formatFen(item.cashFen as Fen)}` : points;
}

/** "剩余 20 件 · 每人限兑 1 件", with what the member already has. */
export function mallStockText(item: Pick<PointsMallItemView, 'remaining' | 'perMemberLimit' | 'redeemedByMe' | 'kind'>): string {
  const unit = item.kind === 'coupon' ? '张' : '件';
  const mine = item.redeemedByMe ? `（已兑 ${item.redeemedByMe}）` : '';
  return `剩余 ${formatCount(Math.max(0, item.remaining))} ${unit} · 每人限兑 ${item.perMemberLimit} ${unit}${mine}`;
}
