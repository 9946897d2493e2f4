import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { media, products } from '../db/schema';
import { localMediaStorage } from '../modules/media';
import { generateDemoImages } from './demo-images';

/** Where demo data seeded before the media library pointed its pictures (a host that does not exist). */
const OLD_DEMO_PICTURE = /^https:\/\/img\.siyu\.example\/products\/(.+)-\d+\.jpg$/;

/**
 * A database seeded before the media library shows pictures from a host that does not exist: give
 * those demo products their generated pictures (by the slug in the old URL). A no-op once done, and on
 * any database whose products never had such URLs. Answers how many products it updated.
 */
export async function upgradeDemoPictures(db: Db, mediaDir: string): Promise<number> {
  const stale = await db
    .select({ id: products.id, images: products.images, description: products.description })
    .from(products)
    .where(sql`${products.images}::text like '%img.siyu.example%'`);
  if (stale.length === 0) return 0;
  const images = await generateDemoImages(localMediaStorage(mediaDir), path.join(mediaDir, 'generated'));
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const product of stale) {
      const slug = OLD_DEMO_PICTURE.exec(product.images[0] ?? '')?.[1];
      const pictures = slug ? images.get(slug) : undefined;
      if (!pictures) continue;
      await tx
        .insert(media)
        .values(pictures.map(({ hash, format, width, height, bytes, originalName }) => ({ hash, format, width, height, bytes, originalName })))
        .onConflictDoNothing({ target: media.hash });
      const detail = pictures[1] ? `\n\n![详情图](${pictures[1].url})` : '';
      await tx
        .update(products)
        .set({ images: pictures.map((picture) => picture.url), description: `${product.description}${detail}` })
        .where(eq(products.id, product.id));
      updated += 1;
    }
  });
  return updated;
}
