import { asc, eq } from 'drizzle-orm';
import type { PointsMallItemView, pointsMallItemBodySchema, pointsMallItemPatchSchema } from '@siyu/shared';
import type { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { couponTemplates, pointsMallItems, skus } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { isApprovedStatus } from '../promotions';
import { lockItem } from './repo';
import { toItemView } from './views';

type ItemBody = z.output<typeof pointsMallItemBodySchema>;
type ItemPatch = z.output<typeof pointsMallItemPatchSchema>;

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid body: ${field} ${message}`, { issues: [{ field, message }] });
}

/** A coupon item grants a template that can still hand out coupons; it costs points only. */
async function checkCouponTarget(db: Executor, body: ItemBody, now: Date): Promise<void> {
  if (body.skuId !== null) throw fieldError('body.skuId', 'a coupon item has no SKU');
  if (body.cashFen !== 0) throw fieldError('body.cashFen', 'a coupon item costs points only');
  const [template] = await db
    .select()
    .from(couponTemplates)
    .where(eq(couponTemplates.id, body.couponTemplateId as number));
  if (!template) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
  if (template.status !== 'active') throw new AppError('COUPON_STOPPED');
  if (!isApprovedStatus(template.approvalStatus)) throw new AppError('PROMOTION_NOT_APPROVED', undefined, { approvalStatus: template.approvalStatus });
  if (template.validityKind === 'window' && (template.validTo as Date).getTime() <= now.getTime()) throw new AppError('COUPON_EXPIRED');
}

/** A goods item ships a SKU that exists and is not deleted. */
async function checkGoodsTarget(db: Executor, body: ItemBody): Promise<void> {
  if (body.couponTemplateId !== null) throw fieldError('body.couponTemplateId', 'a goods item has no coupon template');
  const [sku] = await db
    .select({ id: skus.id, deletedAt: skus.deletedAt })
    .from(skus)
    .where(eq(skus.id, body.skuId as number));
  if (!sku) throw new AppError('SKU_NOT_FOUND');
  if (sku.deletedAt !== null) throw new AppError('POINTS_MALL_SKU_UNAVAILABLE', undefined, { skuId: sku.id });
}

/** GET /api/admin/points-mall/items: every item, on sale or not, in display order. */
export async function listAdminItems(sc: ServiceContext): Promise<{ items: PointsMallItemView[] }> {
  const rows = await sc.db.select().from(pointsMallItems).orderBy(asc(pointsMallItems.sortOrder), asc(pointsMallItems.id));
  return { items: rows.map(toItemView) };
}

/** POST /api/admin/points-mall/items: audited. */
export async function createItem(sc: ServiceContext, body: ItemBody): Promise<PointsMallItemView> {
  return inTransaction(sc, async (tx) => {
    if (body.kind === 'coupon') await checkCouponTarget(tx.db, body, tx.now);
    else await checkGoodsTarget(tx.db, body);
    const [row] = await tx.db
      .insert(pointsMallItems)
      .values({ ...body, status: 'on_sale', createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('points mall item insert returned nothing');
    const view = toItemView(row);
    await recordAudit(tx, { action: 'points_mall_item.create', targetType: 'points_mall_item', targetId: row.id, after: view });
    return view;
  });
}

/**
 * PATCH /api/admin/points-mall/items/:id under the item lock, so no redemption moves the count while the
 * new stock is checked against it (409 POINTS_MALL_STOCK_BELOW_REDEEMED); audited with before and after.
 */
export async function patchItem(sc: ServiceContext, id: number, patch: ItemPatch): Promise<PointsMallItemView> {
  return inTransaction(sc, async (tx) => {
    const row = await lockItem(tx.db, id);
    if (!row) throw new AppError('POINTS_MALL_ITEM_NOT_FOUND');
    if (patch.stock !== undefined && patch.stock < row.redeemedCount) {
      throw new AppError('POINTS_MALL_STOCK_BELOW_REDEEMED', undefined, { redeemedCount: row.redeemedCount });
    }
    if (patch.cashFen !== undefined && patch.cashFen !== 0 && row.kind === 'coupon') throw fieldError('body.cashFen', 'a coupon item costs points only');
    const [updated] = await tx.db
      .update(pointsMallItems)
      .set({ ...patch, updatedAt: tx.now })
      .where(eq(pointsMallItems.id, id))
      .returning();
    if (!updated) throw new AppError('POINTS_MALL_ITEM_NOT_FOUND');
    const previous = toItemView(row);
    const before = Object.fromEntries(Object.keys(patch).map((key) => [key, previous[key as keyof ItemPatch]]));
    await recordAudit(tx, { action: 'points_mall_item.update', targetType: 'points_mall_item', targetId: id, before, after: patch });
    return toItemView(updated);
  });
}
