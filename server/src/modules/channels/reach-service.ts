import { and, eq } from 'drizzle-orm';
import type { ChannelReachBody, ChannelReachView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { channelReach } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { requireActiveChannel } from './service';

type ReachRow = typeof channelReach.$inferSelect;

function toReachView(row: ReachRow): ChannelReachView {
  const note = row.details.note;
  return {
    id: row.id,
    channelId: row.channelId,
    source: row.source as ChannelReachView['source'],
    quantity: row.quantity,
    occurredAt: row.occurredAt.toISOString(),
    note: typeof note === 'string' ? note : '',
  };
}

/** The start of a China-time day (UTC+8 all year). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * POST /api/admin/channels/:id/reach: reach the system cannot count itself (an official-account push to
 * 20,000 fans, a live stream's viewers). The Idempotency-Key makes a retried request one row: the same key
 * with the same content answers the stored row (isReplay), with other content 409 IDEMPOTENCY_KEY_REUSED.
 */
export async function addManualReach(
  sc: ServiceContext,
  channelId: number,
  key: string,
  body: ChannelReachBody,
): Promise<{ reach: ChannelReachView; isReplay: boolean }> {
  return inTransaction(sc, async (tx) => {
    await requireActiveChannel(tx, channelId);
    const dedupeKey = `manual:${channelId}:${key}`;
    const [row] = await tx.db
      .insert(channelReach)
      .values({
        channelId,
        source: 'manual',
        quantity: body.quantity,
        occurredAt: dayStart(body.date),
        details: { note: body.note, staffId: tx.staff?.id ?? null },
        dedupeKey,
      })
      .onConflictDoNothing({ target: channelReach.dedupeKey })
      .returning();
    if (!row) {
      const [earlier] = await tx.db
        .select()
        .from(channelReach)
        .where(and(eq(channelReach.dedupeKey, dedupeKey), eq(channelReach.channelId, channelId)));
      if (!earlier) throw new Error('reach dedupe key without its row');
      const isSame = earlier.quantity === body.quantity && earlier.occurredAt.getTime() === dayStart(body.date).getTime() && earlier.details.note === body.note;
      if (!isSame) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { reach: toReachView(earlier), isReplay: true };
    }
    const reach = toReachView(row);
    await recordAudit(tx, { action: 'channel.reach_add', targetType: 'channel', targetId: channelId, after: reach });
    return { reach, isReplay: false };
  });
}
