import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  chinaDay,
  fenToYuanString,
  maskPhone,
  protectCell,
  serializeCsv,
  type Fen,
  type SegmentDefinition,
  type SegmentHistory,
  type SegmentMember,
  type SegmentPreview,
  type SegmentSnapshotView,
  type SegmentView,
} from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { segmentDailyCounts, segments, segmentSnapshots } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { compileSegment } from './compile';
import { countSegment, segmentMemberRows, withSegmentTimeout, type SegmentMemberRow } from './query';
import { validateSegmentReferences } from './validate';

type SegmentRow = typeof segments.$inferSelect;
type SnapshotRow = typeof segmentSnapshots.$inferSelect;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function segmentView(row: SegmentRow): SegmentView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition: row.definition as SegmentDefinition,
    status: row.status as SegmentView['status'],
    lastCount: row.lastCount,
    lastCountedAt: iso(row.lastCountedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function snapshotView(row: SnapshotRow): SegmentSnapshotView {
  return { id: row.id, segmentId: row.segmentId, name: row.name, memberCount: row.memberCount, createdAt: row.createdAt.toISOString() };
}

function memberOf(row: SegmentMemberRow, phoneCrypto: PhoneCrypto): SegmentMember {
  return {
    id: Number(row.id),
    nickname: row.nickname,
    avatarUrl: row.avatar_url,
    phoneMasked: row.phone_cipher ? maskPhone(phoneCrypto.decrypt(row.phone_cipher)) : null,
    tierCode: row.tier_code,
    lifecycle: row.lifecycle,
    rfmCell: row.rfm_cell,
    paidOrders: Number(row.paid_orders),
    netPaidFen: Number(row.net_paid_fen),
    lastPaidAt: iso(row.last_paid_at),
  };
}

async function totalMembers(db: Executor): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(db, sql`select count(*)::int as count from members`);
  return Number(row?.count ?? 0);
}

/** POST /api/admin/segments/preview. */
export async function previewSegment(sc: ServiceContext, definition: SegmentDefinition): Promise<SegmentPreview> {
  await validateSegmentReferences(sc.db, definition);
  const count = await countSegment(sc.db, definition, sc.now);
  return { count, totalMembers: await totalMembers(sc.db) };
}

/** A page of the members of a definition, by id. */
export async function segmentMembersPage(
  sc: ServiceContext,
  phoneCrypto: PhoneCrypto,
  definition: SegmentDefinition,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: SegmentMember[]; nextCursor: string | null }> {
  const afterId = page.cursor ? decodeCursor(page.cursor, ['id'])[0] : 0;
  const rows = await segmentMemberRows(sc.db, compileSegment(definition, sc.now), afterId, page.limit);
  const items = rows.slice(0, page.limit).map((row) => memberOf(row, phoneCrypto));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.id]) : null };
}

async function findSegment(db: Executor, id: number): Promise<SegmentRow> {
  const [row] = await db.select().from(segments).where(eq(segments.id, id));
  if (!row) throw new AppError('SEGMENT_NOT_FOUND');
  return row;
}

async function lockSegment(db: Executor, id: number): Promise<SegmentRow> {
  const [row] = await db.select().from(segments).where(eq(segments.id, id)).for('update');
  if (!row) throw new AppError('SEGMENT_NOT_FOUND');
  return row;
}

export async function listSegments(sc: ServiceContext): Promise<SegmentView[]> {
  const rows = await sc.db.select().from(segments).orderBy(asc(segments.status), desc(segments.id));
  return rows.map(segmentView);
}

export async function getSegment(sc: ServiceContext, id: number): Promise<SegmentView> {
  return segmentView(await findSegment(sc.db, id));
}

/** The definition of a segment (archived ones too unless `activeOnly`: their history and snapshots stay readable). */
export async function segmentDefinitionOf(db: Executor, id: number, options: { activeOnly?: boolean } = {}): Promise<SegmentDefinition> {
  const row = await findSegment(db, id);
  if (options.activeOnly && row.status !== 'active') throw new AppError('SEGMENT_NOT_FOUND');
  return row.definition as SegmentDefinition;
}

export async function createSegment(
  sc: ServiceContext,
  body: { name: string; description?: string | undefined; definition: SegmentDefinition },
): Promise<SegmentView> {
  await validateSegmentReferences(sc.db, body.definition);
  const count = await countSegment(sc.db, body.definition, sc.now);
  return inTransaction(sc, async (tx) => {
    const [row] = await tx.db
      .insert(segments)
      .values({
        name: body.name,
        description: body.description ?? '',
        definition: body.definition,
        lastCount: count,
        lastCountedAt: tx.now,
        createdBy: tx.staff?.id ?? null,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning();
    if (!row) throw new Error('segment insert returned nothing');
    const view = segmentView(row);
    await recordAudit(tx, { action: 'segment.create', targetType: 'segment', targetId: row.id, after: view });
    return view;
  });
}

export async function updateSegment(
  sc: ServiceContext,
  id: number,
  body: { name?: string | undefined; description?: string | undefined; definition?: SegmentDefinition | undefined },
): Promise<SegmentView> {
  if (body.definition) await validateSegmentReferences(sc.db, body.definition);
  const count = body.definition ? await countSegment(sc.db, body.definition, sc.now) : undefined;
  return inTransaction(sc, async (tx) => {
    const before = await lockSegment(tx.db, id);
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.definition !== undefined ? { definition: body.definition, lastCount: count ?? null, lastCountedAt: tx.now } : {}),
    };
    const [row] = await tx.db
      .update(segments)
      .set({ ...changes, updatedAt: tx.now })
      .where(eq(segments.id, id))
      .returning();
    if (!row) throw new AppError('SEGMENT_NOT_FOUND');
    const after = segmentView(row);
    await recordAudit(tx, { action: 'segment.update', targetType: 'segment', targetId: id, before: segmentView(before), after });
    return after;
  });
}

export async function archiveSegment(sc: ServiceContext, id: number): Promise<SegmentView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockSegment(tx.db, id);
    if (before.status === 'archived') return segmentView(before);
    const [row] = await tx.db.update(segments).set({ status: 'archived', updatedAt: tx.now }).where(eq(segments.id, id)).returning();
    if (!row) throw new AppError('SEGMENT_NOT_FOUND');
    await recordAudit(tx, { action: 'segment.archive', targetType: 'segment', targetId: id, before: { status: before.status }, after: { status: 'archived' } });
    return segmentView(row);
  });
}

/** GET /api/admin/segments/:id/members: evaluated now; the first page also refreshes lastCount. */
export async function savedSegmentMembers(sc: ServiceContext, phoneCrypto: PhoneCrypto, id: number, page: { cursor?: string | undefined; limit: number }) {
  const row = await findSegment(sc.db, id);
  const definition = row.definition as SegmentDefinition;
  if (!page.cursor) {
    const count = await countSegment(sc.db, definition, sc.now);
    await sc.db.update(segments).set({ lastCount: count, lastCountedAt: sc.now }).where(eq(segments.id, id));
  }
  return segmentMembersPage(sc, phoneCrypto, definition, page);
}

const CSV_HEAD = ['会员ID', '昵称', '手机号', '等级', '生命周期', 'RFM', '订单数', '累计消费(元)', '最近消费'];
const EXPORT_PAGE = 1000;

/** The CSV of a set of members (masked phones), read a page at a time. */
async function membersCsv(sc: ServiceContext, phoneCrypto: PhoneCrypto, where: ReturnType<typeof compileSegment>): Promise<string> {
  const records: string[][] = [CSV_HEAD];
  await withSegmentTimeout(sc.db, async (tx) => {
    for (let afterId = 0; ;) {
      const rows = await segmentMemberRows(tx, where, afterId, EXPORT_PAGE);
      for (const row of rows.slice(0, EXPORT_PAGE)) {
        const member = memberOf(row, phoneCrypto);
        records.push([
          String(member.id),
          protectCell(member.nickname),
          member.phoneMasked ?? '',
          member.tierCode,
          member.lifecycle,
          member.rfmCell ?? '',
          String(member.paidOrders),
          fenToYuanString(member.netPaidFen as Fen),
          member.lastPaidAt ?? '',
        ]);
      }
      if (rows.length <= EXPORT_PAGE) break;
      afterId = Number(rows[EXPORT_PAGE - 1]!.id);
    }
  });
  return serializeCsv(records, { bom: true });
}

export async function segmentCsv(sc: ServiceContext, phoneCrypto: PhoneCrypto, id: number): Promise<string> {
  const definition = await segmentDefinitionOf(sc.db, id);
  return membersCsv(sc, phoneCrypto, compileSegment(definition, sc.now));
}

export async function snapshotCsv(sc: ServiceContext, phoneCrypto: PhoneCrypto, snapshotId: number): Promise<string> {
  const [snapshot] = await sc.db.select({ id: segmentSnapshots.id }).from(segmentSnapshots).where(eq(segmentSnapshots.id, snapshotId));
  if (!snapshot) throw new AppError('SEGMENT_SNAPSHOT_NOT_FOUND');
  return membersCsv(sc, phoneCrypto, sql`exists (select 1 from segment_snapshot_members sm where sm.snapshot_id = ${snapshotId} and sm.member_id = m.id)`);
}

/** GET /api/admin/segments/:id/history: the recorded daily sizes, oldest first (last 365 days). */
export async function segmentHistory(sc: ServiceContext, id: number): Promise<SegmentHistory> {
  await findSegment(sc.db, id);
  const since = chinaDay(new Date(sc.now.getTime() - 365 * 86_400_000));
  const rows = await sc.db
    .select({ day: segmentDailyCounts.day, members: segmentDailyCounts.members })
    .from(segmentDailyCounts)
    .where(and(eq(segmentDailyCounts.segmentId, id), sql`${segmentDailyCounts.day} >= ${since}`))
    .orderBy(asc(segmentDailyCounts.day));
  return { points: rows };
}

/** POST /api/admin/segments/:id/snapshots: the members matching now, frozen in one insert … select. */
export async function createSnapshot(sc: ServiceContext, id: number, body: { name?: string | undefined }): Promise<SegmentSnapshotView> {
  return inTransaction(sc, async (tx) => {
    const segment = await lockSegment(tx.db, id);
    if (segment.status !== 'active') throw new AppError('SEGMENT_NOT_FOUND');
    const definition = segment.definition as SegmentDefinition;
    const [created] = await tx.db
      .insert(segmentSnapshots)
      .values({
        segmentId: id,
        name: body.name ?? `${segment.name} ${chinaDay(tx.now)}`,
        definition,
        memberCount: 0,
        createdBy: tx.staff?.id ?? null,
        createdAt: tx.now,
      })
      .returning();
    if (!created) throw new Error('snapshot insert returned nothing');
    const where = compileSegment(definition, tx.now);
    const count = await withSegmentTimeout(tx.db, async (inner) => {
      const rows = await queryRows<{ member_id: number }>(
        inner,
        sql`insert into segment_snapshot_members (snapshot_id, member_id)
          select ${created.id}, m.id from members m left join member_facts f on f.member_id = m.id where ${where}
          returning member_id`,
      );
      return rows.length;
    });
    const [row] = await tx.db.update(segmentSnapshots).set({ memberCount: count }).where(eq(segmentSnapshots.id, created.id)).returning();
    await tx.db.update(segments).set({ lastCount: count, lastCountedAt: tx.now }).where(eq(segments.id, id));
    const view = snapshotView(row ?? created);
    await recordAudit(tx, { action: 'segment.snapshot', targetType: 'segment', targetId: id, after: view });
    return view;
  });
}

export async function listSnapshots(sc: ServiceContext, id: number): Promise<SegmentSnapshotView[]> {
  await findSegment(sc.db, id);
  const rows = await sc.db.select().from(segmentSnapshots).where(eq(segmentSnapshots.segmentId, id)).orderBy(desc(segmentSnapshots.id));
  return rows.map(snapshotView);
}

/** The members of a snapshot, ascending; unknown → 404 SEGMENT_SNAPSHOT_NOT_FOUND. */
export async function snapshotMemberIds(db: Executor, snapshotId: number): Promise<number[]> {
  const [snapshot] = await db.select({ id: segmentSnapshots.id }).from(segmentSnapshots).where(eq(segmentSnapshots.id, snapshotId));
  if (!snapshot) throw new AppError('SEGMENT_SNAPSHOT_NOT_FOUND');
  const rows = await queryRows<{ member_id: number }>(
    db,
    sql`select member_id from segment_snapshot_members where snapshot_id = ${snapshotId} order by member_id`,
  );
  return rows.map((row) => Number(row.member_id));
}

/**
 * One row per active segment for the China day `day` (idempotent: a second run that day overwrites the
 * count), and each segment's lastCount. Counted as of `now` (the nightly rebuild's time).
 */
export async function recordSegmentCounts(db: Executor, day: string, now: Date = new Date()): Promise<number> {
  const rows = await db.select().from(segments).where(eq(segments.status, 'active')).orderBy(asc(segments.id));
  for (const row of rows) {
    const count = await countSegment(db, row.definition as SegmentDefinition, now, 60_000);
    await db
      .insert(segmentDailyCounts)
      .values({ segmentId: row.id, day, members: count })
      .onConflictDoUpdate({ target: [segmentDailyCounts.segmentId, segmentDailyCounts.day], set: { members: count } });
    await db.update(segments).set({ lastCount: count, lastCountedAt: now }).where(eq(segments.id, row.id));
  }
  return rows.length;
}
