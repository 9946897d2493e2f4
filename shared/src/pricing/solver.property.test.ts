import fc from 'fast-check';
import type { Fen } from '../money';
import { TIER_CODES } from '../members/tiers';
import { quote } from './quote';
import { buildQuoteLine, buildSkuPrices } from './quote-factories';
import type { PromotionCandidateInput } from './rules/candidate';
import type { PromotionRuleInput } from './rules/registry';
import type { PromotionScope } from './rules/scope';
import { STACKING_GROUPS, STACKING_PAIR_KEYS, isCombinable, type StackingGroup, type StackingMatrix } from './rules/stacking';
import { solvePromotions, type PromotionQuoteInput, type PromotionSolution, type SolvePromotionsParams } from './solver';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const fenArb = (min: number, max: number) => fc.integer({ min, max });

// Small carts (products 10–12, categories 1–2, SKUs 101…) and rules sized to them, so thresholds
// are sometimes met and sometimes missed, flash sales hit and miss, and shipping fees come and go.
const cartArb: fc.Arbitrary<PromotionQuoteInput> = fc.integer({ min: 1, max: 5 }).chain((lineCount) =>
  fc.record({
    lines: fc.tuple(
      ...Array.from({ length: lineCount }, (_v, index) =>
        fc
          .record({
            quantity: fc.integer({ min: 1, max: 3 }),
            productId: fc.integer({ min: 10, max: 12 }),
            categoryId: fc.integer({ min: 1, max: 2 }),
            price: fenArb(0, 20_000),
            gold: fc.option(fenArb(0, 20_000), { nil: undefined }),
          })
          .map(({ quantity, productId, categoryId, price, gold }) =>
            buildQuoteLine({
              lineId: `L${String(index + 1)}`,
              quantity,
              productId,
              categoryId,
              sku: buildSkuPrices(price, gold === undefined ? {} : { gold }),
            }),
          ),
      ),
    ),
    member: fc.option(fc.record({ tierCode: fc.constantFrom(...TIER_CODES), isNewCustomer: fc.boolean() }), { nil: null }),
    shipping: fc.record({
      baseFeeFen: fenArb(0, 1500).map((n) => n as Fen),
      freeThresholdFen: fc.option(
        fenArb(0, 60_000).map((n) => n as Fen),
        { nil: null },
      ),
    }),
  }),
);

const ruleArb: fc.Arbitrary<PromotionRuleInput> = fc.oneof(
  fc
    .tuple(fenArb(2, 30_000), fenArb(1, 10_000))
    .map(([threshold, off]): PromotionRuleInput => ({ kind: 'threshold_off', tiers: [{ thresholdFen: threshold, offFen: Math.min(off, threshold - 1) }] })),
  fc
    .record({ offBp: fc.integer({ min: 1, max: 9999 }), capFen: fc.option(fenArb(1, 5000), { nil: null }), thresholdFen: fenArb(0, 20_000) })
    .map((args): PromotionRuleInput => ({ kind: 'percent_off', ...args })),
  fenArb(1, 5000).map((offFen): PromotionRuleInput => ({ kind: 'fixed_off', offFen })),
  fc.record({ offFen: fenArb(1, 5000), thresholdFen: fenArb(0, 20_000) }).map((args): PromotionRuleInput => ({ kind: 'new_customer', ...args })),
  fenArb(0, 30_000).map((thresholdFen): PromotionRuleInput => ({ kind: 'free_shipping', thresholdFen })),
  fc
    .record({ skuId: fc.integer({ min: 101, max: 105 }), priceFen: fenArb(0, 15_000), maxQuantity: fc.integer({ min: 1, max: 3 }) })
    .map((args): PromotionRuleInput => ({ kind: 'flash_price', ...args })),
  fc
    .dictionary(fc.constantFrom(...TIER_CODES), fc.integer({ min: 1, max: 9999 }), { minKeys: 1 })
    .map((tiers): PromotionRuleInput => ({ kind: 'tier_discount', tiers })),
);

const scopeArb: fc.Arbitrary<PromotionScope> = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.uniqueArray(fc.integer({ min: 10, max: 12 }), { minLength: 1, maxLength: 2 }).map((productIds) => ({ kind: 'products' as const, productIds })),
  fc.uniqueArray(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }).map((categoryIds) => ({ kind: 'categories' as const, categoryIds })),
);

/** Flash prices mostly in the flash group and every other rule elsewhere, but any rule may sit in any group. */
const candidatesArb: fc.Arbitrary<PromotionCandidateInput[]> = fc
  .array(
    fc.record({
      rule: ruleArb,
      scope: scopeArb,
      rank: fc.integer({ min: 0, max: 3 }),
      group: fc.option(fc.constantFrom(...STACKING_GROUPS), { nil: undefined, freq: 4 }),
    }),
    { maxLength: 7 },
  )
  .map((drafts) =>
    drafts.map(({ rule, scope, rank, group }, index): PromotionCandidateInput => ({
      id: `C${String(index + 1)}`,
      group: group ?? (rule.kind === 'flash_price' ? 'flash_sale' : rule.kind === 'free_shipping' ? 'shipping_coupon' : 'coupon'),
      kind: 'coupon',
      label: `优惠${String(index + 1)}`,
      rule,
      scope,
      rank,
    })),
  );

const matrixArb: fc.Arbitrary<StackingMatrix> = fc
  .tuple(...STACKING_PAIR_KEYS.map(() => fc.boolean()))
  .map((values) => ({ pairs: Object.fromEntries(STACKING_PAIR_KEYS.map((key, index) => [key, values[index] ?? true])) }));

const problemArb = fc.record({ input: cartArb, candidates: candidatesArb, matrix: matrixArb });
const runs = { numRuns: 300 };

const groupOf = (params: SolvePromotionsParams, id: string): StackingGroup => {
  const candidate = params.candidates.find((entry) => entry.id === id);
  if (!candidate) throw new Error(`no candidate ${id}`);
  return candidate.group;
};

function expectConsistentQuote(result: PromotionSolution): void {
  const { quote: priced } = result;
  expect(sum(priced.lines.map((line) => line.payableFen)) + priced.shippingFeeFen).toBe(priced.payableTotalFen);
  for (const line of priced.lines) {
    expect(line.payableFen).toBeGreaterThanOrEqual(0);
    expect(line.payableFen).toBe(line.subtotalFen - line.discountFen);
  }
  // The engine applied exactly what the solver decided: nothing was capped.
  expect(priced.adjustments.every((adjustment) => adjustment.cappedFromFen === null && adjustment.appliedFen > 0)).toBe(true);
  expect(priced.adjustments.map((adjustment) => adjustment.id)).toEqual(result.chosenIds);
  for (const adjustment of priced.adjustments) {
    expect(result.decisions[adjustment.id]).toEqual({ status: 'applied', amountFen: adjustment.appliedFen, lineIds: adjustment.lineIds });
  }
}

describe('solvePromotions properties', () => {
  it('is never worse than no promotion or any single valid candidate alone', () => {
    fc.assert(
      fc.property(problemArb, (params) => {
        const result = solvePromotions(params);
        const none = quote({
          lines: params.input.lines,
          member: params.input.member && { tierCode: params.input.member.tierCode },
          shipping: params.input.shipping,
          adjustments: [],
        });
        expect(result.quote.payableTotalFen).toBeLessThanOrEqual(none.payableTotalFen);
        for (const candidate of params.candidates) {
          const alone = solvePromotions({ ...params, candidates: [candidate] });
          expect(result.quote.payableTotalFen).toBeLessThanOrEqual(alone.quote.payableTotalFen);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('prices consistently: totals add up, no line is negative, decisions match the quote', () => {
    fc.assert(
      fc.property(problemArb, (params) => {
        const result = solvePromotions(params);
        expectConsistentQuote(result);
        expect(result.best).toEqual({ payableTotalFen: result.quote.payableTotalFen, chosenIds: result.chosenIds });
        expect(result.choiceDeltaFen).toBe(0);
        expect(Object.keys(result.decisions).sort()).toEqual(params.candidates.map((candidate) => candidate.id).sort());
      }),
      runs,
    );
  });

  it('never puts two promotions that may not stack on one line, and uses one per group (flash sales: one per line)', () => {
    fc.assert(
      fc.property(problemArb, (params) => {
        const result = solvePromotions(params);
        const shippingGroups = result.quote.adjustments
          .filter((adjustment) => adjustment.target === 'shipping')
          .map((adjustment) => groupOf(params, adjustment.id));
        for (const line of result.quote.lines) {
          const groups = line.adjustments.map((share) => groupOf(params, share.adjustmentId));
          for (const [index, a] of groups.entries()) {
            for (const b of groups.slice(index + 1)) expect(isCombinable(params.matrix, a, b)).toBe(true);
            for (const shipping of shippingGroups) expect(isCombinable(params.matrix, a, shipping)).toBe(true);
          }
        }
        const chosenGroups = result.chosenIds.map((id) => groupOf(params, id)).filter((group) => group !== 'flash_sale');
        expect(new Set(chosenGroups).size).toBe(chosenGroups.length);
      }),
      runs,
    );
  });

  it('gives the same answer whatever the order of the candidates', () => {
    const shuffledArb = problemArb.chain((params) =>
      fc.shuffledSubarray(params.candidates, { minLength: params.candidates.length }).map((shuffled) => [params, shuffled] as const),
    );
    fc.assert(
      fc.property(shuffledArb, ([params, shuffled]) => {
        const first = solvePromotions(params);
        const second = solvePromotions({ ...params, candidates: shuffled });
        expect(second.chosenIds).toEqual(first.chosenIds);
        expect(second.decisions).toEqual(first.decisions);
        expect(second.quote).toEqual(first.quote);
        expect(second.explanation).toEqual(first.explanation);
      }),
      runs,
    );
  });

  it('honours a choice: never better than the best, the difference reported, a forced candidate used or explained', () => {
    const withChoiceArb = problemArb
      .filter((params) => params.candidates.length > 0)
      .chain((params) => fc.tuple(fc.constant(params), fc.constantFrom(...params.candidates), fc.boolean()));
    fc.assert(
      fc.property(withChoiceArb, ([params, forced, isNone]) => {
        const result = solvePromotions({ ...params, choice: { [forced.group]: isNone ? null : forced.id } });
        expectConsistentQuote(result);
        const best = solvePromotions(params);
        expect(result.best).toEqual({ payableTotalFen: best.quote.payableTotalFen, chosenIds: best.chosenIds });
        expect(result.choiceDeltaFen).toBe(result.quote.payableTotalFen - best.quote.payableTotalFen);
        expect(result.choiceDeltaFen).toBeGreaterThanOrEqual(0);
        const groupUsed = result.chosenIds.filter((id) => groupOf(params, id) === forced.group);
        if (isNone) expect(groupUsed).toEqual([]);
        else if (result.chosenIds.includes(forced.id)) expect(result.decisions[forced.id]?.status).toBe('applied');
        else {
          expect(['not_applicable', 'not_combinable']).toContain(result.decisions[forced.id]?.status);
          expect(groupUsed).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
