import fc from 'fast-check';
import { MoneyError, type Fen } from '../money';
import { prorate } from './prorate';

const f = (n: number) => n as Fen;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('prorate', () => {
  it.each<[string, number, number[], number[]]>([
    ['splits evenly when it divides', 300, [100, 100, 100], [100, 100, 100]],
    ['gives 1 fen over 3 equal lines to the first', 1, [100, 100, 100], [1, 0, 0]],
    ['gives 2 fen over 3 equal lines to the first two', 2, [100, 100, 100], [1, 1, 0]],
    ['gives the leftover fen to the largest remainder, not the first line', 10, [1, 2], [3, 7]],
    ['breaks equal remainders by line order', 100, [1, 1, 1], [34, 33, 33]],
    ['follows the weights', 5000, [9800, 5500, 4900], [2426, 1361, 1213]],
    ['puts everything on a single line', 777, [123], [777]],
    ['gives zero-weight lines nothing', 10, [0, 5, 0, 5], [0, 5, 0, 5]],
    ['never gives a remainder fen to a zero-weight line', 1, [0, 1, 1], [0, 1, 0]],
    ['splits evenly when every weight is zero', 5, [0, 0, 0], [2, 2, 1]],
    ['splits zero into zeros', 0, [3, 0, 7], [0, 0, 0]],
    ['mirrors a negative total', -1, [100, 100, 100], [-1, 0, 0]],
    ['mirrors a negative total with remainders', -10, [1, 2], [-3, -7]],
    ['can hand out more than the weights', 1000, [1, 3], [250, 750]],
    ['stays exact where total × weight passes 2^53', 999_999_999_999, [333_333_333_333, 666_666_666_667], [333_333_333_333, 666_666_666_666]],
  ])('%s', (_name, total, weights, expected) => {
    expect(prorate(f(total), weights)).toEqual(expected);
  });

  it('returns no parts for no lines and a zero total', () => {
    expect(prorate(f(0), [])).toEqual([]);
  });

  it.each<[string, number, number[]]>([
    ['a fractional total', 10.5, [1, 2]],
    ['a NaN total', Number.NaN, [1]],
    ['a fractional weight', 10, [1.5, 2]],
    ['a negative weight', 10, [-1, 2]],
    ['an infinite weight', 10, [Number.POSITIVE_INFINITY]],
    ['a non-zero total with no lines', 1, []],
  ])('refuses %s', (_name, total, weights) => {
    expect(() => prorate(f(total), weights)).toThrow(MoneyError);
  });

  it('does not mutate the weights', () => {
    const weights = Object.freeze([3, 1, 2]);
    prorate(f(7), weights);
    expect(weights).toEqual([3, 1, 2]);
  });
});

describe('prorate properties', () => {
  const weightsArb = fc.array(fc.nat({ max: 1_000_000_000 }), { minLength: 1, maxLength: 30 });
  const totalArb = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 });

  it('parts always add up to the total, and are integers', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const parts = prorate(f(total), weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.every(Number.isSafeInteger)).toBe(true);
        expect(sum(parts)).toBe(total);
      }),
    );
  });

  it('each part is within 1 fen of its exact share', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const weightSum = BigInt(sum(weights));
        fc.pre(weightSum > 0n);
        prorate(f(total), weights).forEach((part, index) => {
          // |part × Σw − total × w| < Σw, i.e. |part − exact| < 1, in exact integer arithmetic.
          const gap = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[index] ?? 0);
          expect(gap < weightSum && gap > -weightSum).toBe(true);
        });
      }),
    );
  });

  it('no part exceeds its line’s weight when |total| ≤ Σ weights, and parts share the total’s sign', () => {
    const caseArb = weightsArb.chain((weights) => fc.record({ weights: fc.constant(weights), total: fc.integer({ min: -sum(weights), max: sum(weights) }) }));
    fc.assert(
      fc.property(caseArb, ({ weights, total }) => {
        prorate(f(total), weights).forEach((part, index) => {
          expect(Math.abs(part)).toBeLessThanOrEqual(weights[index] ?? 0);
          expect(part * total).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('is deterministic and symmetric in the sign of the total', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const parts = prorate(f(total), weights);
        expect(prorate(f(total), [...weights])).toEqual(parts);
        expect(prorate(f(-total), weights)).toEqual(parts.map((part) => (part === 0 ? 0 : -part)));
      }),
    );
  });
});
