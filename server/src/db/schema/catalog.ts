import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt, fen } from './columns';
import { members, staff } from './identity';

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'categories_parent_id_fk', columns: [t.parentId], foreignColumns: [t.id] }),
    uniqueIndex('categories_sibling_name_key').on(sql`coalesce(${t.parentId}, 0)`, t.name),
    index('categories_parent_idx').on(t.parentId),
  ],
);

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    title: text('title').notNull(),
    subtitle: text('subtitle').notNull().default(''),
    images: jsonb('images').$type<string[]>().notNull().default([]),
    description: text('description').notNull().default(''),
    /** Internal merchandising role (引流品 / 爆品 / 利润品): staff only, never in a shop response. */
    role: text('role').notNull(),
    /** Shopper-facing merchandising tags the merchant sets (新人价, 热卖 …): at most 3, each 1–6 characters. */
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    status: text('status').notNull().default('draft'),
    sortOrder: integer('sort_order').notNull().default(0),
    salesCount: integer('sales_count').notNull().default(0),
    /** Lowest private price among live SKUs, kept by the catalog service for price sorting. */
    priceFromFen: fen('price_from_fen'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('products_listing_idx').on(t.status, t.categoryId),
    check('products_role_check', sql`${t.role} in ('traffic','hero','profit')`),
    check('products_tags_check', sql`jsonb_typeof(${t.tags}) = 'array' and jsonb_array_length(${t.tags}) <= 3`),
    check('products_status_check', sql`${t.status} in ('draft','on_sale','off_sale')`),
  ],
);

export const skus = pgTable(
  'skus',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    specs: jsonb('specs').$type<Record<string, string>>().notNull(),
    publicPriceFen: fen('public_price_fen').notNull(),
    privatePriceFen: fen('private_price_fen').notNull(),
    costPriceFen: fen('cost_price_fen').notNull(),
    stock: integer('stock').notNull().default(0),
    purchaseLimit: integer('purchase_limit'),
    /** Exclusive SKU: visible and buyable only at or above this tier (null: everyone). */
    minTier: text('min_tier'),
    barcode: text('barcode'),
    /** SKUs are soft-deleted: orders keep pointing at them. */
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('skus_product_idx').on(t.productId),
    uniqueIndex('skus_barcode_key')
      .on(t.barcode)
      .where(sql`${t.barcode} is not null and ${t.deletedAt} is null`),
    check('skus_stock_check', sql`${t.stock} >= 0`),
    check(
      'skus_prices_check',
      sql`${t.publicPriceFen} >= 0 and ${t.privatePriceFen} >= 0 and ${t.costPriceFen} >= 0 and ${t.privatePriceFen} <= ${t.publicPriceFen}`,
    ),
  ],
);

export const skuTierPrices = pgTable(
  'sku_tier_prices',
  {
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    tierCode: text('tier_code').notNull(),
    priceFen: fen('price_fen').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.tierCode] }),
    check('sku_tier_prices_tier_check', sql`${t.tierCode} in ('bronze','silver','gold','platinum','diamond')`),
    check('sku_tier_prices_price_check', sql`${t.priceFen} >= 0`),
  ],
);

/** Append-only stock ledger: stock = initial + Σ delta, every change names its reason and actor. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    delta: integer('delta').notNull(),
    stockAfter: integer('stock_after').notNull(),
    reason: text('reason').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    /** Unique key of the source (e.g. an order line) so that a replay cannot move stock twice. */
    sourceKey: text('source_key'),
    createdAt: createdAt(),
  },
  (t) => [index('stock_movements_sku_idx').on(t.skuId, t.id), uniqueIndex('stock_movements_source_key').on(t.sourceKey)],
);

/** A member's server-side cart: one row per SKU; quantities are re-checked against stock and limits on every change. */
export const cartItems = pgTable(
  'cart_items',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    quantity: integer('quantity').notNull(),
    isSelected: boolean('is_selected').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cart_items_member_sku_key').on(t.memberId, t.skuId),
    check('cart_items_quantity_check', sql`${t.quantity} > 0 and ${t.quantity} <= 999`),
  ],
);
