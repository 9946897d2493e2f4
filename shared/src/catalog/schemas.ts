import { z } from 'zod';
import { cursorSchema, fenSchema, idParamSchema, idSchema, limitSchema, multilineTextSchema, textSchema } from '../common/schemas';
import { TIER_CODES, tierCodeSchema } from '../members/tiers';
import { productTagsSchema } from './tags';

/** Product roles: 引流品 traffic, 爆品 hero, 利润品 profit. Internal (staff only): shop responses carry `tags` instead. */
export const PRODUCT_ROLES = ['traffic', 'hero', 'profit'] as const;
export const productRoleSchema = z.enum(PRODUCT_ROLES);
export type ProductRole = z.infer<typeof productRoleSchema>;
export const PRODUCT_ROLE_NAMES: Readonly<Record<ProductRole, string>> = { traffic: '引流品', hero: '爆品', profit: '利润品' };

export const PRODUCT_STATUSES = ['draft', 'on_sale', 'off_sale'] as const;
export const productStatusSchema = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof productStatusSchema>;

/** Rich descriptions are markdown text: HTML tags are stripped on the way in, never rendered. */
export function sanitizeDescription(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
}

const imageUrlSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/[^\s"'<>]+|\/[^\s"'<>]*)$/, 'must be an http(s) URL or a site path');

export const categoryCreateBodySchema = z.strictObject({
  name: textSchema(20),
  parentId: idSchema.nullable().default(null),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});
export const categoryUpdateBodySchema = z
  .strictObject({
    name: textSchema(20).optional(),
    parentId: idSchema.nullable().optional(),
    sortOrder: z.number().int().min(0).max(9999).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export const categorySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  sortOrder: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;
export const categoryTreeNodeSchema = categorySchema.extend({ children: z.array(categorySchema) });

const specsSchema = z.record(textSchema(10), textSchema(20)).refine((specs) => Object.keys(specs).length >= 1 && Object.keys(specs).length <= 5, {
  message: 'a SKU has 1 to 5 spec values',
});

const tierPricesSchema = z.partialRecord(tierCodeSchema, fenSchema);

const barcodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{4,32}$/, 'must be 4–32 letters, digits or "-"');

const skuFields = {
  specs: specsSchema,
  publicPriceFen: fenSchema,
  privatePriceFen: fenSchema,
  costPriceFen: fenSchema,
  tierPrices: tierPricesSchema.default({}),
  stock: z.number().int().min(0).max(10_000_000).default(0),
  purchaseLimit: z.number().int().min(1).max(9999).nullable().default(null),
  barcode: barcodeSchema.nullable().default(null),
  /** Exclusive SKU: visible and buyable only at or above this tier. */
  minTier: tierCodeSchema.nullable().default(null),
};

const privateNotAbovePublic = (sku: { publicPriceFen?: number; privatePriceFen?: number }) =>
  sku.publicPriceFen === undefined || sku.privatePriceFen === undefined || sku.privatePriceFen <= sku.publicPriceFen;
const privateNotAbovePublicIssue = { message: 'the private price must not exceed the public reference price', path: ['privatePriceFen'] };

export const skuCreateBodySchema = z.strictObject(skuFields).refine(privateNotAbovePublic, privateNotAbovePublicIssue);
export type SkuCreateBody = z.infer<typeof skuCreateBodySchema>;

/** Adding a SKU to an existing product: on an on_sale product a below-cost price needs the owner's confirmation. */
export const skuAddBodySchema = z
  .strictObject({ ...skuFields, confirmBelowCost: z.boolean().default(false) })
  .refine(privateNotAbovePublic, privateNotAbovePublicIssue);
export type SkuAddBody = z.infer<typeof skuAddBodySchema>;

/** SKU edits; stock changes only through stock adjustments so that every change has a movement. */
export const skuUpdateBodySchema = z
  .strictObject({
    specs: specsSchema.optional(),
    publicPriceFen: fenSchema.optional(),
    privatePriceFen: fenSchema.optional(),
    costPriceFen: fenSchema.optional(),
    tierPrices: tierPricesSchema.optional(),
    purchaseLimit: z.number().int().min(1).max(9999).nullable().optional(),
    minTier: tierCodeSchema.nullable().optional(),
    // No defaults in an update schema: a default would overwrite the stored value on every PATCH.
    barcode: barcodeSchema.nullable().optional(),
    confirmBelowCost: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'confirmBelowCost'), { message: 'nothing to update' })
  .refine(privateNotAbovePublic, privateNotAbovePublicIssue);
export type SkuUpdateBody = z.infer<typeof skuUpdateBodySchema>;

const productFields = {
  categoryId: idSchema,
  title: textSchema(60),
  subtitle: textSchema(120, 0).default(''),
  images: z.array(imageUrlSchema).max(9).default([]),
  description: multilineTextSchema(20_000).transform(sanitizeDescription).default(''),
  role: productRoleSchema,
  tags: productTagsSchema.default([]),
  sortOrder: z.number().int().min(0).max(9999).default(0),
};

export const productCreateBodySchema = z.strictObject({
  ...productFields,
  skus: z.array(skuCreateBodySchema).max(50).default([]),
});
export type ProductCreateBody = z.infer<typeof productCreateBodySchema>;

export const productUpdateBodySchema = z
  .strictObject({
    categoryId: productFields.categoryId.optional(),
    title: productFields.title.optional(),
    subtitle: textSchema(120, 0).optional(),
    images: z.array(imageUrlSchema).max(9).optional(),
    description: multilineTextSchema(20_000).transform(sanitizeDescription).optional(),
    role: productRoleSchema.optional(),
    tags: productTagsSchema.optional(),
    sortOrder: z.number().int().min(0).max(9999).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export const publishBodySchema = z.strictObject({ confirmBelowCost: z.boolean().default(false) });

export const stockAdjustmentBodySchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((delta) => delta !== 0, { message: 'must not be zero' }),
  reason: textSchema(100),
});

export const stockMovementListQuerySchema = z.strictObject({ cursor: cursorSchema, limit: limitSchema });

export const PRODUCT_SORTS = ['default', 'sales', 'price_asc', 'price_desc'] as const;
export const productListQuerySchema = z.strictObject({
  categoryId: idParamSchema.optional(),
  q: textSchema(40, 0).optional(),
  sort: z.enum(PRODUCT_SORTS).default('default'),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const adminProductListQuerySchema = z.strictObject({
  categoryId: idParamSchema.optional(),
  q: textSchema(40, 0).optional(),
  role: productRoleSchema.optional(),
  status: productStatusSchema.optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A SKU as a shopper sees it: resolved price, no cost. */
export const shopSkuSchema = z.object({
  id: z.number().int(),
  specs: z.record(z.string(), z.string()),
  publicPriceFen: z.number().int(),
  priceFen: z.number().int(),
  priceSource: z.enum(['private', 'tier']),
  savingFen: z.number().int(),
  stock: z.number().int(),
  isSoldOut: z.boolean(),
  purchaseLimit: z.number().int().nullable(),
  /** Set on exclusive SKUs (only members at or above this tier see them). */
  minTier: tierCodeSchema.nullable(),
});

export const shopProductSummarySchema = z.object({
  id: z.number().int(),
  categoryId: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  image: z.string().nullable(),
  /** The merchant's merchandising tags; the internal role is deliberately absent from shop responses. */
  tags: z.array(z.string()),
  /** Lowest price this member pays among the product's SKUs. */
  priceFen: z.number().int(),
  publicPriceFen: z.number().int(),
  savingFen: z.number().int(),
  salesCount: z.number().int(),
  isSoldOut: z.boolean(),
});
export type ShopProductSummary = z.infer<typeof shopProductSummarySchema>;

export const shopProductDetailSchema = shopProductSummarySchema.extend({
  images: z.array(z.string()),
  description: z.string(),
  specOptions: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  skus: z.array(shopSkuSchema),
});
export type ShopProductDetail = z.infer<typeof shopProductDetailSchema>;

export const adminSkuSchema = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  specs: z.record(z.string(), z.string()),
  publicPriceFen: z.number().int(),
  privatePriceFen: z.number().int(),
  costPriceFen: z.number().int(),
  tierPrices: z.partialRecord(tierCodeSchema, z.number().int()),
  stock: z.number().int(),
  purchaseLimit: z.number().int().nullable(),
  barcode: z.string().nullable(),
  minTier: tierCodeSchema.nullable(),
});
export type AdminSku = z.infer<typeof adminSkuSchema>;

export const adminProductSchema = z.object({
  id: z.number().int(),
  categoryId: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  images: z.array(z.string()),
  description: z.string(),
  role: productRoleSchema,
  tags: z.array(z.string()),
  status: productStatusSchema,
  sortOrder: z.number().int(),
  salesCount: z.number().int(),
  /** Lowest private price among live SKUs (null without SKUs). */
  priceFromFen: z.number().int().nullable(),
  skus: z.array(adminSkuSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminProduct = z.infer<typeof adminProductSchema>;

export const stockMovementSchema = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  delta: z.number().int(),
  stockAfter: z.number().int(),
  reason: z.string(),
  staffId: z.number().int().nullable(),
  createdAt: z.string(),
});

export { TIER_CODES };
