import { z } from 'zod';
import { cursorSchema, fenSchema, idParamSchema, idSchema, multilineTextSchema, textSchema } from '../common/schemas';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunding', 'refunded', 'partially_refunded'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const ORDER_STATUS_NAMES: Readonly<Record<OrderStatus, string>> = {
  pending_payment: '待付款',
  paid: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
  partially_refunded: '部分退款',
};

const mainlandPhone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number');

export const addressInputSchema = z.strictObject({
  recipientName: textSchema(20),
  phone: mainlandPhone,
  /** Province, city, district codes (GB/T 2260, six digits each). */
  regionCodes: z
    .array(z.string().regex(/^\d{6}$/, 'must be a six-digit region code'))
    .min(2)
    .max(3),
  regionText: textSchema(60),
  detail: textSchema(120),
  isDefault: z.boolean().default(false),
});
export type AddressInput = z.infer<typeof addressInputSchema>;
export const addressUpdateSchema = addressInputSchema.partial().refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export const addressSchema = z.object({
  id: z.number().int(),
  recipientName: z.string(),
  phone: z.string(),
  regionCodes: z.array(z.string()),
  regionText: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
});
export type Address = z.infer<typeof addressSchema>;

const checkoutLineSchema = z.strictObject({
  skuId: idSchema,
  quantity: z.number().int().min(1).max(999),
});
export const checkoutLinesSchema = z
  .array(checkoutLineSchema)
  .min(1)
  .max(50)
  .refine((lines) => new Set(lines.map((line) => line.skuId)).size === lines.length, { message: 'each SKU at most once' });

/** 'auto' lets the solver pick the best coupon; 'none' uses none; a number is the member coupon chosen. */
export const couponChoiceSchema = z.union([z.literal('auto'), z.literal('none'), idSchema]);
export type CouponChoice = z.infer<typeof couponChoiceSchema>;
/** The member's promotion choices, on both the quote and the order (the order must repeat the quote's). */
const promotionChoiceFields = {
  couponId: couponChoiceSchema.default('auto'),
  shippingCouponId: couponChoiceSchema.default('auto'),
  /** Pay part of the goods with points (as many as the store's cap and the member's available points allow). */
  usePoints: z.boolean().default(false),
  /** A live-session promo code as typed (any case). */
  promoCode: textSchema(20, 0)
    .transform((value) => value.toUpperCase())
    .optional(),
};

/** `addressId`: where the order goes (shipping templates price by province); without it the member's default address. */
export const quoteBodySchema = z.strictObject({ lines: checkoutLinesSchema, ...promotionChoiceFields, addressId: idSchema.optional() });
export type QuoteBody = z.infer<typeof quoteBodySchema>;

export const orderCreateBodySchema = z.strictObject({
  lines: checkoutLinesSchema,
  ...promotionChoiceFields,
  addressId: idSchema,
  remark: multilineTextSchema(200).default(''),
  /** The payable total the member was shown; a different server total answers 409 PRICE_CHANGED. */
  expectedPayableFen: fenSchema,
});
export type OrderCreateBody = z.infer<typeof orderCreateBodySchema>;

export const orderListQuerySchema = z.strictObject({
  status: orderStatusSchema.optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const orderLineSchema = z.object({
  lineNo: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  title: z.string(),
  specs: z.record(z.string(), z.string()),
  image: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  publicPriceFen: z.number().int(),
  subtotalFen: z.number().int(),
  discountFen: z.number().int(),
  payableFen: z.number().int(),
  refundedQuantity: z.number().int(),
  refundedFen: z.number().int(),
});

export const orderSchema = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  status: orderStatusSchema,
  goodsSubtotalFen: z.number().int(),
  discountFen: z.number().int(),
  shippingFen: z.number().int(),
  payableFen: z.number().int(),
  refundedFen: z.number().int(),
  remark: z.string(),
  explanation: z.array(z.string()),
  address: z.object({ recipientName: z.string(), phone: z.string(), regionText: z.string(), detail: z.string() }),
  lines: z.array(orderLineSchema),
  paymentExpiresAt: z.string(),
  paidAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const orderCancelBodySchema = z.strictObject({ reason: textSchema(100, 0).default('买家取消') });

export const adminOrderListQuerySchema = z.strictObject({
  status: orderStatusSchema.optional(),
  orderNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{6,32}$/)
    .optional(),
  memberId: idParamSchema.optional(),
  /** Created at or after / before (ISO dates). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const shipBodySchema = z.strictObject({
  carrier: textSchema(20),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,40}$/, 'must be 6–40 letters, digits or "-"'),
});

export const orderEventSchema = z.object({
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.string(),
});

/** Who placed an order, as staff see it: the member's nickname and masked phone (never the full number). */
export const orderBuyerSchema = z.object({ id: z.number().int(), nickname: z.string(), phoneMasked: z.string().nullable() });
export type OrderBuyer = z.infer<typeof orderBuyerSchema>;

export const adminOrderSchema = orderSchema.extend({
  memberId: z.number().int(),
  buyer: orderBuyerSchema,
  events: z.array(orderEventSchema),
  payments: z.array(
    z.object({
      outTradeNo: z.string(),
      status: z.string(),
      amountFen: z.number().int(),
      transactionId: z.string().nullable(),
      successAt: z.string().nullable(),
    }),
  ),
});
export type AdminOrder = z.infer<typeof adminOrderSchema>;
