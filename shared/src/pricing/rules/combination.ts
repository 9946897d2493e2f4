import { addFen, minFen, subFen, toFen, type Fen } from '../../money';
import { shippingRuleFeeFen } from '../quote';
import type { ShippingRule } from '../quote-schema';
import type { PromotionCandidate } from './candidate';
import { applyRule, checkRule, ruleTarget } from './registry';
import { isInScope } from './scope';
import { STACKING_GROUPS, isCombinable, type StackingMatrix } from './stacking';
import type { NotApplicableReason, PromotionContext, PromotionLine, PromotionMember, RuleApplication } from './types';

// Applying a combination of candidates to a priced cart, one candidate at a time, with stacking.
// Used by the solver; plain data in, fresh state out (states are never mutated once built).

/** A cart line with its price resolved. */
export interface CartLine extends Omit<PromotionLine, 'remainingFen'> {
  subtotalFen: Fen;
}

export interface PricedCart {
  lines: readonly CartLine[];
  /** Line index by line id. */
  indexOf: ReadonlyMap<string, number>;
  member: PromotionMember | null;
  shipping: ShippingRule;
}

/** A candidate with what the solver precomputes once: its group's position, lines in scope, blocking groups. */
export interface PreparedCandidate {
  candidate: PromotionCandidate;
  groupIndex: number;
  target: RuleApplication['target'];
  /** Indices of the lines in scope (for a flash price: the lines of its SKU). */
  scopeIndices: readonly number[];
  /** Bit g set when this candidate may not share a line with group g (its own group included). */
  blockedMask: number;
}

export type Step =
  | { prepared: PreparedCandidate; target: 'goods'; lines: { index: number; amountFen: Fen }[]; amountFen: Fen }
  | { prepared: PreparedCandidate; target: 'shipping'; amountFen: Fen };

export interface CartState {
  remaining: readonly Fen[];
  /** Σ remaining. */
  goodsPayableFen: Fen;
  /** Per line, a bit per group that discounted it. */
  touched: readonly number[];
  steps: readonly Step[];
}

/** An applied goods step that already discounted some of the lines a candidate wanted, from a group it cannot share with. */
export interface Blocker {
  step: Step;
  lineIndices: number[];
}

export type StepOutcome =
  | { status: 'applied'; step: Step }
  | { status: 'blocked'; blockers: Blocker[] }
  | { status: 'not_applicable'; reason: NotApplicableReason; blockers: Blocker[] };

const bit = (groupIndex: number) => 1 << groupIndex;

/** Precomputes scope lines and blocking groups; sorted by group order, then rank, then id. */
export function prepareCandidates(cart: PricedCart, candidates: readonly PromotionCandidate[], matrix: StackingMatrix): PreparedCandidate[] {
  return candidates
    .map((candidate) => {
      const { rule, group } = candidate;
      const scopeIndices = cart.lines.flatMap((line, index) =>
        (rule.kind === 'flash_price' ? line.skuId === rule.skuId : isInScope(candidate.scope, line)) ? [index] : [],
      );
      const blockedMask = STACKING_GROUPS.reduce((mask, other, index) => (isCombinable(matrix, group, other) ? mask : mask | bit(index)), 0);
      return { candidate, groupIndex: STACKING_GROUPS.indexOf(group), target: ruleTarget(rule), scopeIndices, blockedMask };
    })
    .sort(compareCandidates);
}

function compareCandidates(a: PreparedCandidate, b: PreparedCandidate): number {
  return a.groupIndex - b.groupIndex || a.candidate.rank - b.candidate.rank || compareText(a.candidate.id, b.candidate.id);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function emptyState(cart: PricedCart): CartState {
  const remaining = cart.lines.map((line) => line.subtotalFen);
  return { remaining, goodsPayableFen: addFen(...remaining), touched: cart.lines.map(() => 0), steps: [] };
}

function contextFor(cart: PricedCart, state: CartState, indices: readonly number[], shippingFeeFen: Fen): PromotionContext {
  const lines = indices.map((index): PromotionLine => {
    const line = cart.lines[index] as CartLine;
    const { lineId, skuId, productId, categoryId, quantity, unitPriceFen } = line;
    return { lineId, skuId, productId, categoryId, quantity, unitPriceFen, remainingFen: state.remaining[index] ?? toFen(0) };
  });
  return { lines, member: cart.member, shippingFeeFen };
}

function blockersOf(state: CartState, prepared: PreparedCandidate, lineIndices: readonly number[]): Blocker[] {
  const blockers: Blocker[] = [];
  for (const step of state.steps) {
    if (step.target !== 'goods' || (prepared.blockedMask & bit(step.prepared.groupIndex)) === 0) continue;
    const lines = step.lines.map((line) => line.index).filter((index) => lineIndices.includes(index));
    if (lines.length > 0) blockers.push({ step, lineIndices: lines });
  }
  return blockers;
}

/**
 * Applies a goods candidate to the lines in its scope that no earlier step from a non-combinable
 * group touched. Blocked when stacking leaves it no line; not applicable when its rule says so there.
 */
export function stepGoods(cart: PricedCart, state: CartState, prepared: PreparedCandidate): { outcome: StepOutcome; state: CartState } {
  const isBlocked = (index: number) => ((state.touched[index] ?? 0) & prepared.blockedMask) !== 0;
  const eligible = prepared.scopeIndices.filter((index) => !isBlocked(index));
  const blockers = eligible.length < prepared.scopeIndices.length ? blockersOf(state, prepared, prepared.scopeIndices.filter(isBlocked)) : [];
  if (eligible.length === 0 && blockers.length > 0) return { outcome: { status: 'blocked', blockers }, state };
  const ctx = contextFor(cart, state, eligible, shippingRuleFeeFen(cart.shipping, state.goodsPayableFen));
  const check = checkRule(prepared.candidate.rule, ctx);
  if (!check.ok) return { outcome: { status: 'not_applicable', reason: check.reason, blockers }, state };
  const lines = goodsAmounts(applyRule(prepared.candidate.rule, ctx), new Set(eligible), cart, state);
  if (lines.length === 0) return { outcome: { status: 'not_applicable', reason: { code: 'PROMOTION_NOTHING_TO_DISCOUNT' }, blockers }, state };
  const step: Step = { prepared, target: 'goods', lines, amountFen: addFen(...lines.map((line) => line.amountFen)) };
  const remaining = state.remaining.slice();
  const touched = state.touched.slice();
  for (const line of lines) {
    remaining[line.index] = subFen(remaining[line.index] ?? toFen(0), line.amountFen);
    touched[line.index] = (touched[line.index] ?? 0) | bit(prepared.groupIndex);
  }
  const next = { remaining, goodsPayableFen: subFen(state.goodsPayableFen, step.amountFen), touched, steps: [...state.steps, step] };
  return { outcome: { status: 'applied', step }, state: next };
}

/** The rule's non-zero line amounts by line index; a rule breaking its contract is a bug and throws. */
function goodsAmounts(application: RuleApplication, eligible: ReadonlySet<number>, cart: PricedCart, state: CartState): { index: number; amountFen: Fen }[] {
  if (application.target !== 'goods') throw new Error('a goods rule returned a shipping discount');
  const amounts: { index: number; amountFen: Fen }[] = [];
  for (const { lineId, amountFen } of application.lines) {
    const index = cart.indexOf.get(lineId);
    const left = index === undefined || !eligible.has(index) ? undefined : state.remaining[index];
    if (index === undefined || left === undefined) throw new Error(`rule discounted a line it was not given: ${lineId}`);
    if (!Number.isSafeInteger(amountFen) || amountFen < 0 || amountFen > left) throw new Error(`rule amount out of range on ${lineId}: ${String(amountFen)}`);
    if (amountFen > 0) amounts.push({ index, amountFen });
  }
  return amounts.sort((a, b) => a.index - b.index);
}

/**
 * Prices the shipping candidates after every goods step (the fee depends on goods after
 * discounts). A shipping candidate touches every line, so it is blocked when any line carries a
 * discount from a group it cannot share with. Returns the final state and the fee left to pay.
 */
export function finishShipping(
  cart: PricedCart,
  goodsState: CartState,
  pending: readonly PreparedCandidate[],
): { state: CartState; feeFen: Fen; outcomes: Map<string, StepOutcome> } {
  let feeFen = shippingRuleFeeFen(cart.shipping, goodsState.goodsPayableFen);
  const steps = goodsState.steps.slice();
  const outcomes = new Map<string, StepOutcome>();
  const allLines = cart.lines.map((_line, index) => index);
  for (const prepared of pending) {
    const blockers = blockersOf(goodsState, prepared, allLines);
    if (blockers.length > 0) {
      outcomes.set(prepared.candidate.id, { status: 'blocked', blockers });
      continue;
    }
    const ctx = contextFor(cart, goodsState, prepared.scopeIndices, feeFen);
    const check = checkRule(prepared.candidate.rule, ctx);
    if (!check.ok) {
      outcomes.set(prepared.candidate.id, { status: 'not_applicable', reason: check.reason, blockers });
      continue;
    }
    const application = applyRule(prepared.candidate.rule, ctx);
    if (application.target !== 'shipping') throw new Error('a shipping rule returned a goods discount');
    const amountFen = minFen(application.amountFen, feeFen);
    feeFen = subFen(feeFen, amountFen);
    const step: Step = { prepared, target: 'shipping', amountFen };
    steps.push(step);
    outcomes.set(prepared.candidate.id, { status: 'applied', step });
  }
  return { state: { ...goodsState, steps }, feeFen, outcomes };
}

export interface CombinationResult {
  state: CartState;
  outcomes: Map<string, StepOutcome>;
  payableTotalFen: Fen;
}

/** Applies candidates (in group order) to the cart: goods ones in order, then shipping ones. */
export function evaluateCombination(cart: PricedCart, combination: readonly PreparedCandidate[]): CombinationResult {
  let state = emptyState(cart);
  const outcomes = new Map<string, StepOutcome>();
  for (const prepared of combination) {
    if (prepared.target !== 'goods') continue;
    const result = stepGoods(cart, state, prepared);
    outcomes.set(prepared.candidate.id, result.outcome);
    state = result.state;
  }
  const shipping = finishShipping(
    cart,
    state,
    combination.filter((prepared) => prepared.target === 'shipping'),
  );
  for (const [id, outcome] of shipping.outcomes) outcomes.set(id, outcome);
  return { state: shipping.state, outcomes, payableTotalFen: addFen(state.goodsPayableFen, shipping.feeFen) };
}
