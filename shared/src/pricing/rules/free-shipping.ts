import { z } from 'zod';
import { toFen } from '../../money';
import { OK, eligibleFen, missedThreshold, notApplicable, thresholdSchema } from './helpers';
import type { RuleDefinition } from './types';

/** 包邮: the whole shipping fee off once the eligible lines reach `thresholdFen` (0: always). */
export const freeShippingArgsSchema = z.object({ thresholdFen: thresholdSchema });
export type FreeShippingArgs = z.output<typeof freeShippingArgsSchema>;

export const freeShippingRule: RuleDefinition<'free_shipping', FreeShippingArgs> = {
  code: 'free_shipping',
  target: 'shipping',
  argsSchema: freeShippingArgsSchema,
  isApplicable(args, ctx) {
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    // Already free: "还差¥X" would send the member shopping for nothing.
    if (ctx.shippingFeeFen === 0) return notApplicable({ code: 'PROMOTION_NO_SHIPPING_FEE' });
    const missed = missedThreshold(eligibleFen(ctx), args.thresholdFen);
    return missed ? notApplicable(missed) : OK;
  },
  apply(args, ctx) {
    const isMet = ctx.lines.length > 0 && eligibleFen(ctx) >= args.thresholdFen;
    return { target: 'shipping', amountFen: isMet ? ctx.shippingFeeFen : toFen(0) };
  },
};
