import { z } from 'zod';
import { rawTextSchema, textSchema } from '../../common/schemas';
import { adjustmentKindSchema } from '../quote-schema';
import { promotionRuleSchema } from './registry';
import { promotionScopeSchema } from './scope';
import { stackingGroupSchema } from './stacking';

/**
 * One promotion the member could get on this cart (a claimed coupon, a running 满减 activity, a flash
 * sale, a promo code…), as the server hands it to the solver. `id` becomes the adjustment id and
 * `label` its text; `rank` breaks ties between equally good combinations (lower preferred, e.g. the
 * expiry time, so the coupon that expires first is used first).
 */
export const promotionCandidateSchema = z.object({
  id: rawTextSchema(64, 1),
  group: stackingGroupSchema,
  kind: adjustmentKindSchema,
  label: textSchema(60),
  rule: promotionRuleSchema,
  scope: promotionScopeSchema,
  rank: z.number().finite(),
});
export type PromotionCandidate = z.output<typeof promotionCandidateSchema>;
/** Before defaults are filled in (what a caller may build by hand). */
export type PromotionCandidateInput = z.input<typeof promotionCandidateSchema>;
