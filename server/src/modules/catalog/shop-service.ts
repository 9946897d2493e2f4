import { eq } from 'drizzle-orm';
import { tierCodeSchema, type PricingMember, type ProductListQuery, type ShopProductDetail, type ShopProductSummary } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { shopProductPage } from './listing';
import { findProduct, liveSkusOf } from './repo';
import { toShopDetail, toShopSummary } from './views';

/** Who is shopping: a logged-in member prices at their tier; guests (and unknown ids) at the private price. */
export async function pricingMember(sc: ServiceContext): Promise<PricingMember> {
  if (sc.memberId === undefined) return null;
  const [row] = await sc.db.select({ tierCode: members.tierCode }).from(members).where(eq(members.id, sc.memberId));
  return row ? { tierCode: tierCodeSchema.parse(row.tierCode) } : null;
}

/** GET /api/products: on_sale products, priced for this shopper, one keyset page at a time. */
export async function listShopProducts(sc: ServiceContext, query: ProductListQuery): Promise<{ items: ShopProductSummary[]; nextCursor: string | null }> {
  const member = await pricingMember(sc);
  const { rows, nextCursor } = await shopProductPage(sc.db, query);
  const skus = await liveSkusOf(
    sc.db,
    rows.map((row) => row.id),
  );
  const items: ShopProductSummary[] = [];
  for (const row of rows) {
    const summary = toShopSummary(
      row,
      skus.filter((sku) => sku.productId === row.id),
      member,
    );
    if (summary) items.push(summary);
  }
  return { items, nextCursor };
}

/** GET /api/products/:id: an on_sale product with its SKUs; anything else is 404 PRODUCT_NOT_FOUND. */
export async function getShopProduct(sc: ServiceContext, id: number): Promise<ShopProductDetail> {
  const row = await findProduct(sc.db, id);
  if (!row || row.status !== 'on_sale') throw new AppError('PRODUCT_NOT_FOUND');
  const detail = toShopDetail(row, await liveSkusOf(sc.db, [id]), await pricingMember(sc));
  if (!detail) throw new AppError('PRODUCT_NOT_FOUND');
  return detail;
}
