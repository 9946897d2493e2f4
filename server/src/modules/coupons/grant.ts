/**
 * Granting one coupon to one member: the shared core of claiming, issuing, redeeming a code (and,
 * later, journeys and tier perks). Every grant of a template first locks the template row, so grants
 * of one template are serialized: the checks below read a stable state, and the conditional writes
 * after them are the SQL guarantee that no count, budget or per-member cap can be passed. Every
 * refusal is thrown before the first write, so a caller may skip a member and go on (batch issue).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { ErrorCode, MemberCouponView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { couponMemberCounts, couponTemplates, memberCoupons } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { isApprovedStatus } from '../promotions/approval';
import { toMemberCouponView, type TemplateRow } from './views';

export type CouponSource = 'claim' | 'issue' | 'code' | 'perk' | 'journey';

export interface GrantCouponInput {
  templateId: number;
  memberId: number;
  source: CouponSource;
  /**
   * Unique per grant: granting the same key again returns the coupon it already granted. A function
   * receives the member's new count of this template (claims: `claim:<template>:<member>:<n>`).
   */
  sourceKey: string | ((memberCount: number) => string);
}

export interface GrantResult {
  coupon: MemberCouponView;
  /** False when the source key had already been granted (nothing changed). */
  isNew: boolean;
}

/** Extra conditions a path adds (claiming: public, claim window open), checked under the lock. */
export type TemplateCheck = (row: TemplateRow, now: Date) => void;

/** The template row, locked until the transaction ends; 404 COUPON_TEMPLATE_NOT_FOUND. */
export async function lockTemplate(db: Executor, templateId: number): Promise<TemplateRow> {
  const [row] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, templateId)).for('update');
  if (!row) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
  return row;
}

/** True when the coupons' validity has ended for good (a window whose end has passed). */
export function isValidityOver(row: TemplateRow, now: Date): boolean {
  return row.validityKind === 'window' && (row.validTo as Date).getTime() <= now.getTime();
}

/** Throws when no coupon of the template may be handed out at all: stopped, not approved, expired. */
export function assertTemplateGrantable(row: TemplateRow, now: Date): void {
  if (row.status !== 'active') throw new AppError('COUPON_STOPPED');
  if (!isApprovedStatus(row.approvalStatus)) throw new AppError('PROMOTION_NOT_APPROVED', undefined, { approvalStatus: row.approvalStatus });
  if (isValidityOver(row, now)) throw new AppError('COUPON_EXPIRED');
}

/** Why the template cannot give one more coupon (count or budget), or null. */
export function templateLimitRefusal(row: Pick<TemplateRow, 'totalCount' | 'issuedCount' | 'budgetFen' | 'committedFen' | 'faceValueFen'>): ErrorCode | null {
  if (row.totalCount !== null && row.issuedCount >= row.totalCount) return 'COUPON_SOLD_OUT';
  if (row.budgetFen !== null && row.committedFen + row.faceValueFen > row.budgetFen) return 'COUPON_BUDGET_EXHAUSTED';
  return null;
}

/** When a coupon granted now is valid: the template's window, or `days` from now. */
export function couponWindowOf(row: TemplateRow, now: Date): { validFrom: Date; expiresAt: Date } {
  if (row.validityKind === 'window') return { validFrom: row.validFrom as Date, expiresAt: row.validTo as Date };
  return { validFrom: now, expiresAt: new Date(now.getTime() + (row.validDays as number) * 24 * 3600 * 1000) };
}

async function heldCount(db: Executor, templateId: number, memberId: number): Promise<number> {
  const [row] = await db
    .select({ count: couponMemberCounts.count })
    .from(couponMemberCounts)
    .where(and(eq(couponMemberCounts.templateId, templateId), eq(couponMemberCounts.memberId, memberId)));
  return row?.count ?? 0;
}

/** issued_count + 1 and committed_fen + face value, only while the count and the budget allow. */
async function takeTemplateUnit(db: Executor, row: TemplateRow, now: Date): Promise<boolean> {
  const taken = await db
    .update(couponTemplates)
    .set({
      issuedCount: sql`${couponTemplates.issuedCount} + 1`,
      committedFen: sql`${couponTemplates.committedFen} + ${couponTemplates.faceValueFen}`,
      updatedAt: now,
    })
    .where(
      and(
        eq(couponTemplates.id, row.id),
        sql`(${couponTemplates.totalCount} is null or ${couponTemplates.issuedCount} < ${couponTemplates.totalCount})`,
        sql`(${couponTemplates.budgetFen} is null or ${couponTemplates.committedFen} + ${couponTemplates.faceValueFen} <= ${couponTemplates.budgetFen})`,
      ),
    )
    .returning({ id: couponTemplates.id });
  return taken.length > 0;
}

/** The member's count of the template + 1 unless at the cap; the new count, or null. */
async function takeMemberUnit(db: Executor, templateId: number, memberId: number, cap: number): Promise<number | null> {
  const rows = await db
    .insert(couponMemberCounts)
    .values({ templateId, memberId, count: 1 })
    .onConflictDoUpdate({
      target: [couponMemberCounts.templateId, couponMemberCounts.memberId],
      set: { count: sql`${couponMemberCounts.count} + 1` },
      setWhere: sql`${couponMemberCounts.count} < ${cap}`,
    })
    .returning({ count: couponMemberCounts.count });
  const count = rows[0]?.count;
  return count !== undefined && count <= cap ? count : null;
}

async function findBySourceKey(db: Executor, sourceKey: string) {
  const [row] = await db.select().from(memberCoupons).where(eq(memberCoupons.sourceKey, sourceKey));
  return row;
}

/**
 * Grants one coupon inside the caller's transaction, or throws the refusal (COUPON_TEMPLATE_NOT_FOUND,
 * COUPON_STOPPED, PROMOTION_NOT_APPROVED, COUPON_EXPIRED, the path's own checks, COUPON_SOLD_OUT,
 * COUPON_BUDGET_EXHAUSTED, COUPON_CLAIM_CAP_REACHED) before writing anything.
 */
export async function grantCouponOnce(tx: ServiceContext, input: GrantCouponInput, check?: TemplateCheck): Promise<GrantResult> {
  const row = await lockTemplate(tx.db, input.templateId);
  assertTemplateGrantable(row, tx.now);
  check?.(row, tx.now);
  if (typeof input.sourceKey === 'string') {
    const existing = await findBySourceKey(tx.db, input.sourceKey);
    if (existing) return { coupon: toMemberCouponView(existing, row, tx.now), isNew: false };
  }
  const refusal = templateLimitRefusal(row);
  if (refusal) throw new AppError(refusal);
  if ((await heldCount(tx.db, row.id, input.memberId)) >= row.perMemberCap)
    throw new AppError('COUPON_CLAIM_CAP_REACHED', undefined, { perMemberCap: row.perMemberCap });
  // The checks above ran under the template lock; these conditional writes enforce the same limits in SQL.
  if (!(await takeTemplateUnit(tx.db, row, tx.now))) throw new AppError('PROMOTION_STATUS_CONFLICT');
  const count = await takeMemberUnit(tx.db, row.id, input.memberId, row.perMemberCap);
  if (count === null) throw new AppError('COUPON_CLAIM_CAP_REACHED', undefined, { perMemberCap: row.perMemberCap });
  const sourceKey = typeof input.sourceKey === 'string' ? input.sourceKey : input.sourceKey(count);
  const [inserted] = await tx.db
    .insert(memberCoupons)
    .values({
      templateId: row.id,
      memberId: input.memberId,
      source: input.source,
      sourceKey,
      status: 'available',
      ...couponWindowOf(row, tx.now),
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .returning();
  if (!inserted) throw new Error('member coupon insert returned nothing');
  return { coupon: toMemberCouponView(inserted, row, tx.now), isNew: true };
}

/**
 * Grants a coupon of `templateId` to a member inside the caller's transaction (claim, issue, code,
 * perk, journey), enforcing the template's status, approval, validity, count, budget and per-member
 * cap. Granting an already granted string `sourceKey` returns that coupon again.
 */
export async function grantCoupon(tx: ServiceContext, input: GrantCouponInput): Promise<MemberCouponView> {
  return (await grantCouponOnce(tx, input)).coupon;
}
