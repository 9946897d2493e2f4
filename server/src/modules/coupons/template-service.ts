import { desc, eq } from 'drizzle-orm';
import type { CouponTemplateView, PromotionRule } from '@siyu/shared';
import type { z } from 'zod';
import type { couponTemplateBodySchema, couponTemplatePatchSchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { couponTemplates } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { assessForApproval } from '../promotions/approval';
import { lockTemplate } from './grant';
import { toTemplateView, type TemplateRow } from './views';

type TemplateBody = z.output<typeof couponTemplateBodySchema>;
type TemplatePatch = z.output<typeof couponTemplatePatchSchema>;

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid body: ${field} ${message}`, { issues: [{ field, message }] });
}

/**
 * The most one coupon can take off, which the budget commits per coupon: the fixed amount, the top
 * tier's amount, a percentage's cap, or the shipping fee. Null for a percentage without a cap.
 */
export function faceValueOf(rule: PromotionRule, shippingFeeFen: number): number | null {
  switch (rule.kind) {
    case 'fixed_off':
    case 'new_customer':
      return rule.offFen;
    case 'threshold_off':
      return Math.max(...rule.tiers.map((tier) => tier.offFen));
    case 'percent_off':
      return rule.capFen ?? null;
    case 'free_shipping':
      return shippingFeeFen;
    default:
      throw fieldError('body.rule.kind', 'not a coupon rule');
  }
}

/** Checks the service adds to the schema's: a budget needs a face value; windows must not be over already. */
function checkTemplateBody(body: TemplateBody, faceValueFen: number | null, now: Date): void {
  if (faceValueFen === null && body.budgetFen !== null) throw fieldError('body.rule.capFen', 'a percentage coupon with a budget needs a cap');
  if (body.validity.kind === 'window' && body.validity.validTo.getTime() <= now.getTime()) throw fieldError('body.validity.validTo', 'must be in the future');
  if (body.claimEndsAt && body.claimEndsAt.getTime() <= now.getTime()) throw fieldError('body.claimEndsAt', 'must be in the future');
}

/** GET /api/admin/coupon-templates: newest first, with their counters. */
export async function listTemplates(sc: ServiceContext): Promise<{ items: CouponTemplateView[] }> {
  const rows = await sc.db.select().from(couponTemplates).orderBy(desc(couponTemplates.createdAt), desc(couponTemplates.id));
  return { items: rows.map(toTemplateView) };
}

export async function getTemplate(sc: ServiceContext, id: number): Promise<CouponTemplateView> {
  const [row] = await sc.db.select().from(couponTemplates).where(eq(couponTemplates.id, id));
  if (!row) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
  return toTemplateView(row);
}

/** POST /api/admin/coupon-templates: deep or below-cost coupons wait for an owner's approval; audited. */
export async function createTemplate(sc: ServiceContext, shippingFeeFen: number, body: TemplateBody): Promise<CouponTemplateView> {
  const actor = requireStaffActor(sc);
  const faceValueFen = faceValueOf(body.rule, shippingFeeFen);
  checkTemplateBody(body, faceValueFen, sc.now);
  return inTransaction(sc, async (tx) => {
    const approval = await assessForApproval(tx.db, body.rule, body.scope);
    const validity =
      body.validity.kind === 'window'
        ? { validityKind: 'window', validFrom: body.validity.validFrom, validTo: body.validity.validTo, validDays: null }
        : { validityKind: 'after_claim', validFrom: null, validTo: null, validDays: body.validity.days };
    const [row] = await tx.db
      .insert(couponTemplates)
      .values({
        name: body.name,
        description: body.description,
        rule: body.rule,
        scope: body.scope,
        stackingGroup: body.rule.kind === 'free_shipping' ? 'shipping_coupon' : 'coupon',
        ...validity,
        claimStartsAt: body.claimStartsAt,
        claimEndsAt: body.claimEndsAt,
        visibility: body.visibility,
        totalCount: body.totalCount,
        budgetFen: body.budgetFen,
        faceValueFen: faceValueFen ?? 0,
        perMemberCap: body.perMemberCap,
        ...approval,
        createdBy: actor.id,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning();
    if (!row) throw new Error('coupon template insert returned nothing');
    const view = toTemplateView(row);
    await recordAudit(tx, { action: 'coupon_template.create', targetType: 'coupon_template', targetId: row.id, after: view });
    return view;
  });
}

/** Caps may be raised or lowered, never below what is already issued or committed (409 COUPON_LIMIT_BELOW_ISSUED). */
function checkPatch(row: TemplateRow, patch: TemplatePatch, now: Date): void {
  if (patch.totalCount !== undefined && patch.totalCount !== null && patch.totalCount < row.issuedCount) {
    throw new AppError('COUPON_LIMIT_BELOW_ISSUED', undefined, { field: 'totalCount', issuedCount: row.issuedCount });
  }
  if (patch.budgetFen !== undefined && patch.budgetFen !== null) {
    if ((row.rule as PromotionRule).kind === 'percent_off' && row.faceValueFen === 0)
      throw fieldError('body.budgetFen', 'a percentage coupon without a cap cannot have a budget');
    if (patch.budgetFen < row.committedFen) throw new AppError('COUPON_LIMIT_BELOW_ISSUED', undefined, { field: 'budgetFen', committedFen: row.committedFen });
  }
  if (patch.claimEndsAt) {
    if (row.claimStartsAt && patch.claimEndsAt.getTime() <= row.claimStartsAt.getTime())
      throw fieldError('body.claimEndsAt', 'claimStartsAt must be before claimEndsAt');
    if (patch.claimEndsAt.getTime() <= now.getTime()) throw fieldError('body.claimEndsAt', 'must be in the future');
  }
}

/** PATCH /api/admin/coupon-templates/:id under the template lock (grants cannot move the counters meanwhile); audited. */
export async function patchTemplate(sc: ServiceContext, id: number, patch: TemplatePatch): Promise<CouponTemplateView> {
  return inTransaction(sc, async (tx) => {
    const row = await lockTemplate(tx.db, id);
    checkPatch(row, patch, tx.now);
    const [updated] = await tx.db
      .update(couponTemplates)
      .set({ ...patch, updatedAt: tx.now })
      .where(eq(couponTemplates.id, id))
      .returning();
    if (!updated) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
    const previous = toTemplateView(row);
    const before = Object.fromEntries(Object.keys(patch).map((key) => [key, previous[key as keyof TemplatePatch]]));
    await recordAudit(tx, { action: 'coupon_template.update', targetType: 'coupon_template', targetId: id, before, after: patch });
    return toTemplateView(updated);
  });
}

/** POST /api/admin/coupon-templates/:id/stop: no more claims, issues or redemptions; coupons held stay usable. */
export async function stopTemplate(sc: ServiceContext, id: number): Promise<CouponTemplateView> {
  return inTransaction(sc, async (tx) => {
    const row = await lockTemplate(tx.db, id);
    if (row.status !== 'active') throw new AppError('PROMOTION_STATUS_CONFLICT', undefined, { status: row.status });
    const [updated] = await tx.db.update(couponTemplates).set({ status: 'stopped', updatedAt: tx.now }).where(eq(couponTemplates.id, id)).returning();
    if (!updated) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
    await recordAudit(tx, {
      action: 'coupon_template.stop',
      targetType: 'coupon_template',
      targetId: id,
      before: { status: 'active' },
      after: { status: 'stopped' },
    });
    return toTemplateView(updated);
  });
}
