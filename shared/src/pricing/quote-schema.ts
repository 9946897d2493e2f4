import { z } from 'zod';
import { fenSchema, idSchema as dbIdSchema, rawTextSchema, textSchema } from '../common/schemas';
import type { Fen } from '../money';
import { tierCodeSchema, type TierCode } from '../members/tiers';
import { plannedShippingGroupSchema } from '../shipping/schemas';

/**
 * Who may add an adjustment to a quote; the coupon, points and promotion issues fill these in.
 * `promotion` is a store-wide automatic activity (满减活动) that applies without being claimed.
 */
export const ADJUSTMENT_KINDS = ['coupon', 'promo_code', 'points', 'member_discount', 'flash_sale', 'promotion', 'manual'] as const;
export const adjustmentKindSchema = z.enum(ADJUSTMENT_KINDS);
export type AdjustmentKind = z.infer<typeof adjustmentKindSchema>;

/** The most lines one quote prices (checkout allows 50; the cart may show more). */
export const QUOTE_MAX_LINES = 200;
/** The largest quantity one line may hold; with MAX_PRICE_FEN every total stays below 2^53. */
export const QUOTE_MAX_QUANTITY = 99_999;

const idSchema = rawTextSchema(64, 1);
const hasNoDuplicates = (values: readonly string[]) => new Set(values).size === values.length;

export const skuPricesSchema = z.object({
  publicPriceFen: fenSchema,
  privatePriceFen: fenSchema,
  tierPrices: z.partialRecord(tierCodeSchema, fenSchema).optional(),
});

export const quoteLineInputSchema = z.object({
  lineId: idSchema,
  skuId: dbIdSchema,
  productId: dbIdSchema,
  categoryId: dbIdSchema,
  quantity: z.number().int().min(1).max(QUOTE_MAX_QUANTITY),
  sku: skuPricesSchema,
});
export type QuoteLineInput = z.infer<typeof quoteLineInputSchema>;

/** An exact amount for one line, decided outside the engine (by a promotion rule). */
export const lineAmountSchema = z.object({ lineId: idSchema, amountFen: fenSchema });
export type LineAmount = z.infer<typeof lineAmountSchema>;

/**
 * A discount from outside the engine. `amountFen` is money off (≥ 0). Goods adjustments apply to the
 * lines in `scope.lineIds` (all lines when absent), prorated by what each line has left; with
 * `lineAmounts` the engine takes exactly those per-line amounts instead (each capped at its line's
 * remaining value, lines not listed get nothing) and `amountFen` must be their sum.
 * `appliesToShipping` makes it a shipping discount instead (e.g. a free-shipping coupon), which
 * carries neither a line scope nor line amounts.
 */
export const adjustmentSchema = z
  .object({
    id: idSchema,
    kind: adjustmentKindSchema,
    label: textSchema(60),
    amountFen: fenSchema,
    scope: z.object({ lineIds: z.array(idSchema).min(1).refine(hasNoDuplicates, { message: 'duplicate line id' }).optional() }).optional(),
    lineAmounts: z
      .array(lineAmountSchema)
      .min(1)
      .max(QUOTE_MAX_LINES)
      .refine((amounts) => hasNoDuplicates(amounts.map((amount) => amount.lineId)), { message: 'duplicate line id' })
      .optional(),
    appliesToShipping: z.boolean().optional(),
  })
  .refine((adjustment) => !(adjustment.appliesToShipping && adjustment.scope?.lineIds), {
    message: 'a shipping adjustment has no line scope',
    path: ['scope'],
  })
  .refine((adjustment) => !(adjustment.lineAmounts && (adjustment.appliesToShipping || adjustment.scope)), {
    message: 'line amounts are for goods adjustments and replace the scope',
    path: ['lineAmounts'],
  })
  .refine((adjustment) => !adjustment.lineAmounts || adjustment.lineAmounts.reduce((sum, line) => sum + line.amountFen, 0) === adjustment.amountFen, {
    message: 'amountFen must equal the sum of lineAmounts',
    path: ['amountFen'],
  });
export type Adjustment = z.infer<typeof adjustmentSchema>;

/**
 * The store's shipping rule: a flat fee, free once goods after discounts reach the threshold (null:
 * never). With `templates` (运费模板 planned for the destination) the fee is theirs instead — each
 * group free when its goods after discounts reach its amount — and `freeThresholdFen` is only the
 * member's tier perk on the whole order.
 */
export const shippingRuleSchema = z.object({
  baseFeeFen: fenSchema,
  freeThresholdFen: fenSchema.nullable(),
  templates: z.array(plannedShippingGroupSchema).min(1).max(QUOTE_MAX_LINES).optional(),
  /** Said before the fee's explanation (where the fee is sent to: "按收货地址（广东省）计算运费"). */
  explanation: z.array(z.string().max(200)).max(5).optional(),
});
export type ShippingRule = z.infer<typeof shippingRuleSchema>;

export const quoteInputSchema = z
  .object({
    lines: z.array(quoteLineInputSchema).min(1).max(QUOTE_MAX_LINES),
    member: z.object({ tierCode: tierCodeSchema }).nullable(),
    shipping: shippingRuleSchema,
    /** Applied in this order: each one is prorated over what the earlier ones left. */
    adjustments: z.array(adjustmentSchema).max(50),
  })
  .superRefine((input, ctx) => {
    const lineIds = input.lines.map((line) => line.lineId);
    if (!hasNoDuplicates(lineIds)) ctx.addIssue({ code: 'custom', message: 'duplicate line id', path: ['lines'] });
    if (!hasNoDuplicates(input.adjustments.map((adjustment) => adjustment.id))) {
      ctx.addIssue({ code: 'custom', message: 'duplicate adjustment id', path: ['adjustments'] });
    }
    const known = new Set(lineIds);
    input.adjustments.forEach((adjustment, index) => {
      const unknown = adjustment.scope?.lineIds?.filter((lineId) => !known.has(lineId)) ?? [];
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown line id: ${unknown.join(', ')}`, path: ['adjustments', index, 'scope'] });
      const unknownAmounts = adjustment.lineAmounts?.filter((amount) => !known.has(amount.lineId)).map((amount) => amount.lineId) ?? [];
      if (unknownAmounts.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown line id: ${unknownAmounts.join(', ')}`, path: ['adjustments', index, 'lineAmounts'] });
      }
    });
  });
export type QuoteInput = z.infer<typeof quoteInputSchema>;

/** One adjustment's share on one line. */
export interface LineAdjustmentShare {
  adjustmentId: string;
  amountFen: Fen;
}

export interface QuoteLine {
  lineId: string;
  skuId: number;
  quantity: number;
  unitPriceFen: Fen;
  /** `private` = 私域专享价, `tier` = the member's tier price (then `tierCode` says which). */
  priceSource: 'private' | 'tier';
  tierCode: TierCode | null;
  publicPriceFen: Fen;
  /** unitPriceFen × quantity. */
  subtotalFen: Fen;
  /** Non-zero shares only, in application order; they add up to discountFen. */
  adjustments: LineAdjustmentShare[];
  discountFen: Fen;
  /** subtotalFen − discountFen, never negative. */
  payableFen: Fen;
}

export interface AppliedAdjustment {
  id: string;
  kind: AdjustmentKind;
  label: string;
  target: 'goods' | 'shipping';
  /** The lines it was prorated over, or the lines its `lineAmounts` named (empty for a shipping adjustment). */
  lineIds: string[];
  /** What was actually taken off: the line shares add up to it (or it came off the shipping fee). */
  appliedFen: Fen;
  /** The requested amount when it was larger than what was left to discount; null when applied in full. */
  cappedFromFen: Fen | null;
}

export interface ShippingDecision {
  baseFeeFen: Fen;
  freeThresholdFen: Fen | null;
  /** Goods payable after goods discounts: what the threshold is measured against. */
  goodsPayableFen: Fen;
  /** How the fee before shipping adjustments was decided. */
  basis: 'no_fee' | 'free_by_threshold' | 'base_fee';
  /** Fen still missing to reach the threshold (0 when reached or when there is none). */
  shortOfFreeFen: Fen;
  /** The fee the rule charges, before shipping adjustments. */
  ruleFeeFen: Fen;
  /** Taken off by shipping adjustments (free-shipping coupons). */
  discountFen: Fen;
  /** What the member pays for shipping: ruleFeeFen − discountFen. */
  feeFen: Fen;
  /** The rule's own explanation of its base fee (shipping templates), when it has one. */
  explanation?: string[];
}

/**
 * A priced cart. Invariants: Σ lines.payableFen + shippingFeeFen = payableTotalFen;
 * goodsSubtotalFen − discountTotalFen + shippingFeeFen = payableTotalFen; every amount is integer
 * fen and no line is negative.
 */
export interface Quote {
  lines: QuoteLine[];
  adjustments: AppliedAdjustment[];
  goodsSubtotalFen: Fen;
  /** Goods discounts only (Σ lines.discountFen); shipping discounts are in `shipping.discountFen`. */
  discountTotalFen: Fen;
  shippingFeeFen: Fen;
  shipping: ShippingDecision;
  payableTotalFen: Fen;
  /** Human-readable Chinese lines explaining every number, in order. */
  explanation: string[];
}
