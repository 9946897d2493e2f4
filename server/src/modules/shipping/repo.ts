import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { ShippingTemplate } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { productShipping, shippingTemplates, skuShippingWeights } from '../../db/schema';

export type ShippingTemplateRow = typeof shippingTemplates.$inferSelect;

/** The API view of a stored template. */
export function toShippingTemplate(row: ShippingTemplateRow, productCount?: number): ShippingTemplate {
  return {
    id: row.id,
    name: row.name,
    basis: row.basis as ShippingTemplate['basis'],
    isDefault: row.isDefault,
    defaultRule: row.defaultRule,
    regionRules: row.regionRules,
    undeliverableProvinceCodes: row.undeliverableProvinceCodes,
    ...(productCount === undefined ? {} : { productCount }),
  };
}

/** Every template, the default first, then by id. */
export async function listTemplateRows(db: Executor): Promise<ShippingTemplateRow[]> {
  return db
    .select()
    .from(shippingTemplates)
    .orderBy(sql`${shippingTemplates.isDefault} desc`, asc(shippingTemplates.id));
}

/** How many products name each template. */
export async function productCounts(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .select({ templateId: productShipping.templateId, count: sql<number>`count(*)::int` })
    .from(productShipping)
    .groupBy(productShipping.templateId);
  return new Map(rows.map((row) => [row.templateId, row.count]));
}

/** One template locked for an update or a delete, or undefined. */
export async function lockTemplate(db: Executor, id: number): Promise<ShippingTemplateRow | undefined> {
  const [row] = await db.select().from(shippingTemplates).where(eq(shippingTemplates.id, id)).for('update');
  return row;
}

/** Clears the default flag (before another template takes it). */
export async function clearDefaultTemplate(db: Executor, exceptId: number | null): Promise<void> {
  await db
    .update(shippingTemplates)
    .set({ isDefault: false })
    .where(exceptId === null ? eq(shippingTemplates.isDefault, true) : sql`${shippingTemplates.isDefault} and ${shippingTemplates.id} <> ${exceptId}`);
}

/** What pricing needs: every template, each product's own template, each SKU's weight. */
export interface ShippingSetup {
  templates: ShippingTemplate[];
  productTemplates: Map<number, number>;
  skuWeights: Map<number, number>;
}

export async function loadShippingSetup(db: Executor, productIds: readonly number[], skuIds: readonly number[]): Promise<ShippingSetup> {
  const templates = (await listTemplateRows(db)).map((row) => toShippingTemplate(row));
  const own =
    productIds.length === 0
      ? []
      : await db
          .select()
          .from(productShipping)
          .where(inArray(productShipping.productId, [...productIds]));
  const weights =
    skuIds.length === 0
      ? []
      : await db
          .select()
          .from(skuShippingWeights)
          .where(inArray(skuShippingWeights.skuId, [...skuIds]));
  return {
    templates,
    productTemplates: new Map(own.map((row) => [row.productId, row.templateId])),
    skuWeights: new Map(weights.map((row) => [row.skuId, row.weightGrams])),
  };
}
