import type { z } from 'zod';
import type { auditEntrySchema, categoryTreeNodeSchema, stockMovementSchema } from '@siyu/shared';

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CategoryTreeNode = z.infer<typeof categoryTreeNodeSchema>;
export type StockMovement = z.infer<typeof stockMovementSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
