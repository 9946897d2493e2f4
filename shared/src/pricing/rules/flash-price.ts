import { z } from 'zod';
import { fenSchema, idSchema } from '../../common/schemas';
import { maxFen, minFen, mulFen, subFen, toFen, type Fen } from '../../money';
import { OK, notApplicable } from './helpers';
import type { PromotionContext, RuleApplication, RuleDefinition } from './types';

/** 秒杀: one SKU at `priceFen` for up to `maxQuantity` units of the order. Its scope is the SKU. */
export const flashPriceArgsSchema = z.object({
  skuId: idSchema,
  priceFen: fenSchema,
  maxQuantity: z.number().int().min(1).max(99_999),
});
export type FlashPriceArgs = z.output<typeof flashPriceArgsSchema>;

/**
 * (unit price − flash price) × units for each line of the SKU, never below 0 nor above what the line
 * has left. `maxQuantity` counts units over the whole order, taken by the lines in cart order.
 */
function flashLines(args: FlashPriceArgs, ctx: PromotionContext): { lineId: string; amountFen: Fen }[] {
  let unitsLeft = args.maxQuantity;
  const lines: { lineId: string; amountFen: Fen }[] = [];
  for (const line of ctx.lines) {
    if (line.skuId !== args.skuId) continue;
    const units = Math.min(line.quantity, unitsLeft);
    unitsLeft -= units;
    const perUnit = maxFen(subFen(line.unitPriceFen, args.priceFen), toFen(0));
    lines.push({ lineId: line.lineId, amountFen: minFen(mulFen(perUnit, units), line.remainingFen) });
  }
  return lines;
}

export const flashPriceRule: RuleDefinition<'flash_price', FlashPriceArgs> = {
  code: 'flash_price',
  target: 'goods',
  argsSchema: flashPriceArgsSchema,
  isApplicable(args, ctx) {
    const lines = flashLines(args, ctx);
    if (lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    return lines.some((line) => line.amountFen > 0) ? OK : notApplicable({ code: 'PROMOTION_NOTHING_TO_DISCOUNT' });
  },
  apply(args, ctx): RuleApplication {
    return { target: 'goods', lines: flashLines(args, ctx) };
  },
};
