import { MoneyError, toFen, type Fen } from '../money';

/**
 * Splits `totalFen` across lines in proportion to integer `weights` (usually the lines' remaining
 * value) so that the parts add up to the total exactly.
 *
 * Rounding rule (largest remainder): every line first gets ⌊|total| × weight / Σweights⌋; the fen
 * left over go one each to the lines with the largest remainders, ties to the earlier line. A
 * negative total is split as its absolute value and negated, so prorate(−t) = −prorate(t). Lines of
 * weight 0 get 0 unless every weight is 0, in which case the total is split evenly (same rule).
 * Each part is within 1 fen of its exact share, and when |total| ≤ Σweights no part exceeds its
 * line's weight, so a prorated discount never pushes a line below zero.
 *
 * Works in BigInt internally: total × weight can exceed 2^53 even when both are safe integers.
 * Throws MoneyError for a non-integer total, a negative or non-integer weight, or a non-zero total
 * with no lines to carry it.
 */
export function prorate(totalFen: Fen, weights: readonly number[]): Fen[] {
  const total = toFen(totalFen);
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new MoneyError(`prorate weight must be a non-negative integer: ${String(weight)}`);
  }
  if (weights.length === 0) {
    if (total !== 0) throw new MoneyError(`cannot prorate ${total} fen over no lines`);
    return [];
  }
  const isEven = weights.every((weight) => weight === 0);
  const parts = splitLargestRemainder(
    BigInt(Math.abs(total)),
    weights.map((weight) => BigInt(isEven ? 1 : weight)),
  );
  return parts.map((part) => toFen(total < 0 && part !== 0 ? -part : part));
}

/** The largest-remainder split of a non-negative amount over positive-sum weights. */
function splitLargestRemainder(amount: bigint, weights: readonly bigint[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  const floors = weights.map((weight) => (amount * weight) / weightSum);
  const remainders = weights.map((weight) => (amount * weight) % weightSum);
  let leftover = amount - floors.reduce((sum, part) => sum + part, 0n);
  // Stable order: larger remainder first, then earlier line. leftover < lines by construction.
  const order = weights.map((_weight, index) => index).sort((a, b) => compareDesc(remainders[a] ?? 0n, remainders[b] ?? 0n) || a - b);
  const parts = floors.slice();
  for (const index of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => Number(part));
}

function compareDesc(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}
