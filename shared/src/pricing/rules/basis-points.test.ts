import fc from 'fast-check';
import { MoneyError, type Fen } from '../../money';
import { takeBp } from './basis-points';

describe('takeBp', () => {
  it.each<[number, number, number]>([
    [10000, 1500, 1500],
    [999, 1500, 149],
    [1, 9999, 0],
    [10001, 5000, 5000],
    [0, 1500, 0],
    [12345, 10000, 12345],
    [9_999_999_999_999, 9999, 9_998_999_999_999],
  ])('⌊%d × %d / 10000⌋ = %d', (amount, bp, expected) => {
    expect(takeBp(amount as Fen, bp)).toBe(expected);
  });

  it('equals the exact BigInt result, rounded down', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10000 }), (amount, bp) => {
        expect(BigInt(takeBp(amount as Fen, bp))).toBe((BigInt(amount) * BigInt(bp)) / 10000n);
      }),
      { numRuns: 1000 },
    );
  });

  it.each<[string, number, number]>([
    ['a negative amount', -1, 100],
    ['a fractional amount', 1.5, 100],
    ['a negative rate', 100, -1],
    ['a rate above 10000', 100, 10001],
    ['a fractional rate', 100, 1.5],
  ])('refuses %s', (_name, amount, bp) => {
    expect(() => takeBp(amount as Fen, bp)).toThrow(MoneyError);
  });
});
