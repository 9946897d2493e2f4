/**
 * The present step of checkout pricing: what the shop shows about the promotions — every candidate's
 * fate, the member's coupons for the picker, the live code's status and the cheapest plan reachable in
 * one tap. Pure: it turns the solver's data into the view; the engine itself returns no wording.
 */
import {
  describeReason,
  describeRule,
  ERROR_CODES,
  STACKING_GROUP_NAMES,
  type CheckoutPromotionsView,
  type ErrorCode,
  type PromotionDecisionView,
  type PromotionSolution,
  type RecommendedPlanView,
  type Tier,
} from '@siyu/shared';
import type { CandidateMeta, LoadedPricing } from './candidates';
import type { PromotionChoices, PromotionSelections } from './engine';

const FLASH_UNAVAILABLE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  FLASH_SALE_SOLD_OUT: '秒杀商品已抢光，按原价计算',
  FLASH_SALE_LIMIT_EXCEEDED: '已达秒杀限购数量，按原价计算',
};

/** Every candidate's fate as the shop lists it, then the flash sales that could not take part. */
export function decisionViews(loaded: LoadedPricing, result: PromotionSolution): PromotionDecisionView[] {
  const lineNumberOf = new Map(loaded.input.lines.map((line, index) => [line.lineId, index + 1]));
  const views: PromotionDecisionView[] = loaded.metas.map((meta) => {
    const decision = result.decisions[meta.candidate.id];
    const base = { candidateId: meta.candidate.id, group: meta.candidate.group, label: meta.candidate.label };
    if (!decision) return { ...base, status: 'not_chosen', amountFen: 0, code: null, message: null };
    switch (decision.status) {
      case 'applied':
        return { ...base, status: 'applied', amountFen: decision.amountFen, code: null, message: null };
      case 'not_applicable':
        return { ...base, status: 'not_applicable', amountFen: 0, code: decision.reason.code, message: describeReason(decision.reason) };
      case 'not_combinable': {
        const lines = decision.lineIds.map((lineId) => lineNumberOf.get(lineId) ?? 0).sort((a, b) => a - b);
        const where = lines.length > 0 ? `（第${lines.join('、')}行）` : '';
        const message = `不能与${STACKING_GROUP_NAMES[decision.withGroup]}同享${where}`;
        return { ...base, status: 'not_combinable', amountFen: 0, code: 'PROMOTION_NOT_COMBINABLE', message };
      }
      default:
        return { ...base, status: 'not_chosen', amountFen: decision.standaloneSavingFen, code: null, message: '已为您选择更优惠的组合' };
    }
  });
  for (const entry of loaded.unavailableFlashSales) {
    const message = FLASH_UNAVAILABLE_MESSAGES[entry.code] ?? ERROR_CODES[entry.code].message;
    views.push({
      candidateId: `flash:${String(entry.flashSaleId)}`,
      group: 'flash_sale',
      label: '秒杀',
      status: 'unavailable',
      amountFen: 0,
      code: entry.code,
      message,
    });
  }
  return views;
}

/** The member's coupons for the picker: usable or not on this cart, what each saves, and whether only the typed code blocks it. */
function couponViews(loaded: LoadedPricing, result: PromotionSolution, decisions: readonly PromotionDecisionView[]): CheckoutPromotionsView['coupons'] {
  return loaded.coupons.flatMap((meta: CandidateMeta) => {
    if (meta.ref.kind !== 'coupon') return [];
    const id = meta.candidate.id;
    const decision = decisions.find((entry) => entry.candidateId === id);
    const solved = result.decisions[id];
    const isBlockedByPromoCode = solved?.status === 'not_combinable' && solved.withGroup === 'promo_code';
    return [
      {
        memberCouponId: meta.ref.memberCouponId,
        name: meta.candidate.label,
        ruleText: describeRule(meta.candidate.rule),
        stackingGroup: meta.candidate.group as 'coupon' | 'shipping_coupon',
        expiresAt: meta.ref.expiresAt.toISOString(),
        usable: decision !== undefined && (decision.status === 'applied' || decision.status === 'not_chosen'),
        savingFen: decision?.amountFen ?? 0,
        message: decision?.message ?? null,
        isBlockedByPromoCode,
      },
    ];
  });
}

export interface PresentInput {
  loaded: LoadedPricing;
  choices: PromotionChoices;
  result: PromotionSolution;
  selections: PromotionSelections;
  promoCodeError: ErrorCode | null;
  recommendedPlan: RecommendedPlanView | null;
}

/** The promotions part of the quote (points and tier are filled in by the caller once priced). */
export function presentPromotions({ loaded, choices, result, selections, promoCodeError, recommendedPlan }: PresentInput): CheckoutPromotionsView {
  const decisions = decisionViews(loaded, result);
  const chosenCoupon = (group: 'coupon' | 'shipping_coupon') =>
    selections.coupons.find((entry) => loaded.coupons.find((meta) => meta.candidate.id === `coupon:${String(entry.memberCouponId)}`)?.candidate.group === group)
      ?.memberCouponId ?? null;
  const promoMeta = loaded.metas.find((meta) => meta.candidate.id === loaded.promoId);
  const promoMessage = () =>
    decisions.find((entry) => entry.candidateId === loaded.promoId)?.message ?? (promoCodeError ? ERROR_CODES[promoCodeError].message : null);
  return {
    decisions,
    coupons: couponViews(loaded, result, decisions),
    chosen: {
      couponId: chosenCoupon('coupon'),
      shippingCouponId: chosenCoupon('shipping_coupon'),
      promoCode: selections.promoCode?.code ?? null,
      flashSaleIds: selections.flashSales.map((entry) => entry.flashSaleId),
      storePromotionIds: selections.storePromotions.map((entry) => entry.id),
    },
    promoCode: choices.promoCode
      ? {
          code: choices.promoCode,
          status: selections.promoCode ? 'applied' : 'rejected',
          errorCode: selections.promoCode ? null : promoCodeError,
          message: selections.promoCode ? null : promoMessage(),
          liveSessionId: promoMeta?.ref.kind === 'promo' ? promoMeta.ref.sessionId : null,
        }
      : null,
    bestPayableFen: result.best.payableTotalFen,
    choiceDeltaFen: result.choiceDeltaFen,
    explanation: result.explanation,
    recommendedPlan,
    points: null,
    tier: null,
  };
}

/** The tier's perks as the quote shows them, when it has any. */
export function tierView(tier: Tier | null): CheckoutPromotionsView['tier'] {
  return tier && (tier.discountBp > 0 || tier.freeShippingThresholdFen !== null)
    ? { code: tier.code, name: tier.name, discountBp: tier.discountBp, freeShippingThresholdFen: tier.freeShippingThresholdFen }
    : null;
}
