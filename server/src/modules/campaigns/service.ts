import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { inTransaction, type ServiceContext } from '../../context';
import { campaigns, couponTemplates, experiments, segments } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { sendContentIssues } from '../journeys';
import { loadMessagingSettings } from '../messaging';
import { newSalt } from './enqueue';
import type { CampaignBody } from './schemas';

type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignView {
  id: number;
  name: string;
  kind: string;
  segmentId: number | null;
  purpose: string;
  content: unknown;
  variantB: unknown;
  couponId: number | null;
  couponIdB: number | null;
  scheduledAt: string;
  status: string;
  experimentId: number | null;
  enqueued: number;
  createdAt: string;
}

export function campaignView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    segmentId: row.segmentId,
    purpose: row.purpose,
    content: row.content,
    variantB: row.variantB,
    couponId: row.couponId,
    couponIdB: row.couponIdB,
    scheduledAt: row.scheduledAt.toISOString(),
    status: row.status,
    experimentId: row.experimentId,
    enqueued: row.enqueued,
    createdAt: row.createdAt.toISOString(),
  };
}

const PAGE = 50;

export async function listCampaigns(sc: ServiceContext, query: { status?: string | undefined; cursor?: string | undefined }) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(campaigns.status, query.status));
  if (query.cursor) conditions.push(lt(campaigns.id, Number(query.cursor)));
  const rows = await sc.db
    .select()
    .from(campaigns)
    .where(and(...conditions))
    .orderBy(desc(campaigns.id))
    .limit(PAGE + 1);
  const page = rows.slice(0, PAGE);
  return { items: page.map(campaignView), nextCursor: rows.length > PAGE ? String(page[page.length - 1]!.id) : null };
}

async function findCampaign(sc: ServiceContext, id: number): Promise<CampaignRow> {
  const [row] = await sc.db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw new AppError('CAMPAIGN_NOT_FOUND');
  return row;
}

/** The campaign with its intents counted by status (`counts`), the holdout size and (coupon drops) the coupons granted. */
export async function getCampaign(sc: ServiceContext, id: number) {
  const row = await findCampaign(sc, id);
  const byStatus = await queryRows<{ status: string; count: number | string }>(
    sc.db,
    sql`select status, count(*)::int as count from message_intents where campaign_id = ${id} group by status order by status`,
  );
  const [holdout] = row.experimentId
    ? await queryRows<{ count: number | string }>(
        sc.db,
        sql`select count(*)::int as count from experiment_assignments where experiment_id = ${row.experimentId} and arm = 'holdout'`,
      )
    : [];
  const [coupons] =
    row.kind === 'coupon_drop'
      ? await queryRows<{ count: number | string }>(sc.db, sql`select count(*)::int as count from member_coupons where source_key like ${`campaign:${id}:%`}`)
      : [];
  const intents: Record<string, number> = {};
  for (const entry of byStatus) intents[entry.status] = Number(entry.count);
  return { ...campaignView(row), counts: intents, holdout: Number(holdout?.count ?? 0), couponsGranted: Number(coupons?.count ?? 0) };
}

/** POST /api/admin/campaigns: checks the segment and coupon, creates the experiment when asked; audited. */
export async function createCampaign(sc: ServiceContext, body: CampaignBody): Promise<CampaignView> {
  return inTransaction(sc, async (tx) => {
    if (body.segmentId !== null) {
      const [segment] = await tx.db.select({ status: segments.status }).from(segments).where(eq(segments.id, body.segmentId));
      if (!segment || segment.status !== 'active') throw new AppError('SEGMENT_NOT_FOUND');
    }
    // The message's template and values are checked as a journey's send step is at publish: refused now, not skipped per member at send.
    const issues = [
      ...(body.content
        ? await sendContentIssues(tx.db, body.content, { purpose: body.purpose, path: 'content', label: body.variantB ? 'A 版本' : '消息' })
        : []),
      ...(body.variantB ? await sendContentIssues(tx.db, body.variantB, { purpose: body.purpose, path: 'variantB', label: 'B 版本' }) : []),
    ];
    if (issues.length > 0) throw new AppError('CAMPAIGN_INVALID', issues.map((issue) => issue.message).join('；'), issues);
    if (body.kind === 'coupon_drop') {
      for (const couponId of [body.couponId!, ...(body.couponIdB ? [body.couponIdB] : [])]) {
        const [template] = await tx.db.select({ status: couponTemplates.status }).from(couponTemplates).where(eq(couponTemplates.id, couponId));
        if (!template) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
        if (template.status !== 'active') throw new AppError('COUPON_STOPPED');
      }
    }
    const [row] = await tx.db
      .insert(campaigns)
      .values({
        name: body.name,
        kind: body.kind,
        segmentId: body.segmentId,
        purpose: body.purpose,
        content: body.content ?? null,
        variantB: body.variantB ?? null,
        couponId: body.kind === 'coupon_drop' ? body.couponId! : null,
        couponIdB: body.kind === 'coupon_drop' ? (body.couponIdB ?? null) : null,
        scheduledAt: new Date(body.scheduledAt),
        status: 'scheduled',
        createdBy: tx.staff?.id ?? null,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning();
    let created = row!;
    if (body.experiment) {
      const [experiment] = await tx.db
        .insert(experiments)
        .values({
          name: body.name,
          kind: 'campaign',
          campaignId: created.id,
          salt: newSalt(),
          holdoutBp: body.experiment.holdoutBp ?? (await loadMessagingSettings(tx.db)).holdoutBp,
          // A B arm exists only when something differs for it: the copy (variantB) or the lure (couponIdB).
          splitBp: body.variantB || body.couponIdB ? body.experiment.splitBp : 0,
          conversionDays: body.experiment.conversionDays,
          startedAt: new Date(body.scheduledAt),
          createdAt: tx.now,
        })
        .returning({ id: experiments.id });
      const [updated] = await tx.db.update(campaigns).set({ experimentId: experiment!.id }).where(eq(campaigns.id, created.id)).returning();
      created = updated!;
    }
    await recordAudit(tx, { action: 'campaign.create', targetType: 'campaign', targetId: created.id, after: campaignView(created) });
    return campaignView(created);
  });
}

/** POST /api/admin/campaigns/:id/cancel: only before the enqueue starts (409 CAMPAIGN_NOT_CANCELLABLE after). */
export async function cancelCampaign(sc: ServiceContext, id: number): Promise<CampaignView> {
  return inTransaction(sc, async (tx) => {
    await findCampaign(tx, id);
    const [row] = await tx.db
      .update(campaigns)
      .set({ status: 'cancelled', updatedAt: tx.now })
      .where(and(eq(campaigns.id, id), sql`${campaigns.status} in ('draft', 'scheduled')`))
      .returning();
    if (!row) throw new AppError('CAMPAIGN_NOT_CANCELLABLE');
    if (row.experimentId) await tx.db.update(experiments).set({ endedAt: tx.now }).where(eq(experiments.id, row.experimentId));
    await recordAudit(tx, { action: 'campaign.cancel', targetType: 'campaign', targetId: id, after: { status: 'cancelled' } });
    return campaignView(row);
  });
}
