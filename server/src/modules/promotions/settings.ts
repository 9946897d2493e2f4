import { eq } from 'drizzle-orm';
import { DEFAULT_STACKING_MATRIX, stackingMatrixSchema, type PromotionSettingsView, type StackingMatrix } from '@siyu/shared';
import type { z } from 'zod';
import type { promotionSettingsBodySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { promotionSettings } from '../../db/schema';
import { recordAudit } from '../audit';

export const DEFAULT_MAX_DEPTH_BP = 5000;

/** The store's promotion settings; the defaults until an owner saves them. */
export async function loadPromotionSettings(db: Executor): Promise<{ stackingMatrix: StackingMatrix; maxDepthBp: number }> {
  const [row] = await db.select().from(promotionSettings).where(eq(promotionSettings.id, 1));
  if (!row) return { stackingMatrix: DEFAULT_STACKING_MATRIX, maxDepthBp: DEFAULT_MAX_DEPTH_BP };
  const parsed = stackingMatrixSchema.safeParse(row.stackingMatrix);
  return { stackingMatrix: parsed.success ? parsed.data : DEFAULT_STACKING_MATRIX, maxDepthBp: row.maxDepthBp };
}

/** PUT /api/admin/promotion-settings (owner): audited with before and after. */
export async function savePromotionSettings(sc: ServiceContext, body: z.output<typeof promotionSettingsBodySchema>): Promise<PromotionSettingsView> {
  return inTransaction(sc, async (tx) => {
    const before = await loadPromotionSettings(tx.db);
    await tx.db
      .insert(promotionSettings)
      .values({ id: 1, stackingMatrix: body.stackingMatrix, maxDepthBp: body.maxDepthBp, updatedAt: tx.now })
      .onConflictDoUpdate({ target: promotionSettings.id, set: { stackingMatrix: body.stackingMatrix, maxDepthBp: body.maxDepthBp, updatedAt: tx.now } });
    const after = { stackingMatrix: body.stackingMatrix, maxDepthBp: body.maxDepthBp };
    await recordAudit(tx, { action: 'promotion_settings.update', targetType: 'promotion_settings', targetId: 1, before, after });
    return after;
  });
}
