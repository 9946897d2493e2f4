import { eq } from 'drizzle-orm';
import type { AfterSaleSettings, ReturnAddress } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { afterSaleSettings } from '../../db/schema';
import { recordAudit } from '../audit';

/** The store's return address, or null until staff set one. */
export async function findReturnAddress(db: Executor): Promise<ReturnAddress | null> {
  const [row] = await db.select().from(afterSaleSettings).where(eq(afterSaleSettings.id, 1));
  return row?.returnAddress ?? null;
}

/** GET /api/admin/refunds/settings. */
export async function getAfterSaleSettings(sc: ServiceContext): Promise<AfterSaleSettings> {
  return { returnAddress: await findReturnAddress(sc.db) };
}

/** PUT /api/admin/refunds/settings: one row (id = 1), audited with the address before and after. */
export async function saveAfterSaleSettings(sc: ServiceContext, body: AfterSaleSettings): Promise<AfterSaleSettings> {
  return inTransaction(sc, async (tx) => {
    const before = await findReturnAddress(tx.db);
    await tx.db
      .insert(afterSaleSettings)
      .values({ id: 1, returnAddress: body.returnAddress, updatedAt: tx.now })
      .onConflictDoUpdate({ target: afterSaleSettings.id, set: { returnAddress: body.returnAddress, updatedAt: tx.now } });
    await recordAudit(tx, { action: 'after_sale.settings', targetType: 'settings', targetId: 1, before: { returnAddress: before }, after: body });
    return body;
  });
}
