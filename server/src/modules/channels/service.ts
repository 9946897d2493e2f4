import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChannelCreateBody, ChannelPatchBody, ChannelView, channelListQuerySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { channels } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { channelViews, findChannel, isActiveStaff, listChannelRows, lockChannel, type ChannelRow } from './repo';

async function viewOf(sc: ServiceContext, row: ChannelRow): Promise<ChannelView> {
  const [view] = await channelViews(sc.db, [row]);
  if (!view) throw new Error('channel view missing');
  return view;
}

/** The period and the owner of a channel as it will be stored: startsOn ≤ endsOn, an enabled staff owner. */
async function checkChannel(sc: ServiceContext, channel: Pick<ChannelRow, 'startsOn' | 'endsOn' | 'ownerStaffId'>, isOwnerChanged: boolean): Promise<void> {
  if (channel.startsOn !== null && channel.endsOn !== null && channel.startsOn > channel.endsOn) {
    throw new AppError('CHANNEL_PERIOD_INVALID', undefined, { field: 'body.endsOn' });
  }
  if (isOwnerChanged && channel.ownerStaffId !== null && !(await isActiveStaff(sc.db, channel.ownerStaffId))) {
    throw new AppError('CHANNEL_OWNER_INVALID', undefined, { field: 'body.ownerStaffId' });
  }
}

/** GET /api/admin/channels. */
export async function listChannels(sc: ServiceContext, query: z.output<typeof channelListQuerySchema>): Promise<ChannelView[]> {
  return channelViews(sc.db, await listChannelRows(sc.db, query));
}

/** GET /api/admin/channels/:id. */
export async function getChannel(sc: ServiceContext, id: number): Promise<ChannelView> {
  const row = await findChannel(sc.db, id);
  if (!row) throw new AppError('CHANNEL_NOT_FOUND');
  return viewOf(sc, row);
}

/** POST /api/admin/channels. */
export async function createChannel(sc: ServiceContext, body: ChannelCreateBody): Promise<ChannelView> {
  return inTransaction(sc, async (tx) => {
    await checkChannel(tx, body, true);
    const [row] = await tx.db
      .insert(channels)
      .values({ ...body, createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('channel insert returned nothing');
    const view = await viewOf(tx, row);
    await recordAudit(tx, { action: 'channel.create', targetType: 'channel', targetId: row.id, after: view });
    return view;
  });
}

/** PATCH /api/admin/channels/:id: the given fields; an archived channel can still be corrected. */
export async function updateChannel(sc: ServiceContext, id: number, body: ChannelPatchBody): Promise<ChannelView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockChannel(tx.db, id, 'update');
    if (!before) throw new AppError('CHANNEL_NOT_FOUND');
    await checkChannel(tx, { ...before, ...body }, body.ownerStaffId !== undefined && body.ownerStaffId !== before.ownerStaffId);
    const [row] = await tx.db
      .update(channels)
      .set({ ...body, updatedAt: tx.now })
      .where(eq(channels.id, id))
      .returning();
    if (!row) throw new AppError('CHANNEL_NOT_FOUND');
    const after = await viewOf(tx, row);
    await recordAudit(tx, { action: 'channel.update', targetType: 'channel', targetId: id, before: await viewOf(tx, before), after });
    return after;
  });
}

/** POST /api/admin/channels/:id/archive: stops new codes and reach; its codes still resolve and its history stays. */
export async function archiveChannel(sc: ServiceContext, id: number): Promise<ChannelView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockChannel(tx.db, id, 'update');
    if (!before) throw new AppError('CHANNEL_NOT_FOUND');
    if (before.status === 'archived') return viewOf(tx, before);
    const [row] = await tx.db.update(channels).set({ status: 'archived', updatedAt: tx.now }).where(eq(channels.id, id)).returning();
    if (!row) throw new AppError('CHANNEL_NOT_FOUND');
    await recordAudit(tx, { action: 'channel.archive', targetType: 'channel', targetId: id, before: { status: before.status }, after: { status: 'archived' } });
    return viewOf(tx, row);
  });
}

/** The channel, locked shared, for a write under it (a code, a batch, reach, an import); archived → 409. */
export async function requireActiveChannel(tx: ServiceContext, id: number): Promise<ChannelRow> {
  const row = await lockChannel(tx.db, id, 'share');
  if (!row) throw new AppError('CHANNEL_NOT_FOUND');
  if (row.status !== 'active') throw new AppError('CHANNEL_ARCHIVED');
  return row;
}
