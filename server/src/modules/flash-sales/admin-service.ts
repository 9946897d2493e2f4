import type { z } from 'zod';
import type { FlashSaleView, PromotionRule, flashSaleBodySchema, flashSalePatchSchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { assessForApproval, isApprovedStatus } from '../promotions/approval';
import {
  findFlashSale,
  findOverlapping,
  findSkuFacts,
  insertFlashSale,
  listNewestFlashSales,
  lockProductOfSku,
  stopFlashSaleRow,
  updateFlashSale,
  type FlashSaleRow,
  type FlashSaleSkuFacts,
  type FlashSaleWithSku,
} from './repo';
import { auditFieldsOf, flashSaleStatus, toFlashSaleView } from './views';

type FlashSaleBody = z.output<typeof flashSaleBodySchema>;
type FlashSalePatch = z.output<typeof flashSalePatchSchema>;

/** The staff list answers the newest sales only: enough for the live board and recent history. */
export const ADMIN_LIST_LIMIT = 200;
/** Fields that may still change once a sale has started. */
const EDITABLE_WHEN_STARTED: readonly string[] = ['endsAt', 'totalUnits'];

/** 400 VALIDATION_FAILED on one body field, shaped like `parseInput`'s errors. */
function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid body: body.${field} ${message}`, { issues: [{ field: `body.${field}`, message }] });
}

/** The SKU a sale is for: 404 when unknown, 409 when deleted. */
async function liveSku(db: Executor, skuId: number): Promise<FlashSaleSkuFacts> {
  const sku = await findSkuFacts(db, skuId);
  if (!sku) throw new AppError('SKU_NOT_FOUND', undefined, { skuId });
  if (sku.skuDeletedAt) throw new AppError('FLASH_SALE_SKU_UNAVAILABLE', undefined, { skuId });
  return sku;
}

function assertBelowPrivatePrice(flashPriceFen: number, sku: FlashSaleSkuFacts): void {
  if (flashPriceFen >= sku.privatePriceFen) throw fieldError('flashPriceFen', `must be below the private price (${sku.privatePriceFen} fen)`);
}

async function assertNoOverlap(db: Executor, skuId: number, startsAt: Date, endsAt: Date, exceptId?: number): Promise<void> {
  const other = await findOverlapping(db, skuId, startsAt, endsAt, exceptId);
  if (other)
    throw new AppError('FLASH_SALE_OVERLAP', undefined, { flashSaleId: other.id, startsAt: other.startsAt.toISOString(), endsAt: other.endsAt.toISOString() });
}

/** Maker-checker: a flash price below cost or deeper than the store's maximum waits for an owner. */
function assessFlashPrice(db: Executor, skuId: number, priceFen: number, perMemberLimit: number) {
  const rule = { kind: 'flash_price', skuId, priceFen, maxQuantity: perMemberLimit } as PromotionRule;
  return assessForApproval(db, rule, { kind: 'all' });
}

/** GET /api/admin/flash-sales: newest first, with approval; the admin polls it for sold / remaining. */
export async function listFlashSalesForStaff(sc: ServiceContext): Promise<{ items: FlashSaleView[] }> {
  const rows = await listNewestFlashSales(sc.db, ADMIN_LIST_LIMIT);
  return { items: rows.map((row) => toFlashSaleView(row, sc.now, { withApproval: true })) };
}

async function requireFlashSale(db: Executor, id: number): Promise<FlashSaleWithSku> {
  const found = await findFlashSale(db, id);
  if (!found) throw new AppError('FLASH_SALE_NOT_FOUND');
  return found;
}

/** GET /api/admin/flash-sales/:id. */
export async function getFlashSaleForStaff(sc: ServiceContext, id: number): Promise<FlashSaleView> {
  return toFlashSaleView(await requireFlashSale(sc.db, id), sc.now, { withApproval: true });
}

/** POST /api/admin/flash-sales: checked against the SKU and its other sales under the product lock; audited. */
export async function createFlashSale(sc: ServiceContext, body: FlashSaleBody): Promise<FlashSaleView> {
  const actor = requireStaffActor(sc);
  if (body.endsAt <= sc.now) throw fieldError('endsAt', 'must be in the future');
  return inTransaction(sc, async (tx) => {
    await lockProductOfSku(tx.db, body.skuId);
    const sku = await liveSku(tx.db, body.skuId);
    assertBelowPrivatePrice(body.flashPriceFen, sku);
    await assertNoOverlap(tx.db, body.skuId, body.startsAt, body.endsAt);
    const assessment = await assessFlashPrice(tx.db, body.skuId, body.flashPriceFen, body.perMemberLimit);
    const row = await insertFlashSale(tx.db, { ...body, ...assessment, createdBy: actor.id, createdAt: tx.now, updatedAt: tx.now });
    await recordAudit(tx, { action: 'flash_sale.create', targetType: 'flash_sale', targetId: row.id, before: null, after: auditFieldsOf(row) });
    return toFlashSaleView({ sale: row, sku }, tx.now, { withApproval: true });
  });
}

/** The fields of a patch whose value differs from the sale's (a form may send everything back). */
function changedFields(sale: FlashSaleRow, patch: FlashSalePatch): Partial<FlashSalePatch> {
  const changes: Partial<FlashSalePatch> = {};
  if (patch.title !== undefined && patch.title !== sale.title) changes.title = patch.title;
  if (patch.flashPriceFen !== undefined && patch.flashPriceFen !== sale.flashPriceFen) changes.flashPriceFen = patch.flashPriceFen;
  if (patch.totalUnits !== undefined && patch.totalUnits !== sale.totalUnits) changes.totalUnits = patch.totalUnits;
  if (patch.perMemberLimit !== undefined && patch.perMemberLimit !== sale.perMemberLimit) changes.perMemberLimit = patch.perMemberLimit;
  if (patch.startsAt !== undefined && patch.startsAt.getTime() !== sale.startsAt.getTime()) changes.startsAt = patch.startsAt;
  if (patch.endsAt !== undefined && patch.endsAt.getTime() !== sale.endsAt.getTime()) changes.endsAt = patch.endsAt;
  return changes;
}

/**
 * Rejects changes the sale's state forbids: none once stopped or ended; once live (approved and
 * started: members may have bought at its price) only the end time and the units. A sale still waiting
 * for approval never went live, so it stays fully editable.
 */
function assertEditable(sale: FlashSaleRow, changes: Partial<FlashSalePatch>, now: Date): void {
  const status = flashSaleStatus(sale, now);
  if (sale.stoppedAt || now >= sale.endsAt) throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { status });
  if (now < sale.startsAt || !isApprovedStatus(sale.approvalStatus)) return;
  const locked = Object.keys(changes).filter((field) => !EDITABLE_WHEN_STARTED.includes(field));
  if (locked.length > 0)
    throw new AppError('PROMOTION_STATUS_CONFLICT', 'only endsAt and totalUnits may change once the sale has started', { status, fields: locked });
}

/**
 * PATCH /api/admin/flash-sales/:id. Before the start (or while awaiting approval) anything may change;
 * afterwards only the end time and the units, never below what is sold (checked in the UPDATE itself). A new price or limit is
 * assessed again and any earlier approval no longer counts. Audited with before and after.
 */
export async function patchFlashSale(sc: ServiceContext, id: number, patch: FlashSalePatch): Promise<FlashSaleView> {
  return inTransaction(sc, async (tx) => {
    await lockProductOfSku(tx.db, (await requireFlashSale(tx.db, id)).sale.skuId);
    const { sale, sku } = await requireFlashSale(tx.db, id);
    const changes = changedFields(sale, patch);
    assertEditable(sale, changes, tx.now);
    if (Object.keys(changes).length === 0) return toFlashSaleView({ sale, sku }, tx.now, { withApproval: true });
    const next = { ...sale, ...changes };
    if (next.startsAt >= next.endsAt) throw fieldError(changes.endsAt ? 'endsAt' : 'startsAt', 'startsAt must be before endsAt');
    if (changes.endsAt && changes.endsAt <= tx.now) throw fieldError('endsAt', 'must be in the future');
    const isReassessed = changes.flashPriceFen !== undefined || changes.perMemberLimit !== undefined;
    let approval = {};
    if (isReassessed) {
      assertBelowPrivatePrice(next.flashPriceFen, await liveSku(tx.db, sale.skuId));
      approval = { ...(await assessFlashPrice(tx.db, sale.skuId, next.flashPriceFen, next.perMemberLimit)), approvedBy: null, approvedAt: null };
    }
    // A rejected sale does not hold its slot, so one brought back by a new price must find it free again.
    if (changes.startsAt || changes.endsAt || isReassessed) await assertNoOverlap(tx.db, sale.skuId, next.startsAt, next.endsAt, id);
    const row = await updateFlashSale(tx.db, id, { ...changes, ...approval, updatedAt: tx.now }, next.totalUnits);
    if (!row) {
      const fresh = await requireFlashSale(tx.db, id);
      throw new AppError('FLASH_SALE_UNITS_BELOW_SOLD', undefined, { soldUnits: fresh.sale.soldUnits, totalUnits: next.totalUnits });
    }
    await recordAudit(tx, { action: 'flash_sale.update', targetType: 'flash_sale', targetId: id, before: auditFieldsOf(sale), after: auditFieldsOf(row) });
    return toFlashSaleView({ sale: row, sku }, tx.now, { withApproval: true });
  });
}

/** POST /api/admin/flash-sales/:id/stop: final and immediate; 409 when already stopped or ended. */
export async function stopFlashSale(sc: ServiceContext, id: number): Promise<FlashSaleView> {
  return inTransaction(sc, async (tx) => {
    const { sale, sku } = await requireFlashSale(tx.db, id);
    if (tx.now >= sale.endsAt) throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { status: flashSaleStatus(sale, tx.now) });
    const row = await stopFlashSaleRow(tx.db, id, tx.now);
    if (!row) throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { status: 'stopped' });
    await recordAudit(tx, { action: 'flash_sale.stop', targetType: 'flash_sale', targetId: id, before: auditFieldsOf(sale), after: auditFieldsOf(row) });
    return toFlashSaleView({ sale: row, sku }, tx.now, { withApproval: true });
  });
}
