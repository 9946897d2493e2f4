import { desc, eq, like, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { MediaFormat, MediaItem, mediaListQuerySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { media, products } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { buildMediaFiles, mediaFileName, mediaUrl, probeImage } from './images';
import type { UploadedFile } from './multipart';
import type { MediaStorage } from './storage';

type MediaRow = typeof media.$inferSelect;

/** The API view of a row: the original's URL (what products store) and its variants'. */
export function toMediaItem(row: MediaRow): MediaItem {
  const format = row.format as MediaFormat;
  return {
    id: row.id,
    url: mediaUrl(mediaFileName(row.hash, format)),
    webpUrl: mediaUrl(mediaFileName(row.hash, format, 'w')),
    thumbUrl: mediaUrl(mediaFileName(row.hash, format, 't')),
    format,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    originalName: row.originalName,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Adds an image to the library (the same bytes twice give the same item). The type is decided by the
 * content; variants are made before the transaction, and written inside it after the row is claimed,
 * so a concurrent delete of the same image cannot remove the files of the row that survives.
 */
export async function addImage(sc: ServiceContext, storage: MediaStorage, file: UploadedFile): Promise<MediaItem> {
  const image = await probeImage(file.bytes);
  const files = await buildMediaFiles(file.bytes, image);
  return inTransaction(sc, async (tx) => {
    const [inserted] = await tx.db
      .insert(media)
      .values({ ...image, bytes: file.bytes.length, originalName: file.originalName, createdBy: tx.staff?.id ?? null, createdAt: tx.now })
      .onConflictDoNothing({ target: media.hash })
      .returning();
    const row = inserted ?? (await tx.db.select().from(media).where(eq(media.hash, image.hash)))[0];
    if (!row) throw new Error('media row vanished after its insert conflicted');
    for (const part of files) await storage.put(part.name, part.bytes);
    if (inserted && tx.staff) {
      await recordAudit(tx, { action: 'media.upload', targetType: 'media', targetId: row.id, after: { originalName: row.originalName, bytes: row.bytes } });
    }
    return toMediaItem(row);
  });
}

/** GET /api/admin/media: newest first, keyset-paginated by id. */
export async function listImages(sc: ServiceContext, query: z.output<typeof mediaListQuerySchema>) {
  const rows = await sc.db
    .select()
    .from(media)
    .where(query.cursor ? lt(media.id, decodeCursor(query.cursor, ['id'])[0]) : undefined)
    .orderBy(desc(media.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toMediaItem), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/**
 * DELETE /api/admin/media/:id. Refused (MEDIA_IN_USE) while a product shows it or its description
 * links it; the row goes and its files with it, in the transaction that holds the row.
 */
export async function deleteImage(sc: ServiceContext, storage: MediaStorage, id: number): Promise<void> {
  requireStaffActor(sc);
  await inTransaction(sc, async (tx) => {
    const [row] = await tx.db.select().from(media).where(eq(media.id, id)).for('update');
    if (!row) throw new AppError('MEDIA_NOT_FOUND');
    const item = toMediaItem(row);
    const users = await tx.db
      .select({ id: products.id, title: products.title })
      .from(products)
      .where(or(sql`${products.images} @> ${JSON.stringify([item.url])}::jsonb`, like(products.description, `%${row.hash}%`)))
      .limit(5);
    if (users.length > 0) throw new AppError('MEDIA_IN_USE', undefined, { products: users });
    await tx.db.delete(media).where(eq(media.id, id));
    await recordAudit(tx, { action: 'media.delete', targetType: 'media', targetId: id, before: { originalName: row.originalName, url: item.url } });
    const format = row.format as MediaFormat;
    for (const name of [mediaFileName(row.hash, format), mediaFileName(row.hash, format, 'w'), mediaFileName(row.hash, format, 't')]) {
      await storage.remove(name);
    }
  });
}
