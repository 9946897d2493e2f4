import { inArray } from 'drizzle-orm';
import type { ShopProductSummary } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { products } from '../../db/schema';
import { liveSkusOf } from './repo';
import { pricingMember } from './shop-service';
import { toShopSummary } from './views';

/**
 * The shop cards of these products, priced for the shopper in `sc` (favourites, recommendations).
 * Products not on sale (or with no live SKU) are absent from the map.
 */
export async function shopSummariesOf(sc: ServiceContext, productIds: readonly number[]): Promise<Map<number, ShopProductSummary>> {
  const summaries = new Map<number, ShopProductSummary>();
  if (productIds.length === 0) return summaries;
  const rows = await sc.db
    .select()
    .from(products)
    .where(inArray(products.id, [...productIds]));
  const member = await pricingMember(sc);
  const skus = await liveSkusOf(
    sc.db,
    rows.map((row) => row.id),
  );
  for (const row of rows) {
    if (row.status !== 'on_sale') continue;
    const summary = toShopSummary(
      row,
      skus.filter((sku) => sku.productId === row.id),
      member,
    );
    if (summary) summaries.set(row.id, summary);
  }
  return summaries;
}
