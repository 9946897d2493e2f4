import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ShippingFeeRule, ShippingRegionRule } from '@siyu/shared';
import { products, skus } from './catalog';
import { createdAt, updatedAt } from './columns';

// Shipping templates (运费模板): fee rules by province, validated by the shared template schema
// (shared/src/shipping) before they are written. Owned by the shipping module.

/** A template; at most one is the store's default (partial unique index). */
export const shippingTemplates = pgTable(
  'shipping_templates',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    basis: text('basis').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    defaultRule: jsonb('default_rule').$type<ShippingFeeRule>().notNull(),
    regionRules: jsonb('region_rules').$type<ShippingRegionRule[]>().notNull().default([]),
    undeliverableProvinceCodes: jsonb('undeliverable_province_codes').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('shipping_templates_basis_check', sql`${t.basis} in ('piece','weight')`),
    uniqueIndex('shipping_templates_one_default')
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
  ],
);

/** A product's own template (products without a row use the default template). */
export const productShipping = pgTable('product_shipping', {
  productId: integer('product_id')
    .primaryKey()
    .references(() => products.id),
  templateId: integer('template_id')
    .notNull()
    .references(() => shippingTemplates.id),
});

/** A SKU's shipping weight in grams, for templates that charge by weight (no row: 0 g). */
export const skuShippingWeights = pgTable(
  'sku_shipping_weights',
  {
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    weightGrams: integer('weight_grams').notNull(),
  },
  (t) => [primaryKey({ columns: [t.skuId] }), check('sku_shipping_weights_grams_check', sql`${t.weightGrams} between 0 and 1000000`)],
);
