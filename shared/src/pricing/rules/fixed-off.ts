import { z } from 'zod';
import { OK, eligibleFen, notApplicable, positiveFenSchema, splitOverLines } from './helpers';
import type { RuleDefinition } from './types';

/** 无门槛减: a fixed amount off, capped at what the eligible lines have left. */
export const fixedOffArgsSchema = z.object({ offFen: positiveFenSchema });
export type FixedOffArgs = z.output<typeof fixedOffArgsSchema>;

export const fixedOffRule: RuleDefinition<'fixed_off', FixedOffArgs> = {
  code: 'fixed_off',
  target: 'goods',
  argsSchema: fixedOffArgsSchema,
  isApplicable(_args, ctx) {
    if (ctx.lines.length === 0) return notApplicable({ code: 'PROMOTION_NOT_IN_SCOPE' });
    return eligibleFen(ctx) > 0 ? OK : notApplicable({ code: 'PROMOTION_NOTHING_TO_DISCOUNT' });
  },
  apply(args, ctx) {
    return splitOverLines(ctx, args.offFen);
  },
};
