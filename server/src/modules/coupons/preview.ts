import {
  assessPromotion,
  describeReason,
  describeRule,
  solvePromotions,
  type CouponPreviewView,
  type PromotionMember,
  type PromotionRule,
  type TierCode,
} from '@siyu/shared';
import type { z } from 'zod';
import type { couponPreviewBodySchema } from '@siyu/shared';
import type { Config } from '../../config';
import type { ServiceContext } from '../../context';
import { buildQuoteInput } from '../orders/pricing';
import { loadCheckoutSkus } from '../orders/repo';
import { scopeSkus } from '../promotions/approval';
import { loadPromotionSettings } from '../promotions/settings';

type PreviewBody = z.output<typeof couponPreviewBodySchema>;
const PREVIEW_ID = 'preview';

/**
 * The sample buyer: the given tier, as a new customer (so a 新人首单 coupon shows what it takes off).
 * Without a tier the cart is priced for a guest, except for a new-customer rule, which needs a member:
 * then a bronze one, the tier every new member starts in.
 */
function sampleMember(rule: PromotionRule, tierCode: TierCode | null): PromotionMember | null {
  if (tierCode) return { tierCode, isNewCustomer: true };
  return rule.kind === 'new_customer' ? { tierCode: 'bronze', isNewCustomer: true } : null;
}

/**
 * POST /api/admin/coupon-templates/preview: what a sample cart pays with the rule as a coupon (the
 * shared solver with this one candidate, the same code checkout runs), and the maker-checker
 * assessment of the rule on its scope.
 */
export async function previewCoupon(sc: ServiceContext, commerce: Config['commerce'], body: PreviewBody): Promise<CouponPreviewView> {
  const skuMap = await loadCheckoutSkus(
    sc.db,
    body.lines.map((line) => line.skuId),
  );
  const input = buildQuoteInput(body.lines, skuMap, body.tierCode, commerce);
  const { stackingMatrix, maxDepthBp } = await loadPromotionSettings(sc.db);
  const group = body.rule.kind === 'free_shipping' ? 'shipping_coupon' : 'coupon';
  const result = solvePromotions({
    input: { lines: input.lines, shipping: input.shipping, member: sampleMember(body.rule, body.tierCode) },
    candidates: [{ id: PREVIEW_ID, group, kind: 'coupon', label: describeRule(body.rule), rule: body.rule, scope: body.scope, rank: 0 }],
    matrix: stackingMatrix,
  });
  const decision = result.decisions[PREVIEW_ID];
  const applied = decision?.status === 'applied';
  const assessment = assessPromotion(body.rule, body.scope, await scopeSkus(sc.db, body.rule, body.scope), maxDepthBp);
  return {
    applicable: applied,
    reason: decision?.status === 'not_applicable' ? describeReason(decision.reason) : null,
    goodsSubtotalFen: result.quote.goodsSubtotalFen,
    discountFen: applied ? decision.amountFen : 0,
    payableTotalFen: result.quote.payableTotalFen,
    explanation: result.explanation,
    assessment: {
      depthBp: assessment.depthBp,
      belowCost: assessment.belowCost.map((entry) => ({ skuId: entry.skuId, priceAfterFen: entry.priceAfterFen, costPriceFen: entry.costPriceFen })),
      needsApproval: assessment.needsApproval,
    },
  };
}
