import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { stockAdjustmentBodySchema, stockMovementListQuerySchema } from '@siyu/shared';
import { requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { skus, stockMovements } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { catalogTransaction } from './errors';
import { skuExists } from './repo';

type StockMovementRow = typeof stockMovements.$inferSelect;

function toStockMovement(row: StockMovementRow) {
  return {
    id: row.id,
    skuId: row.skuId,
    delta: row.delta,
    stockAfter: row.stockAfter,
    reason: row.reason,
    staffId: row.staffId,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Moves the stock of a live SKU in one conditional UPDATE: the database applies the delta only when
 * the result stays ≥ 0, so parallel adjustments can neither lose an update nor oversell.
 */
async function applyDelta(db: Executor, skuId: number, delta: number, now: Date): Promise<number | null> {
  const [row] = await db
    .update(skus)
    .set({ stock: sql`${skus.stock} + ${delta}`, updatedAt: now })
    .where(and(eq(skus.id, skuId), isNull(skus.deletedAt), sql`${skus.stock} + ${delta} >= 0`))
    .returning({ stock: skus.stock });
  return row ? row.stock : null;
}

/** Why the conditional update matched nothing: no such live SKU, or not enough stock. */
async function refusal(db: Executor, skuId: number, delta: number): Promise<AppError> {
  const [row] = await db
    .select({ stock: skus.stock })
    .from(skus)
    .where(and(eq(skus.id, skuId), isNull(skus.deletedAt)));
  if (!row) return new AppError('SKU_NOT_FOUND');
  return new AppError('STOCK_INSUFFICIENT', undefined, { skuId, stock: row.stock, delta });
}

/** POST /api/admin/skus/:id/stock-adjustments: the new stock and its ledger entry, audited, in one transaction. */
export async function adjustStock(sc: ServiceContext, skuId: number, body: z.output<typeof stockAdjustmentBodySchema>) {
  const actor = requireStaffActor(sc);
  return catalogTransaction(sc, async (tx) => {
    const stockAfter = await applyDelta(tx.db, skuId, body.delta, tx.now);
    if (stockAfter === null) throw await refusal(tx.db, skuId, body.delta);
    const [row] = await tx.db
      .insert(stockMovements)
      .values({ skuId, delta: body.delta, stockAfter, reason: body.reason, staffId: actor.id, createdAt: tx.now })
      .returning();
    if (!row) throw new Error('stock movement insert returned nothing');
    const movement = toStockMovement(row);
    await recordAudit(tx, {
      action: 'sku.stock_adjust',
      targetType: 'sku',
      targetId: skuId,
      before: { stock: stockAfter - body.delta },
      after: { stock: stockAfter, delta: body.delta, reason: body.reason, movementId: row.id },
    });
    return movement;
  });
}

/** GET /api/admin/skus/:id/stock-movements: newest first, cursor-paginated (deleted SKUs keep their history). */
export async function listStockMovements(sc: ServiceContext, skuId: number, query: z.output<typeof stockMovementListQuerySchema>) {
  if (!(await skuExists(sc.db, skuId))) throw new AppError('SKU_NOT_FOUND');
  const cursorId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const rows = await sc.db
    .select()
    .from(stockMovements)
    .where(and(eq(stockMovements.skuId, skuId), cursorId === undefined ? undefined : lt(stockMovements.id, cursorId)))
    .orderBy(desc(stockMovements.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toStockMovement), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}
