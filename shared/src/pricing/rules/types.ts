import type { z } from 'zod';
import type { Fen } from '../../money';
import type { TierCode } from '../../members/tiers';

/** A cart line as a rule sees it: `remainingFen` is what earlier adjustments left on the line. */
export interface PromotionLine {
  lineId: string;
  skuId: number;
  productId: number;
  categoryId: number;
  quantity: number;
  unitPriceFen: Fen;
  remainingFen: Fen;
}

export interface PromotionMember {
  tierCode: TierCode;
  isNewCustomer: boolean;
}

/**
 * What a rule is checked and applied against. `lines` are only the lines eligible for this
 * candidate (scope and stacking already applied by the caller); `shippingFeeFen` is the fee still to
 * pay at this point.
 */
export interface PromotionContext {
  lines: readonly PromotionLine[];
  member: PromotionMember | null;
  shippingFeeFen: Fen;
}

/** Why a rule does not apply: an expected outcome, returned (never thrown). Codes are error codes. */
export type NotApplicableReason =
  | { code: 'PROMOTION_THRESHOLD_NOT_MET'; thresholdFen: Fen; shortFen: Fen }
  | { code: 'PROMOTION_NOT_IN_SCOPE' }
  | { code: 'PROMOTION_NEW_CUSTOMERS_ONLY' }
  | { code: 'PROMOTION_TIER_NOT_ELIGIBLE' }
  | { code: 'PROMOTION_NO_SHIPPING_FEE' }
  | { code: 'PROMOTION_NOTHING_TO_DISCOUNT' };
export type NotApplicableCode = NotApplicableReason['code'];

export type Applicability = { ok: true } | { ok: false; reason: NotApplicableReason };

/** What a rule takes off: exact amounts per line (each ≤ the line's remainingFen), or off the shipping fee. */
export type RuleApplication = { target: 'goods'; lines: { lineId: string; amountFen: Fen }[] } | { target: 'shipping'; amountFen: Fen };

/**
 * One kind of promotion as data: a code, typed args and pure `isApplicable` / `apply`. `apply`
 * assumes `isApplicable` said yes; on a cart where it did not, it takes nothing off.
 */
export interface RuleDefinition<Code extends string, Args> {
  code: Code;
  /** Goods rules discount lines; shipping rules discount the fee (and are priced after all goods rules). */
  target: RuleApplication['target'];
  argsSchema: z.ZodType<Args, unknown>;
  isApplicable(args: Args, ctx: PromotionContext): Applicability;
  apply(args: Args, ctx: PromotionContext): RuleApplication;
}
