import { eq, inArray } from 'drizzle-orm';
import type { ProductShipping, ProductShippingBody, ShippingTemplate, ShippingTemplateInput } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { productShipping, shippingTemplates, skuShippingWeights } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { recordAudit } from '../audit';
import { getAdminProduct } from '../catalog';
import { clearDefaultTemplate, listTemplateRows, lockTemplate, productCounts, toShippingTemplate } from './repo';

/** Two staff making different templates the default at once: one wins, the other is told to retry. */
async function shippingTransaction<T>(sc: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(sc, work);
  } catch (error) {
    if (isUniqueViolation(error, 'shipping_templates_one_default')) throw new AppError('CONCURRENT_UPDATE');
    throw error;
  }
}

/** GET /api/admin/shipping-templates: every template with how many products use it, the default first. */
export async function listShippingTemplates(sc: ServiceContext): Promise<ShippingTemplate[]> {
  const [rows, counts] = await Promise.all([listTemplateRows(sc.db), productCounts(sc.db)]);
  return rows.map((row) => toShippingTemplate(row, counts.get(row.id) ?? 0));
}

/** GET /api/admin/shipping-templates/:id. */
export async function getShippingTemplate(sc: ServiceContext, id: number): Promise<ShippingTemplate> {
  const [row] = await sc.db.select().from(shippingTemplates).where(eq(shippingTemplates.id, id));
  if (!row) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
  return toShippingTemplate(row);
}

/** POST /api/admin/shipping-templates. The first template becomes the default whatever was asked. */
export async function createShippingTemplate(sc: ServiceContext, input: ShippingTemplateInput): Promise<ShippingTemplate> {
  return shippingTransaction(sc, async (tx) => {
    const hasAny = (await tx.db.select({ id: shippingTemplates.id }).from(shippingTemplates).limit(1)).length > 0;
    const isDefault = input.isDefault || !hasAny;
    if (isDefault) await clearDefaultTemplate(tx.db, null);
    const [row] = await tx.db
      .insert(shippingTemplates)
      .values({ ...input, isDefault, createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('shipping template insert returned nothing');
    const created = toShippingTemplate(row);
    await recordAudit(tx, { action: 'shipping_template.create', targetType: 'shipping_template', targetId: row.id, after: created });
    return created;
  });
}

/** PUT /api/admin/shipping-templates/:id: replaces the template; the default cannot be un-set (make another one the default). */
export async function updateShippingTemplate(sc: ServiceContext, id: number, input: ShippingTemplateInput): Promise<ShippingTemplate> {
  return shippingTransaction(sc, async (tx) => {
    const before = await lockTemplate(tx.db, id);
    if (!before) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
    const isDefault = input.isDefault || before.isDefault;
    if (isDefault && !before.isDefault) await clearDefaultTemplate(tx.db, id);
    const [row] = await tx.db
      .update(shippingTemplates)
      .set({ ...input, isDefault, updatedAt: tx.now })
      .where(eq(shippingTemplates.id, id))
      .returning();
    if (!row) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
    const after = toShippingTemplate(row);
    await recordAudit(tx, { action: 'shipping_template.update', targetType: 'shipping_template', targetId: id, before: toShippingTemplate(before), after });
    return after;
  });
}

/** DELETE /api/admin/shipping-templates/:id: not the default, and no product may name it. */
export async function deleteShippingTemplate(sc: ServiceContext, id: number): Promise<void> {
  await shippingTransaction(sc, async (tx) => {
    const before = await lockTemplate(tx.db, id);
    if (!before) throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND');
    const [used] = await tx.db.select({ productId: productShipping.productId }).from(productShipping).where(eq(productShipping.templateId, id)).limit(1);
    if (before.isDefault || used) throw new AppError('SHIPPING_TEMPLATE_IN_USE', undefined, { isDefault: before.isDefault, hasProducts: Boolean(used) });
    await tx.db.delete(shippingTemplates).where(eq(shippingTemplates.id, id));
    await recordAudit(tx, { action: 'shipping_template.delete', targetType: 'shipping_template', targetId: id, before: toShippingTemplate(before) });
  });
}

async function readProductShipping(sc: ServiceContext, productId: number, skuIds: readonly number[]): Promise<ProductShipping> {
  const [own] = await sc.db.select().from(productShipping).where(eq(productShipping.productId, productId));
  const weights =
    skuIds.length === 0
      ? []
      : await sc.db
          .select()
          .from(skuShippingWeights)
          .where(inArray(skuShippingWeights.skuId, [...skuIds]));
  const weightOf = new Map(weights.map((row) => [row.skuId, row.weightGrams]));
  return { productId, templateId: own?.templateId ?? null, skuWeights: skuIds.map((skuId) => ({ skuId, weightGrams: weightOf.get(skuId) ?? 0 })) };
}

/** GET /api/admin/products/:id/shipping. */
export async function getProductShipping(sc: ServiceContext, productId: number): Promise<ProductShipping> {
  const product = await getAdminProduct(sc, productId);
  return readProductShipping(
    sc,
    productId,
    product.skus.map((sku) => sku.id),
  );
}

/** PUT /api/admin/products/:id/shipping: the product's template (null: the default) and SKU weights, audited. */
export async function setProductShipping(sc: ServiceContext, productId: number, body: ProductShippingBody): Promise<ProductShipping> {
  return shippingTransaction(sc, async (tx) => {
    const product = await getAdminProduct(tx, productId);
    const skuIds = product.skus.map((sku) => sku.id);
    const foreign = body.skuWeights.filter((weight) => !skuIds.includes(weight.skuId)).map((weight) => weight.skuId);
    if (foreign.length > 0)
      throw new AppError('VALIDATION_FAILED', undefined, {
        issues: [{ field: 'body.skuWeights', message: `not a SKU of this product: ${foreign.join(', ')}` }],
      });
    if (body.templateId !== null && !(await lockTemplate(tx.db, body.templateId)))
      throw new AppError('SHIPPING_TEMPLATE_NOT_FOUND', undefined, { field: 'body.templateId' });
    const before = await readProductShipping(tx, productId, skuIds);
    await tx.db.delete(productShipping).where(eq(productShipping.productId, productId));
    if (body.templateId !== null) await tx.db.insert(productShipping).values({ productId, templateId: body.templateId });
    for (const weight of body.skuWeights) {
      await tx.db
        .insert(skuShippingWeights)
        .values(weight)
        .onConflictDoUpdate({ target: skuShippingWeights.skuId, set: { weightGrams: weight.weightGrams } });
    }
    const after = await readProductShipping(tx, productId, skuIds);
    await recordAudit(tx, { action: 'product.shipping_update', targetType: 'product', targetId: productId, before, after });
    return after;
  });
}
