import type { Fen } from '../money';
import type { PromotionCandidateInput } from './rules/candidate';
import type { StackingMatrix } from './rules/stacking';
import { solvePromotions, type PromotionChoice, type PromotionQuoteInput, type PromotionSolution } from './solver';

// The plans a shopper can reach at checkout, and the cheapest of them. At checkout the shopper picks a
// coupon and a shipping coupon ('auto' = the solver's best, null = none, or one candidate) and either
// keeps the live code they typed (then it is forced: applied if it can be) or removes it; every other
// group (flash sales, member discount, store promotions) is always the solver's. A plan is one tap.

/** One pick per coupon group: 'auto', none (null), or a candidate id of that group. */
export type PlanPick = 'auto' | null | string;

/** What the shopper can set: the two coupon picks and whether the typed code is kept (its candidate id) or removed (null). */
export interface CheckoutPlan {
  coupon: PlanPick;
  shipping_coupon: PlanPick;
  promoCodeId: string | null;
}

export interface PlanParams {
  input: PromotionQuoteInput;
  /** Every candidate, the typed code's included (group promo_code). */
  candidates: readonly PromotionCandidateInput[];
  matrix: StackingMatrix;
}

/** The solver's choice for a plan: a kept code is forced, a removed one is left out of the candidates. */
export function solvePlan(params: PlanParams, plan: CheckoutPlan): PromotionSolution {
  const choice: PromotionChoice = {};
  if (plan.coupon !== 'auto') choice.coupon = plan.coupon;
  if (plan.shipping_coupon !== 'auto') choice.shipping_coupon = plan.shipping_coupon;
  if (plan.promoCodeId !== null) choice.promo_code = plan.promoCodeId;
  const candidates = params.candidates.filter((candidate) => candidate.group !== 'promo_code' || candidate.id === plan.promoCodeId);
  return solvePromotions({ input: params.input, candidates, matrix: params.matrix, choice });
}

/**
 * The cheapest plan the shopper can reach in one tap: both coupons on 'auto', and the typed code kept
 * only when the unforced optimum uses it. Its payable is the unforced optimum over every candidate, so
 * no reachable plan pays less (the property test enumerates them all).
 */
export function bestPlan(solution: PromotionSolution, typedCodeId: string | null): CheckoutPlan {
  const keepsCode = typedCodeId !== null && solution.best.chosenIds.includes(typedCodeId);
  return { coupon: 'auto', shipping_coupon: 'auto', promoCodeId: keepsCode ? typedCodeId : null };
}

/** Whether two plans set the same picks. */
export function isSamePlan(a: CheckoutPlan, b: CheckoutPlan): boolean {
  return a.coupon === b.coupon && a.shipping_coupon === b.shipping_coupon && a.promoCodeId === b.promoCodeId;
}

/** A plan with its solution and what it finally pays. */
export interface SolvedPlan {
  plan: CheckoutPlan;
  solution: PromotionSolution;
  payableFen: Fen;
}

/**
 * The plan to recommend instead of `current` (whose promoCodeId is the typed code, when one is typed and
 * found): the best plan, when it pays strictly less. `payableOf` says what a solution finally pays (points
 * are taken after promotions); by default the solution's own payable.
 */
export function recommendPlan(
  params: PlanParams,
  current: { plan: CheckoutPlan; solution: PromotionSolution },
  payableOf: (solution: PromotionSolution) => Fen = (solution) => solution.quote.payableTotalFen,
): SolvedPlan | null {
  const plan = bestPlan(current.solution, current.plan.promoCodeId);
  if (isSamePlan(plan, current.plan)) return null;
  const solution = solvePlan(params, plan);
  const payableFen = payableOf(solution);
  return payableFen < payableOf(current.solution) ? { plan, solution, payableFen } : null;
}
