/**
 * Maker-checker for promotions: a promotion deeper than the store's maximum depth (default 50 % off)
 * or one that would push any SKU in its scope below cost waits ('pending') until an owner who did not
 * create it approves it. Pending and rejected promotions never apply at checkout.
 */
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import {
  assessPromotion,
  describeRule,
  type AssessedSku,
  type Fen,
  type ApprovableKind,
  type ApprovalStatus,
  type ApprovalView,
  type PendingApprovalView,
  type PromotionRule,
  type PromotionScope,
} from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { couponTemplates, flashSales, promoCodes, products, skus, storePromotions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { loadPromotionSettings } from './settings';

export interface ApprovalAssessment {
  approvalStatus: ApprovalStatus;
  approvalReason: { depthBp: number; belowCost: { skuId: number; priceAfterFen: number; costPriceFen: number }[] } | null;
}

/** SKUs a scope covers, with the prices the assessment needs (live SKUs only). */
export async function scopeSkus(db: Executor, rule: PromotionRule, scope: PromotionScope): Promise<AssessedSku[]> {
  const conditions: SQL[] = [isNull(skus.deletedAt)];
  if (rule.kind === 'flash_price') conditions.push(eq(skus.id, rule.skuId));
  else if (scope.kind === 'products') conditions.push(inArray(skus.productId, scope.productIds));
  else if (scope.kind === 'categories') conditions.push(inArray(products.categoryId, scope.categoryIds));
  const rows = await db
    .select({
      skuId: skus.id,
      productId: skus.productId,
      categoryId: products.categoryId,
      privatePriceFen: skus.privatePriceFen,
      costPriceFen: skus.costPriceFen,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(and(...conditions));
  return rows.map((row) => ({ ...row, privatePriceFen: row.privatePriceFen as Fen, costPriceFen: (row.costPriceFen ?? 0) as Fen }));
}

/** Decides whether a new or changed promotion needs approval, with the reason to show the approver. */
export async function assessForApproval(db: Executor, rule: PromotionRule, scope: PromotionScope): Promise<ApprovalAssessment> {
  const { maxDepthBp } = await loadPromotionSettings(db);
  const result = assessPromotion(rule, scope, await scopeSkus(db, rule, scope), maxDepthBp);
  if (!result.needsApproval) return { approvalStatus: 'not_required', approvalReason: null };
  return { approvalStatus: 'pending', approvalReason: { depthBp: result.depthBp, belowCost: result.belowCost } };
}

/** True when a promotion may apply: approval not needed or granted. */
export function isApprovedStatus(status: string): boolean {
  return status === 'not_required' || status === 'approved';
}

interface ApprovalRow {
  approvalStatus: string;
  approvalReason: unknown;
  createdBy: number | null;
  approvedBy: number | null;
  approvedAt: Date | null;
}

export function toApprovalView(row: ApprovalRow): ApprovalView {
  return {
    status: row.approvalStatus as ApprovalStatus,
    reason: (row.approvalReason as ApprovalView['reason']) ?? null,
    createdBy: row.createdBy,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}

const TABLES = {
  coupon_template: couponTemplates,
  store_promotion: storePromotions,
  promo_code: promoCodes,
  flash_sale: flashSales,
} as const;

/** Every promotion waiting for approval, oldest first. */
export async function listPendingApprovals(sc: ServiceContext): Promise<PendingApprovalView[]> {
  const out: PendingApprovalView[] = [];
  const coupons = await sc.db.select().from(couponTemplates).where(eq(couponTemplates.approvalStatus, 'pending'));
  for (const row of coupons)
    out.push({
      kind: 'coupon_template',
      id: row.id,
      name: row.name,
      ruleText: describeRule(row.rule as PromotionRule),
      approval: toApprovalView(row),
      createdAt: row.createdAt.toISOString(),
    });
  const stores = await sc.db.select().from(storePromotions).where(eq(storePromotions.approvalStatus, 'pending'));
  for (const row of stores)
    out.push({
      kind: 'store_promotion',
      id: row.id,
      name: row.name,
      ruleText: describeRule(row.rule as PromotionRule),
      approval: toApprovalView(row),
      createdAt: row.createdAt.toISOString(),
    });
  const codes = await sc.db.select().from(promoCodes).where(eq(promoCodes.approvalStatus, 'pending'));
  for (const row of codes)
    out.push({
      kind: 'promo_code',
      id: row.id,
      name: row.code,
      ruleText: describeRule(row.rule as PromotionRule),
      approval: toApprovalView(row),
      createdAt: row.createdAt.toISOString(),
    });
  const flashes = await sc.db.select().from(flashSales).where(eq(flashSales.approvalStatus, 'pending'));
  for (const row of flashes) {
    const rule: PromotionRule = { kind: 'flash_price', skuId: row.skuId, priceFen: row.flashPriceFen, maxQuantity: row.perMemberLimit } as PromotionRule;
    out.push({
      kind: 'flash_sale',
      id: row.id,
      name: row.title,
      ruleText: describeRule(rule),
      approval: toApprovalView(row),
      createdAt: row.createdAt.toISOString(),
    });
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Approves or rejects a pending promotion: only an owner ('promotions:approve'), never its creator,
 * moved once by a conditional update, audited.
 */
export async function decideApproval(sc: ServiceContext, kind: ApprovableKind, id: number, decision: 'approved' | 'rejected'): Promise<ApprovalView> {
  const actor = requireStaffActor(sc);
  const table = TABLES[kind];
  return inTransaction(sc, async (tx) => {
    const [row] = await tx.db.select().from(table).where(eq(table.id, id));
    if (!row) throw new AppError('NOT_FOUND');
    if (row.approvalStatus !== 'pending') throw new AppError('PROMOTION_NOT_PENDING', undefined, { status: row.approvalStatus });
    if (row.createdBy === actor.id) throw new AppError('PROMOTION_APPROVAL_SELF');
    const [updated] = await tx.db
      .update(table)
      .set({ approvalStatus: decision, approvedBy: actor.id, approvedAt: tx.now, updatedAt: tx.now })
      .where(and(eq(table.id, id), eq(table.approvalStatus, 'pending')))
      .returning();
    if (!updated) throw new AppError('PROMOTION_NOT_PENDING');
    await recordAudit(tx, {
      action: `${kind}.${decision === 'approved' ? 'approve' : 'reject'}`,
      targetType: kind,
      targetId: id,
      before: { approvalStatus: 'pending' },
      after: { approvalStatus: decision },
    });
    return toApprovalView(updated);
  });
}
