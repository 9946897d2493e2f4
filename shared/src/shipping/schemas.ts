import { z } from 'zod';
import { fenSchema, idSchema, textSchema } from '../common/schemas';
import type { Fen } from '../money';
import { isProvinceCode } from './provinces';

/** A template charges by pieces (件) or by weight in grams (重量, from each SKU's weight). */
export const SHIPPING_BASES = ['piece', 'weight'] as const;
export const shippingBasisSchema = z.enum(SHIPPING_BASES);
export type ShippingBasis = z.infer<typeof shippingBasisSchema>;

/** Pieces or grams in one step: 1 … 1,000,000 (1 t). */
const unitsSchema = z.number().int().min(1).max(1_000_000);
const provinceCodeSchema = z.string().refine(isProvinceCode, { message: 'must be a province code (GB/T 2260, e.g. 440000)' });
const provinceListSchema = z.array(provinceCodeSchema).max(34);

/**
 * One fee rule: the first `firstUnits` pieces or grams cost `firstFeeFen`, each further started
 * `additionalUnits` cost `additionalFeeFen`. Free when that template's goods reach `freeAmountFen`
 * or `freePieces` (either condition; null = none).
 */
export const shippingFeeRuleSchema = z.strictObject({
  firstUnits: unitsSchema,
  firstFeeFen: fenSchema,
  additionalUnits: unitsSchema,
  additionalFeeFen: fenSchema,
  freeAmountFen: fenSchema.nullable().default(null),
  freePieces: z.number().int().min(1).max(100_000).nullable().default(null),
});
export type ShippingFeeRule = z.infer<typeof shippingFeeRuleSchema>;

/** A rule for some provinces, overriding the template's default rule there. */
export const shippingRegionRuleSchema = shippingFeeRuleSchema.extend({ provinceCodes: provinceListSchema.min(1) });
export type ShippingRegionRule = z.infer<typeof shippingRegionRuleSchema>;

/** What staff send to create or replace a template. */
export const shippingTemplateInputSchema = z
  .strictObject({
    name: textSchema(40),
    basis: shippingBasisSchema,
    /** The store's default template: products without their own template use it. */
    isDefault: z.boolean().default(false),
    defaultRule: shippingFeeRuleSchema,
    regionRules: z.array(shippingRegionRuleSchema).max(34).default([]),
    /** Provinces this template does not deliver to (港澳台, …). */
    undeliverableProvinceCodes: provinceListSchema.default([]),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    const claim = (code: string, path: (string | number)[]) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', message: `province ${code} is listed twice`, path });
      seen.add(code);
    };
    input.regionRules.forEach((rule, index) => rule.provinceCodes.forEach((code, at) => claim(code, ['regionRules', index, 'provinceCodes', at])));
    input.undeliverableProvinceCodes.forEach((code, at) => claim(code, ['undeliverableProvinceCodes', at]));
  });
export type ShippingTemplateInput = z.infer<typeof shippingTemplateInputSchema>;

/** A stored template. */
export interface ShippingTemplate extends ShippingTemplateInput {
  id: number;
  /** How many products name this template as their own. */
  productCount?: number;
}

/**
 * A planned template group as the pricing engine receives it (quote input is data): the lines, the
 * rule for the destination and its fee before the free-shipping amount is checked.
 */
export const plannedShippingGroupSchema = z.strictObject({
  templateId: z.number().int(),
  templateName: z.string().max(40),
  basis: shippingBasisSchema,
  lineIds: z.array(z.string()).min(1),
  ruleProvinces: z.array(z.string()).max(34),
  rule: shippingFeeRuleSchema,
  pieces: z.number().int().min(0),
  units: z.number().int().min(0),
  goodsFen: fenSchema,
  baseFeeFen: fenSchema,
});

/** One cart line as the fee computation sees it. */
export interface ShippingLine {
  lineId: string;
  quantity: number;
  /** Grams per unit (0 when unknown). */
  unitWeightGrams: number;
  /** The line's goods at the member's price, before coupons: what a free-shipping amount is measured on. */
  goodsFen: Fen;
  /** The product's own template, or null for the store's default. */
  templateId: number | null;
}

/** PUT /api/admin/products/:id/shipping: the product's own template (null: the default) and its SKUs' weights. */
export const productShippingBodySchema = z.strictObject({
  templateId: idSchema.nullable(),
  skuWeights: z
    .array(z.strictObject({ skuId: idSchema, weightGrams: z.number().int().min(0).max(1_000_000) }))
    .max(200)
    .default([]),
});
export type ProductShippingBody = z.infer<typeof productShippingBodySchema>;

/** A product's shipping settings as staff see them. */
export interface ProductShipping {
  productId: number;
  templateId: number | null;
  skuWeights: Array<{ skuId: number; weightGrams: number }>;
}
