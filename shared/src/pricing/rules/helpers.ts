import { z } from 'zod';
import { fenSchema } from '../../common/schemas';
import { MAX_PRICE_FEN, addFen, minFen, subFen, toFen, type Fen } from '../../money';
import { prorate } from '../prorate';
import type { Applicability, NotApplicableReason, PromotionContext, RuleApplication } from './types';

// Small pieces the rule files share.

/** Money off: an integer amount of fen, 1 … MAX_PRICE_FEN. */
export const positiveFenSchema = z
  .number()
  .int({ message: 'must be an integer amount of fen' })
  .min(1)
  .max(MAX_PRICE_FEN)
  .transform((value) => value as Fen);

/** A threshold (≥), 0 meaning none. */
export const thresholdSchema = fenSchema.default(0 as Fen);

/** A discount rate in basis points: 1 … 9999 (1500 = 15 % off = 8.5折). */
export const offBpSchema = z.number().int().min(1).max(9999);

export const OK: Applicability = { ok: true };
export const notApplicable = (reason: NotApplicableReason): Applicability => ({ ok: false, reason });

/** What the eligible lines have left, together. */
export function eligibleFen(ctx: PromotionContext): Fen {
  return addFen(...ctx.lines.map((line) => line.remainingFen));
}

/** The THRESHOLD_NOT_MET reason when `valueFen` is below `thresholdFen` (≥ meets it), else null. */
export function missedThreshold(valueFen: Fen, thresholdFen: Fen): NotApplicableReason | null {
  if (valueFen >= thresholdFen) return null;
  return { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen, shortFen: subFen(thresholdFen, valueFen) };
}

/**
 * An order-level discount split over the eligible lines by what each has left (largest remainder,
 * see prorate), after capping it at their total so no line goes below zero.
 */
export function splitOverLines(ctx: PromotionContext, amountFen: Fen): RuleApplication {
  const weights = ctx.lines.map((line) => line.remainingFen);
  const shares = prorate(minFen(amountFen, addFen(...weights)), weights);
  return { target: 'goods', lines: ctx.lines.map((line, index) => ({ lineId: line.lineId, amountFen: shares[index] ?? toFen(0) })) };
}

/** Nothing taken off the goods (what `apply` answers on a cart the rule does not apply to). */
export function noGoodsDiscount(): RuleApplication {
  return { target: 'goods', lines: [] };
}
