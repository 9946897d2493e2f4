import fc from 'fast-check';
import type { Fen } from '../money';
import { TIER_CODES } from '../members/tiers';
import { quote } from './quote';
import { buildQuoteLine } from './quote-factories';
import { ADJUSTMENT_KINDS, type Adjustment, type Quote, type QuoteInput } from './quote-schema';
import { resolveSkuPrice } from './resolve-sku-price';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const fenArb = (max: number) => fc.nat({ max }).map((n) => n as Fen);

const skuArb = fc
  .record({
    privatePriceFen: fenArb(200_000),
    markupFen: fenArb(50_000),
    tierPrices: fc.record(Object.fromEntries(TIER_CODES.map((tier) => [tier, fenArb(200_000)])), { requiredKeys: [] }),
  })
  .map(({ privatePriceFen, markupFen, tierPrices }) => ({
    publicPriceFen: (privatePriceFen + markupFen) as Fen,
    privatePriceFen,
    tierPrices,
  }));

function adjustmentArb(index: number, lineIds: string[]): fc.Arbitrary<Adjustment> {
  return fc
    .record({
      kind: fc.constantFrom(...ADJUSTMENT_KINDS),
      // Often larger than the cart, so capping is exercised.
      amountFen: fc.oneof(fenArb(500), fenArb(50_000), fenArb(2_000_000)),
      isShipping: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      scope: fc.option(fc.subarray(lineIds, { minLength: 1 }), { nil: undefined }),
    })
    .map(({ kind, amountFen, isShipping, scope }) => ({
      id: `A${String(index + 1)}`,
      kind,
      label: `优惠${String(index + 1)}`,
      amountFen,
      ...(isShipping ? { appliesToShipping: true } : scope ? { scope: { lineIds: scope } } : {}),
    }));
}

const inputArb: fc.Arbitrary<QuoteInput> = fc.integer({ min: 1, max: 8 }).chain((lineCount) => {
  const lineIds = Array.from({ length: lineCount }, (_v, index) => `L${String(index + 1)}`);
  return fc.record({
    lines: fc.tuple(
      ...lineIds.map((lineId) => fc.record({ quantity: fc.integer({ min: 1, max: 20 }), sku: skuArb }).map((line) => buildQuoteLine({ lineId, ...line }))),
    ),
    member: fc.option(fc.record({ tierCode: fc.constantFrom(...TIER_CODES) }), { nil: null }),
    shipping: fc.record({ baseFeeFen: fenArb(2000), freeThresholdFen: fc.option(fenArb(400_000), { nil: null }) }),
    adjustments: fc.integer({ min: 0, max: 5 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_v, index) => adjustmentArb(index, lineIds)))),
  });
});

const runs = { numRuns: 500 };
const isGoods = (adjustment: Adjustment) => !adjustment.appliesToShipping;
const sharesOf = (result: Quote, adjustmentId: string) =>
  result.lines.map((line) => sum(line.adjustments.filter((share) => share.adjustmentId === adjustmentId).map((share) => share.amountFen)));

describe('quote properties', () => {
  it('totals add up, every amount is an integer and no line is negative', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = quote(input);
        expect(sum(result.lines.map((line) => line.payableFen)) + result.shippingFeeFen).toBe(result.payableTotalFen);
        expect(result.goodsSubtotalFen - result.discountTotalFen + result.shippingFeeFen).toBe(result.payableTotalFen);
        expect(sum(result.lines.map((line) => line.discountFen))).toBe(result.discountTotalFen);
        for (const line of result.lines) {
          expect(line.payableFen).toBeGreaterThanOrEqual(0);
          expect(line.payableFen).toBe(line.subtotalFen - line.discountFen);
          expect(sum(line.adjustments.map((share) => share.amountFen))).toBe(line.discountFen);
          expect(line.adjustments.every((share) => Number.isSafeInteger(share.amountFen) && share.amountFen > 0)).toBe(true);
        }
        const amounts = [result.payableTotalFen, result.shippingFeeFen, ...result.lines.flatMap((l) => [l.unitPriceFen, l.subtotalFen, l.discountFen])];
        expect(amounts.every(Number.isSafeInteger)).toBe(true);
      }),
      runs,
    );
  });

  it('prices each line at the member’s resolved unit price', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        quote(input).lines.forEach((line, index) => {
          const given = input.lines[index];
          if (!given) throw new Error('line missing');
          expect(line.unitPriceFen).toBe(resolveSkuPrice(given.sku, input.member).unitPriceFen);
          expect(line.subtotalFen).toBe(line.unitPriceFen * given.quantity);
        });
      }),
      runs,
    );
  });

  it('line shares add up to each adjustment’s applied amount, inside its scope, capped only when the lines ran out', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = quote(input);
        input.adjustments.forEach((given, index) => {
          const applied = result.adjustments[index];
          if (!applied) throw new Error('adjustment missing');
          expect(applied.id).toBe(given.id);
          expect(applied.appliedFen).toBeLessThanOrEqual(given.amountFen);
          expect(applied.cappedFromFen).toBe(applied.appliedFen < given.amountFen ? given.amountFen : null);
          const shares = sharesOf(result, given.id);
          if (!isGoods(given)) return expect(sum(shares)).toBe(0);
          expect(sum(shares)).toBe(applied.appliedFen);
          const scope = given.scope?.lineIds;
          result.lines.forEach((line, lineIndex) => {
            if (scope && !scope.includes(line.lineId)) expect(shares[lineIndex]).toBe(0);
            // A capped adjustment took everything its lines had left, and nothing can give it back.
            if (applied.cappedFromFen !== null && (!scope || scope.includes(line.lineId))) expect(line.payableFen).toBe(0);
          });
        });
      }),
      runs,
    );
  });

  it('unscoped goods discounts take off exactly min(Σ requested, goods subtotal)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const unscoped = input.adjustments.filter(isGoods).map(({ scope: _scope, ...rest }) => rest);
        const result = quote({ ...input, adjustments: unscoped });
        expect(result.discountTotalFen).toBe(Math.min(sum(unscoped.map((a) => a.amountFen)), result.goodsSubtotalFen));
      }),
      runs,
    );
  });

  it('shipping is free exactly when goods after discounts reach the threshold, and shipping discounts never go below 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = quote(input);
        const { shipping } = result;
        const { baseFeeFen, freeThresholdFen } = input.shipping;
        const isFree = baseFeeFen === 0 || (freeThresholdFen !== null && shipping.goodsPayableFen >= freeThresholdFen);
        expect(shipping.ruleFeeFen).toBe(isFree ? 0 : baseFeeFen);
        const shippingApplied = result.adjustments.filter((a) => a.target === 'shipping').map((a) => a.appliedFen);
        expect(sum(shippingApplied)).toBe(shipping.discountFen);
        expect(shipping.feeFen).toBe(shipping.ruleFeeFen - shipping.discountFen);
        expect(shipping.feeFen).toBeGreaterThanOrEqual(0);
        expect(shipping.shortOfFreeFen).toBe(!isFree && freeThresholdFen !== null ? freeThresholdFen - shipping.goodsPayableFen : 0);
      }),
      runs,
    );
  });

  it('takes line amounts exactly (applied last, as points are), each capped at what its line had left, and nothing from lines not named', () => {
    const withLineAmounts = inputArb.chain((input) =>
      fc
        .tuple(...input.lines.map(() => fc.option(fenArb(300_000), { nil: undefined })))
        .filter((amounts) => amounts.some((amount) => amount !== undefined))
        .map((amounts): [QuoteInput, Adjustment] => {
          const lineAmounts = input.lines.flatMap((line, index) => {
            const amountFen = amounts[index];
            return amountFen === undefined ? [] : [{ lineId: line.lineId, amountFen }];
          });
          const amountFen = sum(lineAmounts.map((entry) => entry.amountFen)) as Fen;
          return [input, { id: 'X', kind: 'points', label: '积分', amountFen, lineAmounts }];
        }),
    );
    fc.assert(
      fc.property(withLineAmounts, ([input, exact]) => {
        const before = quote(input);
        const after = quote({ ...input, adjustments: [...input.adjustments, exact] });
        const taken = sharesOf(after, 'X');
        after.lines.forEach((line, index) => {
          const requested = exact.lineAmounts?.find((entry) => entry.lineId === line.lineId)?.amountFen ?? 0;
          const left = before.lines[index]?.payableFen ?? 0;
          expect(taken[index]).toBe(Math.min(requested, left));
        });
        const applied = after.adjustments.find((adjustment) => adjustment.id === 'X');
        expect(applied?.appliedFen).toBe(sum(taken));
        expect(applied?.cappedFromFen).toBe(sum(taken) < exact.amountFen ? exact.amountFen : null);
      }),
      runs,
    );
  });

  it('never mutates its input and is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const copy = structuredClone(input);
        const first = quote(input);
        expect(input).toEqual(copy);
        expect(quote(copy)).toEqual(first);
      }),
      runs,
    );
  });
});
