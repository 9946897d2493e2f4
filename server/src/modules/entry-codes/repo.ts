import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { channelCodeBatches, channelCodeImages, channelCodes, channels, smsLinkRecipients, smsLinks } from '../../db/schema';

export type CodeRow = typeof channelCodes.$inferSelect;
export type BatchRow = typeof channelCodeBatches.$inferSelect;

/** A code with its channel's name, kind and status. */
export async function findCode(db: Executor, codeId: number) {
  const [row] = await db
    .select({ code: channelCodes, channel: { id: channels.id, name: channels.name, kind: channels.kind, status: channels.status } })
    .from(channelCodes)
    .innerJoin(channels, eq(channels.id, channelCodes.channelId))
    .where(eq(channelCodes.id, codeId));
  return row ?? null;
}

/** A batch with its channel's name. */
export async function findBatch(db: Executor, batchId: number) {
  const [row] = await db
    .select({ batch: channelCodeBatches, channelName: channels.name })
    .from(channelCodeBatches)
    .innerJoin(channels, eq(channels.id, channelCodeBatches.channelId))
    .where(eq(channelCodeBatches.id, batchId));
  return row ?? null;
}

export async function findChannel(db: Executor, channelId: number) {
  const [row] = await db.select({ id: channels.id, status: channels.status }).from(channels).where(eq(channels.id, channelId));
  return row ?? null;
}

/** A page of a batch's codes in unit order, after `afterUnit`. */
export async function batchCodesPage(db: Executor, batchId: number, afterUnit: number, limit: number): Promise<CodeRow[]> {
  return db
    .select()
    .from(channelCodes)
    .where(and(eq(channelCodes.batchId, batchId), gt(channelCodes.unitIndex, afterUnit)))
    .orderBy(asc(channelCodes.unitIndex), asc(channelCodes.id))
    .limit(limit);
}

/** The cached PNGs of these scenes. */
export async function cachedImages(db: Executor, scenes: string[]): Promise<Map<string, Buffer>> {
  if (scenes.length === 0) return new Map();
  const rows = await db
    .select({ scene: channelCodeImages.scene, png: channelCodeImages.png })
    .from(channelCodeImages)
    .where(inArray(channelCodeImages.scene, scenes));
  return new Map(rows.map((row) => [row.scene, row.png]));
}

/** Keeps a scene's PNG; a concurrent download that stored it first wins (both drew the same code). */
export async function storeImage(db: Executor, scene: string, width: number, png: Buffer): Promise<void> {
  await db.insert(channelCodeImages).values({ scene, width, png }).onConflictDoNothing();
}

export async function insertSmsLink(db: Executor, values: typeof smsLinks.$inferInsert) {
  const [row] = await db.insert(smsLinks).values(values).returning();
  if (!row) throw new Error('sms link insert returned nothing');
  return row;
}

/** Inserts recipient tokens; returns the tokens that went in (a token taken already is left out). */
export async function insertRecipients(db: Executor, rows: { token: string; smsLinkId: number; phoneHash: string; createdAt: Date }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.insert(smsLinkRecipients).values(rows).onConflictDoNothing().returning({ token: smsLinkRecipients.token });
  return new Set(inserted.map((row) => row.token));
}
