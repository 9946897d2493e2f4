import { z } from 'zod';
import { tierCodeSchema } from '../../members/tiers';
import { takeBp } from './basis-points';
import { OK, notApplicable, offBpSchema } from './helpers';
import type { PromotionContext, RuleDefinition } from './types';

/** 会员折扣: basis points off per member tier; tiers not listed (and guests) get nothing. */
export const tierDiscountArgsSchema = z.object({
  tiers: z.partialRecord(tierCodeSchema, offBpSchema).refine((tiers) => Object.keys(tiers).length > 0, { message: 'at least one tier' }),
});
export type TierDiscountArgs = z.output<typeof tierDiscountArgsSchema>;

function memberBp(args: TierDiscountArgs, ctx: PromotionContext): number | undefined {
  return ctx.member ? args.tiers[ctx.member.tierCode] : undefined;
}

/** ⌊remaining × bp / 10000⌋ on every eligible line (rounded down per line). */
export const tierDiscountRule: RuleDefinition<'tier_discount', TierDiscountArgs> = {
  code: 'tier_discount',
  target: 'goods',
  argsSchema: tierDiscountArgsSchema,
  isApplicable(args, ctx) {
    const bp = memberBp(args, ctx);
    if (bp === undefined) return notApplicable({ code: 'PROMOTION_TIER_NOT_ELIGIBLE' });
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    return ctx.lines.some((line) => takeBp(line.remainingFen, bp) > 0) ? OK : notApplicable({ code: 'PROMOTION_NOTHING_TO_DISCOUNT' });
  },
  apply(args, ctx) {
    const bp = memberBp(args, ctx) ?? 0;
    return { target: 'goods', lines: ctx.lines.map((line) => ({ lineId: line.lineId, amountFen: takeBp(line.remainingFen, bp) })) };
  },
};
