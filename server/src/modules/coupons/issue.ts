/**
 * Staff issue coupons to a list of members or to every member matching a filter. The batch name makes
 * it idempotent: member coupon keys are `issue:<template>:<batch>:<member>` (unique), so repeating a
 * batch — a double click, a retry after a timeout — grants nobody a second coupon.
 */
import { and, asc, gt, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { CouponIssueResult } from '@siyu/shared';
import type { z } from 'zod';
import type { couponIssueBodySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { memberCoupons, members } from '../../db/schema';
import { recordAudit } from '../audit';
import { segmentDefinitionOf, segmentMemberIds, snapshotMemberIds } from '../segments';
import { assertTemplateGrantable, grantCouponsInBulk, lockTemplate } from './grant';

type IssueBody = z.output<typeof couponIssueBodySchema>;
const ID_CHUNK = 5000;

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * The members a batch targets, in id order: the listed ones that exist, every one matching the filter,
 * the members a saved segment matches now (an archived one is 404), or a snapshot's frozen members.
 */
async function targetMembers(sc: ServiceContext, body: IssueBody): Promise<{ ids: number[]; unknown: number[] }> {
  if (body.segmentId !== undefined) {
    const definition = await segmentDefinitionOf(sc.db, body.segmentId, { activeOnly: true });
    return { ids: await segmentMemberIds(sc.db, definition, sc.now), unknown: [] };
  }
  if (body.snapshotId !== undefined) return { ids: await snapshotMemberIds(sc.db, body.snapshotId), unknown: [] };
  if (body.memberIds) {
    const wanted = [...new Set(body.memberIds)].sort((a, b) => a - b);
    const found = new Set<number>();
    for (const part of chunks(wanted, ID_CHUNK)) {
      for (const row of await sc.db.select({ id: members.id }).from(members).where(inArray(members.id, part))) found.add(row.id);
    }
    return { ids: wanted.filter((id) => found.has(id)), unknown: wanted.filter((id) => !found.has(id)) };
  }
  const filter = body.filter ?? {};
  const conditions: SQL[] = [];
  if (filter.tierCodes) conditions.push(inArray(members.tierCode, filter.tierCodes));
  if (filter.registeredAfter) conditions.push(gt(members.createdAt, filter.registeredAfter));
  if (filter.hasPhone !== undefined) conditions.push(filter.hasPhone ? isNotNull(members.phoneHash) : isNull(members.phoneHash));
  const rows = await sc.db
    .select({ id: members.id })
    .from(members)
    .where(and(...conditions))
    .orderBy(asc(members.id));
  return { ids: rows.map((row) => row.id), unknown: [] };
}

/** Members this batch already granted (a repeated batch), by their exact source keys. */
async function alreadyIssued(sc: ServiceContext, keyOf: (memberId: number) => string, memberIds: number[]): Promise<Set<number>> {
  const done = new Set<number>();
  for (const part of chunks(memberIds, ID_CHUNK)) {
    const rows = await sc.db
      .select({ memberId: memberCoupons.memberId })
      .from(memberCoupons)
      .where(inArray(memberCoupons.sourceKey, part.map(keyOf)));
    for (const row of rows) done.add(row.memberId);
  }
  return done;
}

/**
 * POST /api/admin/coupon-templates/:id/issue: one transaction under the template lock; members over the
 * per-member cap, or past the count or budget, are skipped with the code; one audit row for the batch.
 * The grants are set-based (grantCouponsInBulk, `chunkSize` members a statement), in member-id order.
 */
export async function issueCoupons(sc: ServiceContext, templateId: number, body: IssueBody, options: { chunkSize?: number } = {}): Promise<CouponIssueResult> {
  return inTransaction(sc, async (tx) => {
    const template = await lockTemplate(tx.db, templateId);
    assertTemplateGrantable(template, tx.now);
    const targets = await targetMembers(tx, body);
    const keyOf = (memberId: number) => `issue:${templateId}:${body.batch}:${memberId}`;
    const done = await alreadyIssued(tx, keyOf, targets.ids);
    const bulk = await grantCouponsInBulk(
      tx,
      template,
      targets.ids.filter((id) => !done.has(id)),
      keyOf,
      { source: 'issue', ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }) },
    );
    const skipped: CouponIssueResult['skipped'] = [...targets.unknown.map((memberId) => ({ memberId, code: 'MEMBER_NOT_FOUND' })), ...bulk.skipped];
    const issued = bulk.issued.length;
    const result: CouponIssueResult = { issued, skipped, alreadyIssued: targets.ids.filter((id) => done.has(id)).length };
    const target = body.memberIds
      ? { memberCount: body.memberIds.length }
      : body.segmentId !== undefined
        ? { segmentId: body.segmentId, memberCount: targets.ids.length }
        : body.snapshotId !== undefined
          ? { snapshotId: body.snapshotId, memberCount: targets.ids.length }
          : { filter: body.filter };
    await recordAudit(tx, {
      action: 'coupon_template.issue',
      targetType: 'coupon_template',
      targetId: templateId,
      after: { batch: body.batch, ...target, issued, skipped: skipped.length, alreadyIssued: result.alreadyIssued },
    });
    return result;
  });
}
