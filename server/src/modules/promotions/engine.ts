/**
 * Checkout pricing with promotions, in four steps: load (./candidates.ts: every candidate the member could
 * use on this cart) → solve (the shared best-price solver under the member's choices, and the cheapest plan
 * they can reach in one tap) → select (what the order must reserve) → present (./present.ts: the view).
 * The engine returns data; wording lives in the present step and the shop. Reads only: reservations
 * happen in ./reservations.ts inside the order transaction. Entry point: ./checkout-pricing.ts.
 */
import {
  recommendPlan,
  solvePlan,
  type CheckoutPlan,
  type CheckoutPromotionsView,
  type CouponChoice,
  type ErrorCode,
  type PlanParams,
  type PlanPick,
  type PromotionSolution,
  type Quote,
  type RecommendedPlanView,
  type ShippingRule,
} from '@siyu/shared';
import type { Config } from '../../config';
import type { Executor } from '../../db/client';
import type { CheckoutLineInput } from '../orders/pricing';
import type { CheckoutSku } from '../orders/repo';
import { loadPricing, type LoadedPricing, type UnavailableFlashSale } from './candidates';
import { applyPoints, loadPointsBalance, type PointsBalance } from './membership-pricing';
import { decisionViews, presentPromotions, tierView } from './present';

export interface PromotionChoices {
  couponId: CouponChoice;
  shippingCouponId: CouponChoice;
  promoCode?: string | undefined;
  usePoints?: boolean | undefined;
}

/** What an order must take from promotions when it is created (what the quote used). */
export interface PromotionSelections {
  coupons: { memberCouponId: number; templateId: number; discountFen: number }[];
  promoCode: { codeId: number; code: string; sessionId: number; discountFen: number } | null;
  flashSales: { flashSaleId: number; skuId: number; quantity: number; discountFen: number }[];
  storePromotions: { id: number; discountFen: number }[];
  /** Points paying for goods (spent in the order transaction, operation key order:<id>:points). */
  points: { points: number; valueFen: number } | null;
}

export interface PricedCheckout {
  quote: Quote;
  promotions: CheckoutPromotionsView;
  selections: PromotionSelections;
  /** Flash sales of the cart's SKUs that could not apply because they are sold out or over the member's limit. */
  unavailableFlashSales: UnavailableFlashSale[];
  /** Why the promo code the member typed does not apply (null when none typed or applied). */
  promoCodeError: ErrorCode | null;
  /** Why a coupon the member chose explicitly does not apply (threshold, scope, stacking…). */
  couponChoiceError: { memberCouponId: number; code: ErrorCode; message: string | null } | null;
}

export interface PricingRequest {
  memberId: number;
  tierCode: string | null;
  lines: CheckoutLineInput[];
  skus: Map<number, CheckoutSku>;
  commerce: Config['commerce'];
  /** The cart's shipping rule (shipping templates resolved for the destination); the store's flat rule when absent. */
  shipping?: ShippingRule;
  choices: PromotionChoices;
  now: Date;
}

const pickOf = (choice: CouponChoice): PlanPick => (choice === 'auto' ? 'auto' : choice === 'none' ? null : `coupon:${String(choice)}`);

function planParams(loaded: LoadedPricing): PlanParams {
  const { input } = loaded;
  return {
    input: { ...input, member: input.member ? { ...input.member, isNewCustomer: loaded.isNewCustomer } : null },
    candidates: loaded.metas.map((meta) => meta.candidate),
    matrix: loaded.matrix,
  };
}

/** The solve step for a plan: its solution and its final quote with points as the member asked. */
function solveWithPoints(loaded: LoadedPricing, plan: CheckoutPlan, balance: PointsBalance, usePoints: boolean) {
  const result = solvePlan(planParams(loaded), plan);
  return { result, points: applyPoints(balance, loaded.input, result.quote, usePoints) };
}

/** Why the typed code is not applied: not found / outside its session, else what the solver said. */
function promoCodeErrorOf(loaded: LoadedPricing, result: PromotionSolution): ErrorCode | null {
  if (loaded.promoLookupError) return loaded.promoLookupError;
  const { promoId } = loaded;
  if (!promoId || result.chosenIds.includes(promoId)) return null;
  const decision = result.decisions[promoId];
  return decision?.status === 'not_applicable' ? (decision.reason.code as ErrorCode) : 'PROMOTION_NOT_COMBINABLE';
}

/** The select step: what the order reserves for each candidate the solution applied. */
function selectionsOf(loaded: LoadedPricing, result: PromotionSolution, lines: readonly CheckoutLineInput[]): PromotionSelections {
  const byId = new Map(loaded.metas.map((meta) => [meta.candidate.id, meta]));
  const appliedFen = new Map(result.quote.adjustments.map((adjustment) => [adjustment.id, adjustment.appliedFen]));
  const selections: PromotionSelections = { coupons: [], promoCode: null, flashSales: [], storePromotions: [], points: null };
  for (const id of result.chosenIds) {
    const ref = byId.get(id)?.ref;
    const discountFen = appliedFen.get(id) ?? 0;
    if (!ref || ref.kind === 'tier') continue;
    if (ref.kind === 'coupon') selections.coupons.push({ memberCouponId: ref.memberCouponId, templateId: ref.templateId, discountFen });
    else if (ref.kind === 'store') selections.storePromotions.push({ id: ref.id, discountFen });
    else if (ref.kind === 'promo') selections.promoCode = { codeId: ref.codeId, code: ref.code, sessionId: ref.sessionId, discountFen };
    else {
      const quantity = lines.find((entry) => entry.skuId === ref.skuId)?.quantity ?? 0;
      selections.flashSales.push({ flashSaleId: ref.flashSaleId, skuId: ref.skuId, quantity: Math.min(quantity, ref.maxQuantity), discountFen });
    }
  }
  return selections;
}

/** The cheapest plan reachable in one tap, when it pays less than the current one (both after points). */
function recommend(
  loaded: LoadedPricing,
  current: { plan: CheckoutPlan; solution: PromotionSolution; payableFen: number },
  balance: PointsBalance,
  usePoints: boolean,
): RecommendedPlanView | null {
  const payableOf = (solution: PromotionSolution) => applyPoints(balance, loaded.input, solution.quote, usePoints).quote.payableTotalFen;
  const found = recommendPlan(planParams(loaded), current, payableOf);
  if (!found) return null;
  const typed = loaded.metas.find((meta) => meta.candidate.id === loaded.promoId)?.ref;
  const couponIds = loaded.coupons.flatMap((meta) =>
    meta.ref.kind === 'coupon' && found.solution.chosenIds.includes(meta.candidate.id) ? [meta.ref.memberCouponId] : [],
  );
  return {
    couponId: 'auto',
    shippingCouponId: 'auto',
    promoCode: found.plan.promoCodeId !== null && typed?.kind === 'promo' ? typed.code : null,
    removesPromoCode: loaded.promoId !== null && found.plan.promoCodeId === null,
    payableFen: found.payableFen,
    savingFen: current.payableFen - found.payableFen,
    couponIds,
  };
}

/** The first coupon the member chose that the solution could not apply, and why. */
function couponChoiceErrorOf(loaded: LoadedPricing, result: PromotionSolution, choices: PromotionChoices): PricedCheckout['couponChoiceError'] {
  const decisions = decisionViews(loaded, result);
  for (const chosen of [choices.couponId, choices.shippingCouponId]) {
    if (typeof chosen !== 'number') continue;
    const decision = decisions.find((entry) => entry.candidateId === `coupon:${String(chosen)}`);
    if (decision && decision.status !== 'applied')
      return { memberCouponId: chosen, code: (decision.code ?? 'PROMOTION_NOT_COMBINABLE') as ErrorCode, message: decision.message };
  }
  return null;
}

/** Prices the cart with the best promotions (or the member's choices), explains every candidate and recommends the cheapest reachable plan. */
export async function priceWithPromotions(db: Executor, request: PricingRequest): Promise<PricedCheckout> {
  const { choices } = request;
  const usePoints = choices.usePoints === true;
  const loaded = await loadPricing(db, request);
  const balance = await loadPointsBalance(db, request.memberId, request.now);
  const plan: CheckoutPlan = { coupon: pickOf(choices.couponId), shipping_coupon: pickOf(choices.shippingCouponId), promoCodeId: loaded.promoId };
  const { result, points } = solveWithPoints(loaded, plan, balance, usePoints);
  const selections = selectionsOf(loaded, result, request.lines);
  selections.points = points.used > 0 ? { points: points.used, valueFen: points.valueFen } : null;
  const promoCodeError = promoCodeErrorOf(loaded, result);
  const recommendedPlan = recommend(loaded, { plan, solution: result, payableFen: points.quote.payableTotalFen }, balance, usePoints);
  const promotions = presentPromotions({ loaded, choices, result, selections, promoCodeError, recommendedPlan });
  promotions.points = points.view;
  // The quote's own lines come from the final quote (with points); the solver's lines about candidates follow.
  if (points.quote !== result.quote) promotions.explanation = [...points.quote.explanation, ...result.explanation.slice(result.quote.explanation.length)];
  promotions.tier = tierView(loaded.tier);
  return {
    quote: points.quote,
    promotions,
    selections,
    unavailableFlashSales: loaded.unavailableFlashSales,
    promoCodeError,
    couponChoiceError: couponChoiceErrorOf(loaded, result, choices),
  };
}
