// Response shapes built from rows: the one place that decides what staff and shoppers each get to see.
import {
  TIER_CODES,
  productRoleSchema,
  productStatusSchema,
  resolveSkuPrice,
  type AdminProduct,
  type AdminSku,
  type Category,
  type PricingMember,
  type ResolvedSkuPrice,
  type ShopProductDetail,
  type ShopProductSummary,
} from '@siyu/shared';
import type { CategoryRow } from './category-repo';
import type { ProductRow, SkuRecord } from './repo';

export interface CategoryTreeNode extends Category {
  children: Category[];
}

export function toCategory(row: CategoryRow): Category {
  return { id: row.id, name: row.name, parentId: row.parentId, sortOrder: row.sortOrder };
}

/** Top-level categories with their children; rows come in display order and keep it. */
export function buildCategoryTree(rows: readonly CategoryRow[]): CategoryTreeNode[] {
  const roots = rows.filter((row) => row.parentId === null).map((row) => ({ ...toCategory(row), children: [] as Category[] }));
  const byId = new Map(roots.map((root) => [root.id, root]));
  for (const row of rows) {
    if (row.parentId !== null) byId.get(row.parentId)?.children.push(toCategory(row));
  }
  return roots;
}

export function toAdminSku(sku: SkuRecord): AdminSku {
  return {
    id: sku.id,
    productId: sku.productId,
    specs: sku.specs,
    publicPriceFen: sku.publicPriceFen,
    privatePriceFen: sku.privatePriceFen,
    costPriceFen: sku.costPriceFen,
    tierPrices: sku.tierPrices,
    stock: sku.stock,
    purchaseLimit: sku.purchaseLimit,
    barcode: sku.barcode,
    minTier: sku.minTier,
  };
}

/** A product's own fields as staff see them (what its audit rows record). */
export function toProductFields(row: ProductRow): Omit<AdminProduct, 'skus'> {
  return {
    id: row.id,
    categoryId: row.categoryId,
    title: row.title,
    subtitle: row.subtitle,
    images: row.images,
    description: row.description,
    role: productRoleSchema.parse(row.role),
    tags: row.tags,
    status: productStatusSchema.parse(row.status),
    sortOrder: row.sortOrder,
    salesCount: row.salesCount,
    priceFromFen: row.priceFromFen,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAdminProduct(row: ProductRow, skus: readonly SkuRecord[]): AdminProduct {
  return { ...toProductFields(row), skus: skus.map(toAdminSku) };
}

/** The SKU a shopper pays least for (first by id on a tie), with its resolved price. */
function cheapestFor(skus: readonly SkuRecord[], member: PricingMember): ResolvedSkuPrice | null {
  let best: ResolvedSkuPrice | null = null;
  for (const sku of skus) {
    const price = resolveSkuPrice(sku, member);
    if (!best || price.unitPriceFen < best.unitPriceFen) best = price;
  }
  return best;
}

/** A shopper's card of a product; null when it has no live SKU to sell. */
/** Exclusive SKUs are visible only to members at or above their tier (guests see none of them). */
export function visibleSkus(skus: readonly SkuRecord[], member: PricingMember): SkuRecord[] {
  const rank = member ? TIER_CODES.indexOf(member.tierCode) : -1;
  return skus.filter((sku) => sku.minTier === null || rank >= TIER_CODES.indexOf(sku.minTier));
}

export function toShopSummary(row: ProductRow, allSkus: readonly SkuRecord[], member: PricingMember): ShopProductSummary | null {
  const skus = visibleSkus(allSkus, member);
  const cheapest = cheapestFor(skus, member);
  if (!cheapest) return null;
  return {
    id: row.id,
    categoryId: row.categoryId,
    title: row.title,
    subtitle: row.subtitle,
    image: row.images[0] ?? null,
    tags: row.tags,
    priceFen: cheapest.unitPriceFen,
    publicPriceFen: cheapest.publicPriceFen,
    savingFen: cheapest.savingFen,
    salesCount: row.salesCount,
    isSoldOut: skus.every((sku) => sku.stock === 0),
  };
}

/** Spec names and their values in first-seen order over the SKUs (id order), for the spec picker. */
export function specOptionsOf(skus: readonly SkuRecord[]): ShopProductDetail['specOptions'] {
  const options = new Map<string, string[]>();
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specs)) {
      const values = options.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      options.set(name, values);
    }
  }
  return [...options].map(([name, values]) => ({ name, values }));
}

/** A shopper's product page: resolved prices per SKU, never the cost price. */
export function toShopDetail(row: ProductRow, allSkus: readonly SkuRecord[], member: PricingMember): ShopProductDetail | null {
  const skus = visibleSkus(allSkus, member);
  const summary = toShopSummary(row, skus, member);
  if (!summary) return null;
  return {
    ...summary,
    images: row.images,
    description: row.description,
    specOptions: specOptionsOf(skus),
    skus: skus.map((sku) => {
      const price = resolveSkuPrice(sku, member);
      return {
        id: sku.id,
        specs: sku.specs,
        publicPriceFen: price.publicPriceFen,
        priceFen: price.unitPriceFen,
        priceSource: price.source,
        savingFen: price.savingFen,
        stock: sku.stock,
        isSoldOut: sku.stock === 0,
        purchaseLimit: sku.purchaseLimit,
        minTier: sku.minTier,
      };
    }),
  };
}
