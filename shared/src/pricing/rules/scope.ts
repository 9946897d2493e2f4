import { z } from 'zod';
import { idSchema } from '../../common/schemas';

const idArray = (max: number) =>
  z
    .array(idSchema)
    .min(1)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate id' });

/** Which cart lines a promotion covers: every line, lines of some products, or lines of some categories. */
export const promotionScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('products'), productIds: idArray(500) }),
  z.strictObject({ kind: z.literal('categories'), categoryIds: idArray(100) }),
]);
export type PromotionScope = z.infer<typeof promotionScopeSchema>;

/** True when a line (by its product and category) is inside the scope. */
export function isInScope(scope: PromotionScope, line: { productId: number; categoryId: number }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'products':
      return scope.productIds.includes(line.productId);
    case 'categories':
      return scope.categoryIds.includes(line.categoryId);
  }
}
