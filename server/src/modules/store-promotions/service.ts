import type { z } from 'zod';
import type { PromotionScope, StorePromotionView, storePromotionBodySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { assessForApproval } from '../promotions/approval';
import {
  findStorePromotion,
  insertStorePromotion,
  listNewestStorePromotions,
  missingCategoryIds,
  missingProductIds,
  stopStorePromotionRow,
  type StorePromotionRow,
} from './repo';
import { auditFieldsOf, storePromotionPhase, toStorePromotionView } from './views';

type StorePromotionBody = z.output<typeof storePromotionBodySchema>;

/** The staff list answers the newest promotions only. */
export const ADMIN_LIST_LIMIT = 200;

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid body: body.${field} ${message}`, { issues: [{ field: `body.${field}`, message }] });
}

/** A scope naming products or categories that do not exist is a form error, not a silent no-op. */
async function assertScopeExists(db: Executor, scope: PromotionScope): Promise<void> {
  if (scope.kind === 'products') {
    const missing = await missingProductIds(db, scope.productIds);
    if (missing.length > 0) throw fieldError('scope.productIds', `unknown products: ${missing.join(', ')}`);
  } else if (scope.kind === 'categories') {
    const missing = await missingCategoryIds(db, scope.categoryIds);
    if (missing.length > 0) throw fieldError('scope.categoryIds', `unknown categories: ${missing.join(', ')}`);
  }
}

async function requireStorePromotion(db: Executor, id: number): Promise<StorePromotionRow> {
  const row = await findStorePromotion(db, id);
  if (!row) throw new AppError('STORE_PROMOTION_NOT_FOUND');
  return row;
}

/** GET /api/admin/store-promotions: newest first. */
export async function listStorePromotions(sc: ServiceContext): Promise<{ items: StorePromotionView[] }> {
  return { items: (await listNewestStorePromotions(sc.db, ADMIN_LIST_LIMIT)).map((row) => toStorePromotionView(row, sc.now)) };
}

/** GET /api/admin/store-promotions/:id. */
export async function getStorePromotion(sc: ServiceContext, id: number): Promise<StorePromotionView> {
  return toStorePromotionView(await requireStorePromotion(sc.db, id), sc.now);
}

/**
 * POST /api/admin/store-promotions: a deep one (or one pushing a SKU in scope below cost) waits for an
 * owner's approval; audited.
 */
export async function createStorePromotion(sc: ServiceContext, body: StorePromotionBody): Promise<StorePromotionView> {
  const actor = requireStaffActor(sc);
  if (body.endsAt <= sc.now) throw fieldError('endsAt', 'must be in the future');
  return inTransaction(sc, async (tx) => {
    await assertScopeExists(tx.db, body.scope);
    const assessment = await assessForApproval(tx.db, body.rule, body.scope);
    const row = await insertStorePromotion(tx.db, { ...body, ...assessment, status: 'active', createdBy: actor.id, createdAt: tx.now, updatedAt: tx.now });
    await recordAudit(tx, { action: 'store_promotion.create', targetType: 'store_promotion', targetId: row.id, before: null, after: auditFieldsOf(row) });
    return toStorePromotionView(row, tx.now);
  });
}

/** POST /api/admin/store-promotions/:id/stop: final and immediate; 409 when already stopped or ended. */
export async function stopStorePromotion(sc: ServiceContext, id: number): Promise<StorePromotionView> {
  return inTransaction(sc, async (tx) => {
    const before = await requireStorePromotion(tx.db, id);
    const phase = storePromotionPhase(before, tx.now);
    if (phase === 'ended') throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { phase });
    const row = await stopStorePromotionRow(tx.db, id, tx.now);
    if (!row) throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { phase: 'stopped' });
    await recordAudit(tx, {
      action: 'store_promotion.stop',
      targetType: 'store_promotion',
      targetId: id,
      before: auditFieldsOf(before),
      after: auditFieldsOf(row),
    });
    return toStorePromotionView(row, tx.now);
  });
}
