import { sanitizeDescription, toFen } from '@siyu/shared';
import type { Executor } from '../db/client';
import { categories, media, products, skus, skuTierPrices } from '../db/schema';
import { DEMO_CATALOG, type DemoProduct } from './demo-catalog';
import type { DemoImage } from './demo-images';
import { demoTagsOf } from './demo-tags';

export interface CatalogSeedCounts {
  categories: number;
  products: number;
  skus: number;
}

/** A valid EAN-13 from its first 12 digits (GS1 check digit: weights 1,3,1,3… from the left). */
export function ean13(first12: string): string {
  const sum = [...first12].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

async function insertCategory(db: Executor, name: string, parentId: number | null, sortOrder: number): Promise<number> {
  const [row] = await db.insert(categories).values({ name, parentId, sortOrder }).returning({ id: categories.id });
  if (!row) throw new Error('category insert returned nothing');
  return row.id;
}

/** The product's generated pictures as library rows (shared by every seed of the same files). */
async function insertImages(db: Executor, images: readonly DemoImage[]): Promise<void> {
  if (images.length === 0) return;
  await db
    .insert(media)
    .values(images.map(({ hash, format, width, height, bytes, originalName }) => ({ hash, format, width, height, bytes, originalName })))
    .onConflictDoNothing({ target: media.hash });
}

/** The markdown description, ending with the selling-points picture (the rich detail the shop renders). */
function richDescription(product: DemoProduct, images: readonly DemoImage[]): string {
  const detail = images[1];
  return sanitizeDescription([...product.description, ...(detail ? ['', `![${product.title}](${detail.url})`] : [])].join('\n'));
}

/** Inserts one demo product with its SKUs and tier prices; `price_from_fen` as the catalog service keeps it. */
async function insertProduct(
  db: Executor,
  categoryId: number,
  product: DemoProduct,
  images: readonly DemoImage[],
  sortOrder: number,
  serial: number,
): Promise<number> {
  await insertImages(db, images);
  const [row] = await db
    .insert(products)
    .values({
      categoryId,
      title: product.title,
      subtitle: product.subtitle,
      images: images.map((image) => image.url),
      description: richDescription(product, images),
      role: product.role,
      tags: demoTagsOf(product.slug),
      status: product.status ?? 'on_sale',
      sortOrder,
      salesCount: product.salesCount,
      priceFromFen: Math.min(...product.skus.map((sku) => sku.privatePriceFen)),
    })
    .returning({ id: products.id });
  if (!row) throw new Error('product insert returned nothing');
  for (const [index, sku] of product.skus.entries()) {
    const [skuRow] = await db
      .insert(skus)
      .values({
        productId: row.id,
        specs: sku.specs,
        publicPriceFen: toFen(sku.publicPriceFen),
        privatePriceFen: toFen(sku.privatePriceFen),
        costPriceFen: toFen(sku.costPriceFen),
        stock: sku.stock,
        purchaseLimit: sku.purchaseLimit ?? null,
        barcode: ean13(`697123${String(serial).padStart(4, '0')}${String(index + 1).padStart(2, '0')}`),
      })
      .returning({ id: skus.id });
    if (!skuRow) throw new Error('sku insert returned nothing');
    const tiers = Object.entries(sku.tierPrices ?? {}).map(([tierCode, priceFen]) => ({ skuId: skuRow.id, tierCode, priceFen: toFen(priceFen) }));
    if (tiers.length > 0) await db.insert(skuTierPrices).values(tiers);
  }
  return product.skus.length;
}

/**
 * Inserts the demo catalog (categories, products with their generated pictures, SKUs, tier prices).
 * Pure inserts: the caller runs it once, inside its transaction, on a database without a catalog;
 * `images` (by product slug) come from generateDemoImages, made before the transaction.
 */
export async function seedDemoCatalog(db: Executor, images: ReadonlyMap<string, readonly DemoImage[]>): Promise<CatalogSeedCounts> {
  const counts: CatalogSeedCounts = { categories: 0, products: 0, skus: 0 };
  for (const [topIndex, top] of DEMO_CATALOG.entries()) {
    const topId = await insertCategory(db, top.name, null, (topIndex + 1) * 10);
    counts.categories += 1;
    for (const [childIndex, child] of top.children.entries()) {
      const childId = await insertCategory(db, child.name, topId, (childIndex + 1) * 10);
      counts.categories += 1;
      for (const [productIndex, product] of child.products.entries()) {
        counts.products += 1;
        counts.skus += await insertProduct(db, childId, product, images.get(product.slug) ?? [], (productIndex + 1) * 10, counts.products);
      }
    }
  }
  return counts;
}
