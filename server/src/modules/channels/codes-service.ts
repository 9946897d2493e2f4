import { and, desc, eq, like, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChannelCodeBatchBody, ChannelCodeBatchView, ChannelCodeCreateBody, ChannelCodeView, channelCodeListQuerySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { channelCodeBatches, channelCodes, channelReach } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { escapeLike } from '../../lib/sql';
import { recordAudit } from '../audit';
import { findChannel, toBatchView, toChannelCodeView, type ChannelCodeRow } from './repo';
import { checkCustomScene, generatedScene } from './scenes';
import { requireActiveChannel } from './service';

/** Generated scenes that collide with stored ones are drawn again; more rounds than this is a broken generator. */
const GENERATION_ROUNDS = 5;
/** Rows per INSERT of a batch (10,000 codes × 6 columns stay far below PostgreSQL's 65,535 parameters). */
const INSERT_CHUNK = 1000;

/** POST /api/admin/channels/:id/codes: one code, generated (`c=` + 6 base62) or the custom scene given. */
export async function createChannelCode(sc: ServiceContext, channelId: number, body: ChannelCodeCreateBody): Promise<ChannelCodeView> {
  return inTransaction(sc, async (tx) => {
    const channel = await requireActiveChannel(tx, channelId);
    if (body.scene !== undefined) checkCustomScene(body.scene, channel.kind as Parameters<typeof checkCustomScene>[1]);
    let row: ChannelCodeRow | undefined;
    for (let round = 0; !row && round < GENERATION_ROUNDS; round += 1) {
      // ON CONFLICT DO NOTHING keeps the transaction usable when the scene exists (a unique violation would abort it).
      [row] = await tx.db
        .insert(channelCodes)
        .values({ channelId, scene: body.scene ?? generatedScene('single'), label: body.label, createdAt: tx.now })
        .onConflictDoNothing({ target: channelCodes.scene })
        .returning();
      if (!row && body.scene !== undefined) throw new AppError('CHANNEL_SCENE_TAKEN', undefined, { field: 'body.scene' });
    }
    if (!row) throw new Error('could not draw a free scene');
    const view = toChannelCodeView(row);
    await recordAudit(tx, { action: 'channel_code.create', targetType: 'channel_code', targetId: row.id, after: view });
    return view;
  });
}

/** Inserts the units' codes, drawing a new scene for every unit whose scene was taken; returns how many went in. */
async function insertUnitCodes(
  db: Executor,
  batchId: number,
  channelId: number,
  label: string,
  orderNos: readonly (string | null)[],
  now: Date,
): Promise<number> {
  let pending = orderNos.map((orderNo, index) => ({ unitIndex: index + 1, orderNo }));
  let inserted = 0;
  for (let round = 0; pending.length > 0; round += 1) {
    if (round >= GENERATION_ROUNDS) throw new Error('could not draw free scenes for a batch');
    const scenes = new Set<string>();
    const rows = pending.map((unit) => {
      let scene = generatedScene('unit');
      while (scenes.has(scene)) scene = generatedScene('unit');
      scenes.add(scene);
      return { channelId, batchId, unitIndex: unit.unitIndex, scene, label, marketplaceOrderNo: unit.orderNo, createdAt: now };
    });
    const done = new Set<number>();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const written = await db
        .insert(channelCodes)
        .values(rows.slice(start, start + INSERT_CHUNK))
        .onConflictDoNothing({ target: channelCodes.scene })
        .returning({ unitIndex: channelCodes.unitIndex });
      for (const unit of written) if (unit.unitIndex !== null) done.add(unit.unitIndex);
    }
    inserted += done.size;
    pending = pending.filter((unit) => !done.has(unit.unitIndex));
  }
  return inserted;
}

/**
 * POST /api/admin/channels/:id/code-batches: N per-unit codes (`c=` + 8 base62, unitIndex 1..N, each tied to
 * its marketplace order number when given), in ONE transaction. A package-card batch is also the channel's
 * reach: N cards printed (dedupeKey `batch:<id>`).
 */
export async function createCodeBatch(sc: ServiceContext, channelId: number, body: ChannelCodeBatchBody): Promise<ChannelCodeBatchView> {
  return inTransaction(sc, async (tx) => {
    const channel = await requireActiveChannel(tx, channelId);
    const [batch] = await tx.db
      .insert(channelCodeBatches)
      .values({ channelId, label: body.label, quantity: body.quantity, createdByStaffId: tx.staff?.id ?? null, createdAt: tx.now })
      .returning();
    if (!batch) throw new Error('batch insert returned nothing');
    const orderNos = body.marketplaceOrderNos ?? Array.from({ length: body.quantity }, () => null);
    const inserted = await insertUnitCodes(tx.db, batch.id, channelId, body.label, orderNos, tx.now);
    if (inserted !== body.quantity) throw new Error(`batch ${batch.id}: ${inserted} codes for ${body.quantity} units`);
    if (channel.kind === 'package_card') {
      await tx.db.insert(channelReach).values({
        channelId,
        source: 'code_batch',
        quantity: body.quantity,
        occurredAt: tx.now,
        details: { batchId: batch.id, label: body.label },
        dedupeKey: `batch:${batch.id}`,
      });
    }
    const view = toBatchView(batch);
    await recordAudit(tx, {
      action: 'channel_code_batch.create',
      targetType: 'channel_code_batch',
      targetId: batch.id,
      after: { ...view, hasMarketplaceOrderNos: body.marketplaceOrderNos !== undefined },
    });
    return view;
  });
}

/** GET /api/admin/channels/:id/code-batches: newest first. */
export async function listCodeBatches(sc: ServiceContext, channelId: number): Promise<ChannelCodeBatchView[]> {
  if (!(await findChannel(sc.db, channelId))) throw new AppError('CHANNEL_NOT_FOUND');
  const rows = await sc.db.select().from(channelCodeBatches).where(eq(channelCodeBatches.channelId, channelId)).orderBy(desc(channelCodeBatches.id));
  return rows.map(toBatchView);
}

/** A LIKE pattern matching what starts with `value`. */
const likePrefix = (value: string) => `${escapeLike(value)}%`;

/** GET /api/admin/channels/:id/codes: newest first, cursor-paged; `q` matches the start of a scene or an order number. */
export async function listChannelCodes(sc: ServiceContext, channelId: number, query: z.output<typeof channelCodeListQuerySchema>) {
  if (!(await findChannel(sc.db, channelId))) throw new AppError('CHANNEL_NOT_FOUND');
  const cursorId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const conditions: (SQL | undefined)[] = [eq(channelCodes.channelId, channelId)];
  if (query.q) conditions.push(or(like(channelCodes.scene, likePrefix(query.q)), like(channelCodes.marketplaceOrderNo, likePrefix(query.q))));
  if (query.status) conditions.push(eq(channelCodes.status, query.status));
  if (query.batchId !== undefined) conditions.push(eq(channelCodes.batchId, query.batchId));
  if (cursorId !== undefined) conditions.push(lt(channelCodes.id, cursorId));
  const rows = await sc.db
    .select()
    .from(channelCodes)
    .where(and(...conditions))
    .orderBy(desc(channelCodes.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toChannelCodeView), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/** POST /api/admin/channel-codes/:codeId/retire: kept (late scans resolve as retired_code); retiring twice changes nothing. */
export async function retireChannelCode(sc: ServiceContext, codeId: number): Promise<ChannelCodeView> {
  return inTransaction(sc, async (tx) => {
    const [retired] = await tx.db
      .update(channelCodes)
      .set({ status: 'retired', retiredAt: tx.now })
      .where(and(eq(channelCodes.id, codeId), eq(channelCodes.status, 'active')))
      .returning();
    if (retired) {
      const view = toChannelCodeView(retired);
      await recordAudit(tx, {
        action: 'channel_code.retire',
        targetType: 'channel_code',
        targetId: codeId,
        before: { status: 'active' },
        after: { status: 'retired' },
      });
      return view;
    }
    const [row] = await tx.db.select().from(channelCodes).where(eq(channelCodes.id, codeId));
    if (!row) throw new AppError('CHANNEL_CODE_NOT_FOUND');
    return toChannelCodeView(row);
  });
}
