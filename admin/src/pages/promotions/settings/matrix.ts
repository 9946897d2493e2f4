import { isCombinable, stackingPairKey, type StackingGroup, type StackingMatrix } from '@siyu/shared';

/**
 * The matrix is stored by unordered pair ("coupon|flash_sale"), so a cell and its mirror are one
 * value: changing (a, b) changes (b, a). A group never stacks with itself (the diagonal is fixed).
 */

/** Whether the cell (a, b) is ticked. */
export function isCellOn(matrix: StackingMatrix, a: StackingGroup, b: StackingGroup): boolean {
  return isCombinable(matrix, a, b);
}

/** The matrix with the pair (a, b) set; the diagonal cannot be set. */
export function setCell(matrix: StackingMatrix, a: StackingGroup, b: StackingGroup, isOn: boolean): StackingMatrix {
  if (a === b) return matrix;
  return { pairs: { ...matrix.pairs, [stackingPairKey(a, b)]: isOn } };
}

/** True when two matrices allow the same pairs (dirty check of the settings form). */
export function sameMatrix(a: StackingMatrix, b: StackingMatrix, groups: readonly StackingGroup[]): boolean {
  return groups.every((x) => groups.every((y) => isCellOn(a, x, y) === isCellOn(b, x, y)));
}
