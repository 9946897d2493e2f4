import { z } from 'zod';
import { OK, eligibleFen, missedThreshold, noGoodsDiscount, notApplicable, positiveFenSchema, splitOverLines, thresholdSchema } from './helpers';
import type { RuleDefinition } from './types';

/** 新人首单: a fixed amount off a new customer's first order, from `thresholdFen` (0: none). */
export const newCustomerArgsSchema = z.object({ offFen: positiveFenSchema, thresholdFen: thresholdSchema });
export type NewCustomerArgs = z.output<typeof newCustomerArgsSchema>;

export const newCustomerRule: RuleDefinition<'new_customer', NewCustomerArgs> = {
  code: 'new_customer',
  target: 'goods',
  argsSchema: newCustomerArgsSchema,
  isApplicable(args, ctx) {
    // Who is buying comes first: telling a returning member how much is missing would mislead.
    if (!ctx.member?.isNewCustomer) return notApplicable({ code: 'PROMOTION_NEW_CUSTOMERS_ONLY' });
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    const value = eligibleFen(ctx);
    const missed = missedThreshold(value, args.thresholdFen);
    if (missed) return notApplicable(missed);
    return value > 0 ? OK : notApplicable({ code: 'PROMOTION_NOTHING_TO_DISCOUNT' });
  },
  apply(args, ctx) {
    return ctx.member?.isNewCustomer ? splitOverLines(ctx, args.offFen) : noGoodsDiscount();
  },
};
