import { formatFen, type CheckoutPromotionsView, type Fen } from '@siyu/shared';

export type CheckoutPoints = NonNullable<CheckoutPromotionsView['points']>;

export interface PointsRowState {
  /** "可用 300 积分抵 ¥3.00", "已用 300 积分抵 ¥3.00", "本单暂不可用", "暂无可用积分". */
  text: string;
  /** The toggle shows on: the quote took points. */
  isOn: boolean;
  /** The toggle can be flipped (there is something to use, or something to stop using). */
  isEnabled: boolean;
  /** The text is a saving (red). */
  isSaving: boolean;
  /** "100 积分抵 ¥1". */
  rate: string;
}

/**
 * The checkout's 积分 row from the quote's points part and the member's choice. The quote is the truth:
 * on but nothing taken (the points went elsewhere meanwhile) shows as off with why.
 */
export function pointsRowState(points: CheckoutPoints, usePoints: boolean): PointsRowState {
  const rate = `${points.pointsPerYuan} 积分抵 ¥1`;
  if (usePoints && points.used > 0)
    return { text: `已用 ${points.used} 积分抵 ${formatFen(points.valueFen as Fen)}`, isOn: true, isEnabled: true, isSaving: true, rate };
  if (points.usable > 0)
    return { text: `可用 ${points.usable} 积分抵 ${formatFen(points.usableValueFen as Fen)}`, isOn: false, isEnabled: true, isSaving: false, rate };
  // A member who had asked for points can still switch the request off.
  if (points.available > 0) return { text: `共 ${points.available} 积分，本单暂不可用`, isOn: false, isEnabled: usePoints, isSaving: false, rate };
  return { text: '暂无可用积分', isOn: false, isEnabled: usePoints, isSaving: false, rate };
}
