import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { channelPlan, type ChannelCodeBatchView, type ChannelCodeView, type ChannelKind, type ChannelStatus, type ChannelView } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { channelCodeBatches, channelCodes, channelReach, channels, staff } from '../../db/schema';

export type ChannelRow = typeof channels.$inferSelect;
export type ChannelCodeRow = typeof channelCodes.$inferSelect;

interface ChannelExtras {
  ownerName: string | null;
  codeCount: number;
  reachQuantity: number;
}

/** The API view of a channel: its inputs, the plan they give, and its extras. */
export function toChannelView(row: ChannelRow, extras: ChannelExtras): ChannelView {
  return {
    id: row.id,
    kind: row.kind as ChannelKind,
    name: row.name,
    status: row.status as ChannelStatus,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    ownerStaffId: row.ownerStaffId,
    ownerName: extras.ownerName,
    fixedCostFen: row.fixedCostFen,
    unitCostMilliFen: row.unitCostMilliFen,
    plannedReach: row.plannedReach,
    plannedConversionBp: row.plannedConversionBp,
    plannedOrdersPerMemberX100: row.plannedOrdersPerMemberX100,
    plannedAovFen: row.plannedAovFen,
    ...channelPlan(row),
    note: row.note,
    codeCount: extras.codeCount,
    reachQuantity: extras.reachQuantity,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toChannelCodeView(row: ChannelCodeRow): ChannelCodeView {
  return {
    id: row.id,
    channelId: row.channelId,
    scene: row.scene,
    label: row.label,
    status: row.status as ChannelCodeView['status'],
    batchId: row.batchId,
    unitIndex: row.unitIndex,
    marketplaceOrderNo: row.marketplaceOrderNo,
    wecomKind: row.wecomKind as ChannelCodeView['wecomKind'],
    wecomQrUrl: row.wecomQrUrl,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toBatchView(row: typeof channelCodeBatches.$inferSelect): ChannelCodeBatchView {
  return {
    id: row.id,
    channelId: row.channelId,
    label: row.label,
    quantity: row.quantity,
    createdByStaffId: row.createdByStaffId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Channels as views, with their owners' names, code counts and reach, in the order of `rows`. */
export async function channelViews(db: Executor, rows: readonly ChannelRow[]): Promise<ChannelView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const ownerIds = [...new Set(rows.flatMap((row) => (row.ownerStaffId === null ? [] : [row.ownerStaffId])))];
  const [owners, codeCounts, reach] = await Promise.all([
    ownerIds.length === 0 ? [] : db.select({ id: staff.id, name: staff.displayName }).from(staff).where(inArray(staff.id, ownerIds)),
    db
      .select({ channelId: channelCodes.channelId, n: sql<number>`count(*)::int` })
      .from(channelCodes)
      .where(inArray(channelCodes.channelId, ids))
      .groupBy(channelCodes.channelId),
    db
      .select({ channelId: channelReach.channelId, n: sql<number>`coalesce(sum(${channelReach.quantity}), 0)::bigint` })
      .from(channelReach)
      .where(inArray(channelReach.channelId, ids))
      .groupBy(channelReach.channelId),
  ]);
  const ownerName = new Map(owners.map((owner) => [owner.id, owner.name]));
  const codeCount = new Map(codeCounts.map((count) => [count.channelId, Number(count.n)]));
  const reachQuantity = new Map(reach.map((sum) => [sum.channelId, Number(sum.n)]));
  return rows.map((row) =>
    toChannelView(row, {
      ownerName: row.ownerStaffId === null ? null : (ownerName.get(row.ownerStaffId) ?? null),
      codeCount: codeCount.get(row.id) ?? 0,
      reachQuantity: reachQuantity.get(row.id) ?? 0,
    }),
  );
}

/** Every channel matching the filters, newest first. */
export async function listChannelRows(db: Executor, filter: { kind?: string; status?: string }): Promise<ChannelRow[]> {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(channels.kind, filter.kind));
  if (filter.status) conditions.push(eq(channels.status, filter.status));
  return db
    .select()
    .from(channels)
    .where(and(...conditions))
    .orderBy(desc(channels.id));
}

export async function findChannel(db: Executor, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row;
}

/**
 * The channel row locked: `update` for a change of the channel itself, `share` for a write under it
 * (codes, reach, imports), so those run side by side while an archive waits for them to end.
 */
export async function lockChannel(db: Executor, id: number, mode: 'update' | 'share'): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id)).for(mode);
  return row;
}

/** True when `staffId` names an enabled staff account. */
export async function isActiveStaff(db: Executor, staffId: number): Promise<boolean> {
  const [row] = await db.select({ isDisabled: staff.isDisabled }).from(staff).where(eq(staff.id, staffId));
  return row !== undefined && !row.isDisabled;
}
