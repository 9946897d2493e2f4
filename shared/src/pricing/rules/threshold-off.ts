import { z } from 'zod';
import { fenSchema } from '../../common/schemas';
import { minFen, type Fen } from '../../money';
import { OK, eligibleFen, missedThreshold, noGoodsDiscount, notApplicable, positiveFenSchema, splitOverLines } from './helpers';
import type { RuleDefinition } from './types';

const tierSchema = z.object({ thresholdFen: fenSchema, offFen: positiveFenSchema });

/** 满减: 1–5 tiers, thresholds and amounts strictly increasing, each amount below its threshold. */
export const thresholdOffArgsSchema = z.object({
  tiers: z
    .array(tierSchema)
    .min(1)
    .max(5)
    .superRefine((tiers, ctx) => {
      tiers.forEach((tier, index) => {
        if (tier.offFen >= tier.thresholdFen) ctx.addIssue({ code: 'custom', message: 'offFen must be below thresholdFen', path: [index, 'offFen'] });
        const previous = tiers[index - 1];
        if (!previous) return;
        if (tier.thresholdFen <= previous.thresholdFen) ctx.addIssue({ code: 'custom', message: 'thresholds must increase', path: [index, 'thresholdFen'] });
        if (tier.offFen <= previous.offFen) ctx.addIssue({ code: 'custom', message: 'amounts must increase', path: [index, 'offFen'] });
      });
    }),
});
export type ThresholdOffArgs = z.output<typeof thresholdOffArgsSchema>;

/** The highest tier whose threshold the value meets (≥), or undefined. */
function tierMet(args: ThresholdOffArgs, valueFen: Fen): ThresholdOffArgs['tiers'][number] | undefined {
  return args.tiers.filter((tier) => valueFen >= tier.thresholdFen).at(-1);
}

/** 满99减10/满199减50: the highest tier met by the eligible lines' remaining value, split over them by value. */
export const thresholdOffRule: RuleDefinition<'threshold_off', ThresholdOffArgs> = {
  code: 'threshold_off',
  target: 'goods',
  argsSchema: thresholdOffArgsSchema,
  isApplicable(args, ctx) {
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    const value = eligibleFen(ctx);
    const lowest = args.tiers[0];
    const missed = lowest ? missedThreshold(value, lowest.thresholdFen) : null;
    return missed ? notApplicable(missed) : OK;
  },
  apply(args, ctx) {
    const value = eligibleFen(ctx);
    const tier = tierMet(args, value);
    return tier ? splitOverLines(ctx, minFen(tier.offFen, value)) : noGoodsDiscount();
  },
};
