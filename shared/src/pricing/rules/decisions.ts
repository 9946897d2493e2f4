import { formatFen, toFen, type Fen } from '../../money';
import { formatLineNumbers } from '../explain';
import { evaluateCombination, type PreparedCandidate, type PricedCart, type Step, type StepOutcome } from './combination';
import { describeReason } from './describe';
import { STACKING_GROUP_NAMES, type StackingGroup } from './stacking';
import type { NotApplicableReason } from './types';

// What the solver tells the member about every candidate, and why.

/** What happened to one candidate. */
export type PromotionDecision =
  | { status: 'applied'; amountFen: Fen; lineIds: string[] }
  | { status: 'not_applicable'; reason: NotApplicableReason }
  | { status: 'not_combinable'; withGroup: StackingGroup; withCandidateId: string; lineIds: string[] }
  | { status: 'not_chosen'; standaloneSavingFen: Fen };

const linesOf = (step: Step | undefined): number[] => (step?.target === 'goods' ? step.lines.map((line) => line.index) : []);

/**
 * Every candidate's fate under the chosen steps. One not applied is tried in the chosen combination
 * in place of its group's choice (a flash sale beside the others): blocked there → not combinable
 * (with what blocked it); not applicable → why; applying but then blocking a chosen one → not
 * combinable with that one; otherwise simply not chosen, with what it would save alone.
 */
export function decide(
  cart: PricedCart,
  prepared: readonly PreparedCandidate[],
  steps: readonly Step[],
  savingOf: (id: string) => Fen,
): Record<string, PromotionDecision> {
  const lineIdsOf = (indices: readonly number[]) => [...indices].sort((a, b) => a - b).map((index) => cart.lines[index]?.lineId ?? '');
  const applied = new Map(steps.map((step) => [step.prepared.candidate.id, step]));
  const chosen = steps.map((step) => step.prepared);
  const decisions: Record<string, PromotionDecision> = {};
  for (const candidate of prepared) {
    const { id, group } = candidate.candidate;
    const step = applied.get(id);
    if (step) {
      decisions[id] = { status: 'applied', amountFen: step.amountFen, lineIds: lineIdsOf(linesOf(step)) };
      continue;
    }
    const notChosen: PromotionDecision = { status: 'not_chosen', standaloneSavingFen: toFen(Math.max(0, savingOf(id))) };
    const isFlash = group === 'flash_sale';
    const sameGroup = chosen.filter((other) => other.groupIndex === candidate.groupIndex);
    // Another flash sale already has its line: that is a choice within the group, not a conflict.
    if (isFlash && sameGroup.some((other) => linesOf(applied.get(other.candidate.id)).some((index) => candidate.scopeIndices.includes(index)))) {
      decisions[id] = notChosen;
      continue;
    }
    const trial = [...chosen.filter((other) => isFlash || other.groupIndex !== candidate.groupIndex), candidate].sort((a, b) => a.groupIndex - b.groupIndex);
    decisions[id] = decideFromTrial(candidate, evaluateCombination(cart, trial).outcomes, chosen, lineIdsOf) ?? notChosen;
  }
  return decisions;
}

function decideFromTrial(
  candidate: PreparedCandidate,
  outcomes: ReadonlyMap<string, StepOutcome>,
  chosen: readonly PreparedCandidate[],
  lineIdsOf: (indices: readonly number[]) => string[],
): PromotionDecision | null {
  const outcome = outcomes.get(candidate.candidate.id);
  if (!outcome) return null;
  if (outcome.status !== 'applied') {
    const blocker = outcome.blockers[0];
    if (blocker) {
      const other = blocker.step.prepared.candidate;
      return { status: 'not_combinable', withGroup: other.group, withCandidateId: other.id, lineIds: lineIdsOf(blocker.lineIndices) };
    }
    return outcome.status === 'not_applicable' ? { status: 'not_applicable', reason: outcome.reason } : null;
  }
  for (const other of chosen) {
    const otherOutcome = outcomes.get(other.candidate.id);
    const byCandidate =
      otherOutcome && otherOutcome.status !== 'applied' ? otherOutcome.blockers.find((blocker) => blocker.step.prepared === candidate) : undefined;
    if (byCandidate)
      return { status: 'not_combinable', withGroup: other.candidate.group, withCandidateId: other.candidate.id, lineIds: lineIdsOf(byCandidate.lineIndices) };
  }
  return null;
}

/**
 * One Chinese line per candidate not applied, in candidate order: "满300减60 还差¥12.00可用",
 * "9折券 不能与 秒杀 同享（第2行）", "未选择 无门槛减¥5：已选更优惠组合"; then what the member's own
 * choice costs, when it costs anything.
 */
export function explainDecisions(
  cart: PricedCart,
  prepared: readonly PreparedCandidate[],
  decisions: Readonly<Record<string, PromotionDecision>>,
  forcedGroups: ReadonlySet<StackingGroup>,
  choiceDeltaFen: Fen,
): string[] {
  const lineNumberOf = new Map(cart.lines.map((line, index) => [line.lineId, index + 1]));
  const lines: string[] = [];
  for (const { candidate } of prepared) {
    const decision = decisions[candidate.id];
    if (!decision) continue;
    switch (decision.status) {
      case 'applied':
        break;
      case 'not_applicable':
        lines.push(`${candidate.label} ${describeReason(decision.reason)}`);
        break;
      case 'not_combinable': {
        const where = decision.lineIds.length > 0 ? `（${formatLineNumbers(decision.lineIds.map((lineId) => lineNumberOf.get(lineId) ?? 0))}）` : '';
        lines.push(`${candidate.label} 不能与 ${STACKING_GROUP_NAMES[decision.withGroup]} 同享${where}`);
        break;
      }
      case 'not_chosen':
        lines.push(forcedGroups.has(candidate.group) ? `未使用 ${candidate.label}：已按您的选择` : `未选择 ${candidate.label}：已选更优惠组合`);
        break;
    }
  }
  if (choiceDeltaFen > 0) lines.push(`当前选择比最优组合多付 ${formatFen(choiceDeltaFen)}`);
  return lines;
}
