import { subFen, type Fen } from '../../money';
import { compareText, evaluateCombination, type PreparedCandidate, type PricedCart, type StepOutcome } from './combination';
import { STACKING_GROUPS, type StackingGroup } from './stacking';

// The solver's options: what every candidate does alone, and which candidates each group may use.

/** Per group: a candidate id to force it, null to use none, absent to let the solver choose. */
export type PromotionChoice = Partial<Record<StackingGroup, string | null>>;

/** A candidate on the cart alone: what happened, what it saves in total, what it takes off the goods. */
export interface Standalone {
  outcome: StepOutcome | undefined;
  savingFen: Fen;
  goodsFen: number;
  lineIndices: number[];
}

/** One way to fill a group: its candidates, and the most they can take off the goods. */
export interface GroupOption {
  candidates: PreparedCandidate[];
  goodsBoundFen: number;
}

/** A group's options; `allowNone` is false when the group is forced to a candidate. */
export interface GroupOptions {
  allowNone: boolean;
  options: GroupOption[];
}

/** Every candidate applied to the cart alone. */
export function standaloneOf(cart: PricedCart, prepared: readonly PreparedCandidate[]): Map<string, Standalone> {
  const basePayableFen = evaluateCombination(cart, []).payableTotalFen;
  return new Map(
    prepared.map((candidate) => {
      const alone = evaluateCombination(cart, [candidate]);
      const outcome = alone.outcomes.get(candidate.candidate.id);
      const step = outcome?.status === 'applied' ? outcome.step : undefined;
      const lineIndices = step?.target === 'goods' ? step.lines.map((line) => line.index) : [];
      const goodsFen = step?.target === 'goods' ? step.amountFen : 0;
      return [candidate.candidate.id, { outcome, savingFen: subFen(basePayableFen, alone.payableTotalFen), goodsFen, lineIndices }];
    }),
  );
}

/** Whether a candidate can be an option: it applies alone, or it is a shipping discount that only a fee brought by other discounts would unlock. */
function isUsable(prepared: PreparedCandidate, alone: Standalone | undefined): boolean {
  const outcome = alone?.outcome;
  if (outcome?.status === 'applied') return true;
  return prepared.target === 'shipping' && outcome?.status === 'not_applicable' && outcome.reason.code === 'PROMOTION_NO_SHIPPING_FEE';
}

/**
 * The options of every group: its usable candidates, the best `max` by standalone saving (then rank,
 * id). Flash sales have one more option, tried first: all of them together, the preferred one on
 * each line.
 */
export function buildOptions(
  prepared: readonly PreparedCandidate[],
  standalone: ReadonlyMap<string, Standalone>,
  choice: PromotionChoice,
  max: number,
): GroupOptions[] {
  const aloneOf = (candidate: PreparedCandidate) => standalone.get(candidate.candidate.id);
  const optionOf = (candidates: PreparedCandidate[]): GroupOption => ({
    candidates,
    goodsBoundFen: candidates.reduce((sum, candidate) => sum + (aloneOf(candidate)?.goodsFen ?? 0), 0),
  });
  return STACKING_GROUPS.map((group, groupIndex) => {
    const forced = choice[group];
    if (forced === null) return { allowNone: true, options: [] };
    const usable = prepared
      .filter((candidate) => candidate.groupIndex === groupIndex && isUsable(candidate, aloneOf(candidate)))
      .sort(
        (a, b) =>
          Number(b.candidate.id === forced) - Number(a.candidate.id === forced) ||
          (aloneOf(b)?.savingFen ?? 0) - (aloneOf(a)?.savingFen ?? 0) ||
          a.candidate.rank - b.candidate.rank ||
          compareText(a.candidate.id, b.candidate.id),
      );
    const singles = forced === undefined ? usable.slice(0, Math.max(1, max)) : usable.filter((candidate) => candidate.candidate.id === forced);
    const together = group === 'flash_sale' ? flashTogether(usable, standalone) : [];
    const hasTogether = together.length > 1 && (forced === undefined || together.some((candidate) => candidate.candidate.id === forced));
    const options = [...(hasTogether ? [together] : []), ...singles.map((candidate) => [candidate])].map(optionOf);
    return { allowNone: forced === undefined, options };
  });
}

/** Flash sales on different lines, in preference order: each takes its lines unless an earlier one has them. */
function flashTogether(usable: readonly PreparedCandidate[], standalone: ReadonlyMap<string, Standalone>): PreparedCandidate[] {
  const taken = new Set<number>();
  const together: PreparedCandidate[] = [];
  for (const candidate of usable) {
    const lines = standalone.get(candidate.candidate.id)?.lineIndices ?? [];
    if (lines.length === 0 || lines.some((index) => taken.has(index))) continue;
    lines.forEach((index) => taken.add(index));
    together.push(candidate);
  }
  return together.sort((a, b) => compareText(a.candidate.id, b.candidate.id));
}
