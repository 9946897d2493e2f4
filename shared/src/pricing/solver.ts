import { z } from 'zod';
import { mulFen, subFen, toFen, type Fen } from '../money';
import { PricingInputError, quote } from './quote';
import { quoteInputSchema, type Adjustment, type Quote, type QuoteInput } from './quote-schema';
import { resolveSkuPrice } from './resolve-sku-price';
import { promotionCandidateSchema, type PromotionCandidate, type PromotionCandidateInput } from './rules/candidate';
import {
  compareText,
  emptyState,
  finishShipping,
  prepareCandidates,
  stepGoods,
  type CartState,
  type PreparedCandidate,
  type PricedCart,
  type Step,
} from './rules/combination';
import { STACKING_GROUPS, type StackingGroup, type StackingMatrix } from './rules/stacking';
import type { PromotionMember } from './rules/types';
import { decide, explainDecisions, type PromotionDecision } from './rules/decisions';
import { buildOptions, standaloneOf, type GroupOptions, type PromotionChoice } from './rules/options';

export type { PromotionChoice } from './rules/options';

// The best-price solver: which of the candidate promotions to use, under the stacking matrix, so the
// member pays least. Pure; deterministic whatever the order of the candidates.

/** The cart as the solver prices it: a quote input without adjustments, the member knowing whether they are new. */
export type PromotionQuoteInput = Omit<QuoteInput, 'adjustments' | 'member'> & { member: PromotionMember | null };

export interface SolvePromotionsParams {
  input: PromotionQuoteInput;
  candidates: readonly PromotionCandidateInput[];
  matrix: StackingMatrix;
  choice?: PromotionChoice;
  /** Options kept per group, the best by standalone saving (default 8). */
  maxOptionsPerGroup?: number;
}

export interface PromotionSolution {
  quote: Quote;
  /** The candidates applied, in application order. */
  chosenIds: string[];
  decisions: Record<string, PromotionDecision>;
  /** The quote's explanation, then a line for every candidate not applied (Chinese). */
  explanation: string[];
  /** The unforced optimum, whatever `choice` said. */
  best: { payableTotalFen: Fen; chosenIds: string[] };
  /** What the member's choice costs over the optimum (0 without a choice). */
  choiceDeltaFen: Fen;
}

interface Leaf {
  payableTotalFen: Fen;
  steps: readonly Step[];
  sortedIds: string[];
  rankSum: number;
}

/**
 * Chooses the promotions that make the cart cheapest. Combinations take one option or none per
 * group (for flash sales: every applicable one on different lines, or a single one), in group order;
 * ties go to fewer promotions, then the lower Σ rank, then the lower ids. `choice` forces or excludes
 * per group; a forced candidate that cannot apply is reported and left out. Throws PricingInputError
 * on invalid input.
 */
export function solvePromotions(params: SolvePromotionsParams): PromotionSolution {
  const { input, choice = {}, maxOptionsPerGroup = 8 } = params;
  const cart = priceCart(input);
  const prepared = prepareCandidates(cart, parseCandidates(params.candidates), params.matrix);
  checkChoice(choice, prepared);
  const standalone = standaloneOf(cart, prepared);
  const savingOf = (id: string) => standalone.get(id)?.savingFen ?? toFen(0);
  const optionsFor = (forced: PromotionChoice) => buildOptions(prepared, standalone, forced, maxOptionsPerGroup);
  const bestLeaf = search(cart, optionsFor({}), []);
  // Unreachable: without a choice every group may use none, so there is always a combination.
  if (!bestLeaf) throw new Error('no combination without a choice');
  const { leaf: chosenLeaf, forced } = solveForced(cart, choice, optionsFor, bestLeaf);
  const result = quoteSteps(input, cart, chosenLeaf.steps);
  if (result.payableTotalFen !== chosenLeaf.payableTotalFen) throw new Error('solver and quote engine disagree on the total');
  const decisions = decide(cart, prepared, chosenLeaf.steps, savingOf);
  const choiceDeltaFen = subFen(chosenLeaf.payableTotalFen, bestLeaf.payableTotalFen);
  return {
    quote: result,
    chosenIds: chosenLeaf.steps.map((step) => step.prepared.candidate.id),
    decisions,
    explanation: [...result.explanation, ...explainDecisions(cart, prepared, decisions, forced, choiceDeltaFen)],
    best: { payableTotalFen: bestLeaf.payableTotalFen, chosenIds: bestLeaf.steps.map((step) => step.prepared.candidate.id) },
    choiceDeltaFen,
  };
}

function priceCart(input: PromotionQuoteInput): PricedCart {
  const parsed = quoteInputSchema.safeParse({
    lines: input.lines,
    member: input.member && { tierCode: input.member.tierCode },
    shipping: input.shipping,
    adjustments: [],
  });
  if (!parsed.success) throw new PricingInputError(`invalid quote input: ${z.prettifyError(parsed.error)}`);
  const { member: pricingMember, shipping } = parsed.data;
  const lines = parsed.data.lines.map((line) => {
    const unitPriceFen = resolveSkuPrice(line.sku, pricingMember).unitPriceFen;
    const { lineId, skuId, productId, categoryId, quantity } = line;
    return { lineId, skuId, productId, categoryId, quantity, unitPriceFen, subtotalFen: mulFen(unitPriceFen, quantity) };
  });
  const member = pricingMember && input.member ? { tierCode: pricingMember.tierCode, isNewCustomer: input.member.isNewCustomer === true } : null;
  return { lines, indexOf: new Map(lines.map((line, index) => [line.lineId, index])), member, shipping };
}

function parseCandidates(candidates: readonly PromotionCandidateInput[]): PromotionCandidate[] {
  const parsed = z.array(promotionCandidateSchema).max(200).safeParse(candidates);
  if (!parsed.success) throw new PricingInputError(`invalid promotion candidates: ${z.prettifyError(parsed.error)}`);
  const ids = parsed.data.map((candidate) => candidate.id);
  if (new Set(ids).size !== ids.length) throw new PricingInputError('duplicate promotion candidate id');
  return parsed.data;
}

function checkChoice(choice: PromotionChoice, prepared: readonly PreparedCandidate[]): void {
  for (const [group, id] of Object.entries(choice)) {
    if (!(STACKING_GROUPS as readonly string[]).includes(group)) throw new PricingInputError(`unknown stacking group in choice: ${group}`);
    if (id === null || id === undefined) continue;
    const found = prepared.find((candidate) => candidate.candidate.id === id);
    if (!found || found.candidate.group !== group) throw new PricingInputError(`choice ${group} names no candidate of that group: ${id}`);
  }
}

/**
 * Depth-first over the groups in order, sharing each prefix's cart state, the likeliest savings
 * first. An option whose goods candidate does not apply at that point is skipped (it would only
 * repeat the "none" branch). Branch and bound: a candidate never takes more off the goods in a
 * combination than alone (less value left, fewer lines), and the fee is never below 0, so a branch
 * whose goods minus every later group's best standalone goods discount already costs more than the
 * best leaf is cut.
 */
function search(cart: PricedCart, groups: readonly GroupOptions[], mustApply: readonly string[]): Leaf | null {
  const laterSavings = boundsOf(groups);
  let best: Leaf | null = null;
  const visit = (groupIndex: number, state: CartState, pending: readonly PreparedCandidate[]): void => {
    const group = groups[groupIndex];
    if (best !== null && state.goodsPayableFen - (laterSavings[groupIndex] ?? 0) > best.payableTotalFen) return;
    if (!group) {
      const leaf = finishLeaf(cart, state, pending);
      if (mustApply.every((id) => leaf.sortedIds.includes(id)) && (best === null || compareLeaves(leaf, best) < 0)) best = leaf;
      return;
    }
    for (const option of group.options) {
      const next = applyOption(cart, state, option.candidates);
      if (next) visit(groupIndex + 1, next, [...pending, ...option.candidates.filter((candidate) => candidate.target === 'shipping')]);
    }
    if (group.allowNone) visit(groupIndex + 1, state, pending);
  };
  visit(0, emptyState(cart), []);
  return best;
}

/** The state after an option's goods candidates, or null when one of them does not apply there. */
function applyOption(cart: PricedCart, state: CartState, option: readonly PreparedCandidate[]): CartState | null {
  let next = state;
  for (const candidate of option) {
    if (candidate.target === 'shipping') continue;
    const stepped = stepGoods(cart, next, candidate);
    if (stepped.outcome.status !== 'applied') return null;
    next = stepped.state;
  }
  return next;
}

/** For each group index, the most the groups from there on can take off the goods (standalone). */
function boundsOf(groups: readonly GroupOptions[]): number[] {
  const bounds = new Array<number>(groups.length + 1).fill(0);
  for (let index = groups.length - 1; index >= 0; index -= 1) {
    const options = groups[index]?.options ?? [];
    const most = Math.max(0, ...options.map((option) => option.goodsBoundFen));
    bounds[index] = (bounds[index + 1] ?? 0) + most;
  }
  return bounds;
}

function finishLeaf(cart: PricedCart, state: CartState, pending: readonly PreparedCandidate[]): Leaf {
  const { state: finished, feeFen } = finishShipping(cart, state, pending);
  const candidates = finished.steps.map((step) => step.prepared.candidate);
  return {
    payableTotalFen: toFen(state.goodsPayableFen + feeFen),
    steps: finished.steps,
    sortedIds: candidates.map((candidate) => candidate.id).sort(compareText),
    rankSum: candidates.reduce((sum, candidate) => sum + candidate.rank, 0),
  };
}

/** Cheaper first; then fewer promotions; then lower Σ rank; then lower ids. A total order on distinct id sets. */
function compareLeaves(a: Leaf, b: Leaf): number {
  if (a.payableTotalFen !== b.payableTotalFen) return a.payableTotalFen - b.payableTotalFen;
  if (a.sortedIds.length !== b.sortedIds.length) return a.sortedIds.length - b.sortedIds.length;
  if (a.rankSum !== b.rankSum) return a.rankSum - b.rankSum;
  for (let index = 0; index < a.sortedIds.length; index += 1) {
    const order = compareText(a.sortedIds[index] ?? '', b.sortedIds[index] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The optimum under the member's choice. Forced candidates are taken in group order; one that no
 * combination with the earlier ones can apply is dropped (its group uses none) and reported.
 */
function solveForced(
  cart: PricedCart,
  choice: PromotionChoice,
  optionsFor: (forced: PromotionChoice) => GroupOptions[],
  bestLeaf: Leaf,
): { leaf: Leaf; forced: ReadonlySet<StackingGroup> } {
  const forcedGroups = new Set(STACKING_GROUPS.filter((group) => choice[group] !== undefined));
  if (forcedGroups.size === 0) return { leaf: bestLeaf, forced: forcedGroups };
  const accepted: PromotionChoice = {};
  for (const group of STACKING_GROUPS) {
    const id = choice[group];
    if (id === undefined) continue;
    accepted[group] = id;
    if (id !== null && !search(cart, optionsFor(accepted), mustApplyOf(accepted))) accepted[group] = null;
  }
  let leaf = search(cart, optionsFor(accepted), mustApplyOf(accepted));
  // An earlier forced candidate may have applied only together with a later group's candidate that was
  // then refused (a free-shipping coupon that saves something only once a shipping coupon has brought the
  // goods under the free threshold): drop forced candidates from the last group back until one fits.
  for (const group of [...STACKING_GROUPS].reverse()) {
    if (leaf) break;
    if (typeof accepted[group] !== 'string') continue;
    accepted[group] = null;
    leaf = search(cart, optionsFor(accepted), mustApplyOf(accepted));
  }
  // Unreachable: with every forced group on "none" there is always a combination (none everywhere).
  if (!leaf) throw new Error('no combination satisfies the accepted choice');
  return { leaf, forced: forcedGroups };
}

function mustApplyOf(choice: PromotionChoice): string[] {
  return Object.values(choice).filter((id): id is string => typeof id === 'string');
}

/** The engine's quote for the chosen steps: goods adjustments with exact line amounts, then shipping ones. */
function quoteSteps(input: PromotionQuoteInput, cart: PricedCart, steps: readonly Step[]): Quote {
  const adjustments: Adjustment[] = steps.map((step) => {
    const { id, kind, label } = step.prepared.candidate;
    if (step.target === 'shipping') return { id, kind, label, amountFen: step.amountFen, appliesToShipping: true };
    const lineAmounts = step.lines.map((line) => ({ lineId: cart.lines[line.index]?.lineId ?? '', amountFen: line.amountFen }));
    return { id, kind, label, amountFen: step.amountFen, lineAmounts };
  });
  return quote({ lines: input.lines, member: input.member ? { tierCode: input.member.tierCode } : null, shipping: input.shipping, adjustments });
}
