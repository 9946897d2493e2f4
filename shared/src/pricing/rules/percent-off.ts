import { z } from 'zod';
import { minFen, type Fen } from '../../money';
import { takeBp } from './basis-points';
import { OK, eligibleFen, missedThreshold, notApplicable, offBpSchema, positiveFenSchema, splitOverLines, thresholdSchema } from './helpers';
import type { PromotionContext, RuleDefinition } from './types';

/** 折扣: `offBp` off (1500 = 8.5折), at most `capFen` (null: no cap), from `thresholdFen` (0: none). */
export const percentOffArgsSchema = z.object({
  offBp: offBpSchema,
  capFen: positiveFenSchema.nullable().default(null),
  thresholdFen: thresholdSchema,
});
export type PercentOffArgs = z.output<typeof percentOffArgsSchema>;

/** ⌊eligible × offBp / 10000⌋ (rounded down: never more than the rate), then capped. */
function discountOf(args: PercentOffArgs, ctx: PromotionContext): Fen {
  const discount = takeBp(eligibleFen(ctx), args.offBp);
  return args.capFen === null ? discount : minFen(discount, args.capFen);
}

export const percentOffRule: RuleDefinition<'percent_off', PercentOffArgs> = {
  code: 'percent_off',
  target: 'goods',
  argsSchema: percentOffArgsSchema,
  isApplicable(args, ctx) {
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    const missed = missedThreshold(eligibleFen(ctx), args.thresholdFen);
    if (missed) return notApplicable(missed);
    return discountOf(args, ctx) > 0 ? OK : notApplicable({ code: 'PROMOTION_NOTHING_TO_DISCOUNT' });
  },
  apply(args, ctx) {
    return splitOverLines(ctx, discountOf(args, ctx));
  },
};
