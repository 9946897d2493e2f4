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
import { queryRows } from '../../lib/sql';
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

/** What a bulk grant did: the members granted, and those skipped with the code, both in id order. */
export interface BulkGrantResult {
  issued: number[];
  skipped: { memberId: number; code: ErrorCode }[];
}

/** Members per statement of a bulk grant. */
export const BULK_GRANT_CHUNK = 5000;

const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/**
 * Grants one coupon of the locked, grantable template `row` to each of `memberIds` (distinct, in id order,
 * none holding a coupon under its `keyOf` key yet), with the outcome of grantCouponOnce member by member:
 * the count and budget are checked before the per-member cap; a member at the cap is skipped with
 * COUPON_CLAIM_CAP_REACHED; from the first member the count or budget refuses, every later one is skipped
 * with that code. Set-based: per chunk one read of the members' counts, one upsert of the counts, one
 * multi-row insert of the coupons and one guarded update of the template (a guard failing — it cannot under
 * the lock — throws and the caller's transaction rolls back).
 */
export async function grantCouponsInBulk(
  tx: ServiceContext,
  row: TemplateRow,
  memberIds: readonly number[],
  keyOf: (memberId: number) => string,
  options: { source?: CouponSource; chunkSize?: number } = {},
): Promise<BulkGrantResult> {
  const chunkSize = options.chunkSize ?? BULK_GRANT_CHUNK;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= BULK_GRANT_CHUNK)) throw new Error(`bulk grant chunk size ${chunkSize}`);
  for (let i = 1; i < memberIds.length; i += 1) {
    if ((memberIds[i] as number) <= (memberIds[i - 1] as number)) throw new Error('bulk grant members must be distinct and in id order');
  }
  const window = couponWindowOf(row, tx.now);
  // The template as the grants leave it; the lock keeps anyone else from changing it meanwhile.
  const limits = {
    totalCount: row.totalCount,
    issuedCount: row.issuedCount,
    budgetFen: row.budgetFen,
    committedFen: row.committedFen,
    faceValueFen: row.faceValueFen,
  };
  const result: BulkGrantResult = { issued: [], skipped: [] };
  let exhausted: ErrorCode | null = null;
  for (let start = 0; start < memberIds.length; start += chunkSize) {
    const part = memberIds.slice(start, start + chunkSize);
    if (exhausted) {
      for (const memberId of part) result.skipped.push({ memberId, code: exhausted });
      continue;
    }
    const held = new Map<number, number>();
    const counts = await tx.db
      .select({ memberId: couponMemberCounts.memberId, count: couponMemberCounts.count })
      .from(couponMemberCounts)
      .where(and(eq(couponMemberCounts.templateId, row.id), sql`${couponMemberCounts.memberId} = any(${intArray(part)}::int[])`));
    for (const count of counts) held.set(count.memberId, count.count);
    const granted: number[] = [];
    for (const memberId of part) {
      exhausted ??= templateLimitRefusal(limits);
      if (exhausted) result.skipped.push({ memberId, code: exhausted });
      else if ((held.get(memberId) ?? 0) >= row.perMemberCap) result.skipped.push({ memberId, code: 'COUPON_CLAIM_CAP_REACHED' });
      else {
        granted.push(memberId);
        limits.issuedCount += 1;
        limits.committedFen += row.faceValueFen;
      }
    }
    if (granted.length === 0) continue;
    await takeTemplateUnits(tx.db, row, granted.length, tx.now);
    await takeMemberUnits(tx.db, row, granted);
    await insertIssuedCoupons(tx, row, granted, keyOf, options.source ?? 'issue', window);
    result.issued.push(...granted);
  }
  return result;
}

/** One statement for the chunk's coupons: the members and their keys travel as one jsonb parameter. */
async function insertIssuedCoupons(
  tx: ServiceContext,
  row: TemplateRow,
  memberIds: readonly number[],
  keyOf: (memberId: number) => string,
  source: CouponSource,
  window: { validFrom: Date; expiresAt: Date },
): Promise<void> {
  const pairs = JSON.stringify(memberIds.map((memberId) => [memberId, keyOf(memberId)]));
  const now = tx.now.toISOString();
  await tx.db.execute(sql`insert into member_coupons (template_id, member_id, source, source_key, status, valid_from, expires_at, created_at, updated_at)
    select ${row.id}::int, (e->>0)::int, ${source}, e->>1, 'available', ${window.validFrom.toISOString()}::timestamptz,
      ${window.expiresAt.toISOString()}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
    from jsonb_array_elements(${pairs}::jsonb) as e`);
}

/** issued_count + n and committed_fen + n face values, only while the count and the budget allow all n. */
async function takeTemplateUnits(db: Executor, row: TemplateRow, n: number, now: Date): Promise<void> {
  const taken = await db
    .update(couponTemplates)
    .set({
      issuedCount: sql`${couponTemplates.issuedCount} + ${n}::int`,
      committedFen: sql`${couponTemplates.committedFen} + ${n}::int * ${couponTemplates.faceValueFen}`,
      updatedAt: now,
    })
    .where(
      and(
        eq(couponTemplates.id, row.id),
        sql`(${couponTemplates.totalCount} is null or ${couponTemplates.issuedCount} + ${n}::int <= ${couponTemplates.totalCount})`,
        sql`(${couponTemplates.budgetFen} is null or ${couponTemplates.committedFen} + ${n}::int * ${couponTemplates.faceValueFen} <= ${couponTemplates.budgetFen})`,
      ),
    )
    .returning({ id: couponTemplates.id });
  if (taken.length === 0) throw new AppError('PROMOTION_STATUS_CONFLICT');
}

/** Each member's count of the template + 1, none past the cap; throws unless every member got one. */
async function takeMemberUnits(db: Executor, row: TemplateRow, memberIds: readonly number[]): Promise<void> {
  const rows = await queryRows<{ member_id: number }>(
    db,
    sql`insert into coupon_member_counts (template_id, member_id, count)
      select ${row.id}::int, m, 1 from unnest(${intArray(memberIds)}::int[]) as m
      on conflict (template_id, member_id) do update set count = coupon_member_counts.count + 1
        where coupon_member_counts.count < ${row.perMemberCap}::int
      returning member_id`,
  );
  if (rows.length !== memberIds.length) throw new AppError('COUPON_CLAIM_CAP_REACHED', undefined, { perMemberCap: row.perMemberCap });
}

/**
 * Grants a coupon of `templateId` to a member inside the caller's transaction (claim, issue, code,
 * perk, journey), enforcing the template's status, approval, validity, count, budget and per-member
 * cap. Granting an already granted string `sourceKey` returns that coupon again.
 */
export async function grantCoupon(tx: ServiceContext, input: GrantCouponInput): Promise<MemberCouponView> {
  return (await grantCouponOnce(tx, input)).coupon;
}
