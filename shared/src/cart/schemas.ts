import { z } from 'zod';
import { idParamSchema, idSchema } from '../common/schemas';
import { tierCodeSchema } from '../members/tiers';

/** A cart holds at most this many lines (distinct SKUs). */
export const CART_MAX_LINES = 100;
/** Largest quantity of one line (the cart_items check constraint agrees). */
export const CART_MAX_QUANTITY = 999;

const quantitySchema = z.number().int().min(1).max(CART_MAX_QUANTITY);
const skuIdSchema = idSchema;

/** POST /api/cart/items: adds `quantity` to the line of `skuId` (creating it when missing). */
export const cartAddBodySchema = z.strictObject({ skuId: skuIdSchema, quantity: quantitySchema.default(1) });
export type CartAddBody = z.infer<typeof cartAddBodySchema>;

/** PATCH /api/cart/items/:skuId: sets the quantity and/or the selection of one line. */
export const cartUpdateBodySchema = z
  .strictObject({ quantity: quantitySchema.optional(), isSelected: z.boolean().optional() })
  .refine((body) => body.quantity !== undefined || body.isSelected !== undefined, { message: 'nothing to update' });
export type CartUpdateBody = z.infer<typeof cartUpdateBodySchema>;

export const cartSkuParamsSchema = z.strictObject({ skuId: idParamSchema });

/** PUT /api/cart/selection: selects or unselects every line. */
export const cartSelectionBodySchema = z.strictObject({ isSelected: z.boolean() });

/** POST /api/cart/merge: the guest cart kept on the device, merged once at login. */
export const cartMergeBodySchema = z.strictObject({
  items: z.array(z.strictObject({ skuId: skuIdSchema, quantity: quantitySchema })).max(CART_MAX_LINES),
});
export type CartMergeBody = z.infer<typeof cartMergeBodySchema>;

/**
 * Why a line cannot be checked out as it is: off sale (unpublished or deleted), reserved for a higher
 * member tier (exclusive SKU), sold out, or more than the stock left.
 */
export const CART_AVAILABILITIES = ['ok', 'sold_out', 'off_sale', 'tier_required', 'insufficient_stock'] as const;
export const cartAvailabilitySchema = z.enum(CART_AVAILABILITIES);
export type CartAvailability = z.infer<typeof cartAvailabilitySchema>;

export const cartLineSchema = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  title: z.string(),
  image: z.string().nullable(),
  specs: z.record(z.string(), z.string()),
  quantity: z.number().int(),
  isSelected: z.boolean(),
  /** What this member pays for one unit (resolved with the shared pricing code). */
  unitPriceFen: z.number().int(),
  publicPriceFen: z.number().int(),
  lineTotalFen: z.number().int(),
  stock: z.number().int(),
  purchaseLimit: z.number().int().nullable(),
  /** The most this line may hold now: min(stock, purchase limit, 999). */
  maxQuantity: z.number().int(),
  availability: cartAvailabilitySchema,
  /** Exclusive SKU: the lowest tier that may buy it (null: every tier). */
  minTier: tierCodeSchema.nullable(),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartTotalsSchema = z.object({
  /** Selected lines that can be bought as they are. */
  selectedLineCount: z.number().int(),
  selectedQuantity: z.number().int(),
  totalFen: z.number().int(),
  publicTotalFen: z.number().int(),
  savingFen: z.number().int(),
});
export type CartTotalsView = z.infer<typeof cartTotalsSchema>;

export const cartResponseSchema = z.object({
  lines: z.array(cartLineSchema),
  totals: cartTotalsSchema,
  isAllSelected: z.boolean(),
});
export type CartResponse = z.infer<typeof cartResponseSchema>;

export const cartMergeResponseSchema = z.object({
  cart: cartResponseSchema,
  /** Lines merged with less than asked for (stock or limit), with the quantity now in the cart. */
  adjusted: z.array(z.object({ skuId: z.number().int(), requested: z.number().int(), quantity: z.number().int(), code: z.string() })),
  /** Lines that could not be merged at all. */
  rejected: z.array(z.object({ skuId: z.number().int(), code: z.string() })),
});
export type CartMergeResponse = z.infer<typeof cartMergeResponseSchema>;
