import { z } from 'zod';
import { cursorSchema, idParamSchema, idSchema, textSchema } from '../common/schemas';
import { orderBuyerSchema, orderStatusSchema } from '../orders/schemas';

/**
 * requested → processing → succeeded | failed; requested → rejected. A 退货退款 (return_refund) goes
 * requested → awaiting_return (approved; the member sees the return address) → returning (the member
 * entered the return shipment) → processing (staff confirmed receipt; the money goes back). processing → abnormal when WeChat Pay
 * took the money but could not pay it out (WeChat's ABNORMAL, not final): abnormal → succeeded | failed once
 * the merchant has handled it. requested, awaiting_return, returning, processing and abnormal are "open".
 */
export const REFUND_STATUSES = ['requested', 'rejected', 'awaiting_return', 'returning', 'processing', 'abnormal', 'succeeded', 'failed'] as const;
export const refundStatusSchema = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

/** Statuses of a request still in progress: an order has at most one such request at a time. */
export const OPEN_REFUND_STATUSES: readonly RefundStatus[] = ['requested', 'awaiting_return', 'returning', 'processing', 'abnormal'];

/** 仅退款 (money only) or 退货退款 (the goods come back first). */
export const REFUND_KINDS = ['refund_only', 'return_refund'] as const;
export const refundKindSchema = z.enum(REFUND_KINDS);
export type RefundKind = z.infer<typeof refundKindSchema>;
export const REFUND_KIND_NAMES: Readonly<Record<RefundKind, string>> = { refund_only: '仅退款', return_refund: '退货退款' };

export const REFUND_STATUS_NAMES: Readonly<Record<RefundStatus, string>> = {
  requested: '待审核',
  rejected: '已拒绝',
  awaiting_return: '待买家退货',
  returning: '买家已寄回',
  processing: '退款中',
  abnormal: '退款异常',
  succeeded: '已退款',
  failed: '退款失败',
};

/** What staff do about an abnormal refund (shown beside it in the console). */
export const ABNORMAL_REFUND_HELP =
  '退款到银行卡失败等原因，需在商户平台发起异常退款处理：登录微信支付商户平台 → 交易中心 → 退款管理，按商户退款单号找到该笔退款，点击「发起异常退款」（退至用户零钱或商户指定的银行卡）。处理完成后微信支付会通知结果，本系统自动完成退款。';

const refundLineInputSchema = z.strictObject({
  lineNo: idSchema,
  quantity: z.number().int().min(1).max(999),
});

/** A photo reference: a media URL of this site (a path) or an http(s) URL. */
const refundPhotoSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/[^\s"'<>]+|\/[^\s"'<>]*)$/, 'must be an http(s) URL or a site path');

/** POST /api/orders/:id/refunds. The reason goes to WeChat Pay too, which shows ≤ 80 characters to the payer. */
export const refundCreateBodySchema = z.strictObject({
  lines: z
    .array(refundLineInputSchema)
    .min(1)
    .max(50)
    .refine((lines) => new Set(lines.map((line) => line.lineNo)).size === lines.length, { message: 'each line at most once' }),
  reason: textSchema(80),
  kind: refundKindSchema.default('refund_only'),
  /** Up to 3 photos (media URLs or site paths) of the goods or the problem. */
  photos: z.array(refundPhotoSchema).max(3).default([]),
});
export type RefundCreateBody = z.infer<typeof refundCreateBodySchema>;
/** What a client sends (kind and photos may be left out). */
export type RefundCreateInput = z.input<typeof refundCreateBodySchema>;

/** POST /api/admin/refunds/:id/approve: whether the returned units go back to stock. */
export const refundApproveBodySchema = z.strictObject({ restock: z.boolean() });

/** POST /api/admin/refunds/:id/reject: the note the member sees. */
export const refundRejectBodySchema = z.strictObject({ note: textSchema(200) });

/** POST /api/orders/:id/refunds/:refundId/return-shipment: the member's return carrier and tracking number. */
export const returnShipmentBodySchema = z.strictObject({
  carrier: textSchema(20),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,40}$/, 'must be 6–40 letters, digits or "-"'),
});
export type ReturnShipmentInput = z.input<typeof returnShipmentBodySchema>;
export const refundParamsSchema = z.strictObject({ id: idParamSchema, refundId: idParamSchema });

/** The store's return address (a store setting, copied onto each approved 退货退款). */
export const returnAddressSchema = z.strictObject({
  recipientName: textSchema(20),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9-]{7,20}$/, 'must be a phone number'),
  regionText: textSchema(60),
  detail: textSchema(120),
});
export type ReturnAddress = z.infer<typeof returnAddressSchema>;
/** GET/PUT /api/admin/after-sale-settings. */
export const afterSaleSettingsSchema = z.strictObject({ returnAddress: returnAddressSchema.nullable() });
export type AfterSaleSettings = z.infer<typeof afterSaleSettingsSchema>;

export const adminRefundListQuerySchema = z.strictObject({
  status: refundStatusSchema.optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const refundLineSchema = z.object({ lineNo: z.number().int(), quantity: z.number().int(), amountFen: z.number().int() });
export type RefundLine = z.infer<typeof refundLineSchema>;

/** A refund request as its member sees it. `amountFen` = Σ lines + `shippingFen`. */
export const refundSchema = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  outRefundNo: z.string(),
  status: refundStatusSchema,
  lines: z.array(refundLineSchema),
  shippingFen: z.number().int(),
  amountFen: z.number().int(),
  reason: z.string(),
  orderStatusBefore: orderStatusSchema,
  restock: z.boolean().nullable(),
  kind: refundKindSchema,
  photos: z.array(z.string()),
  returnAddress: z.object({ recipientName: z.string(), phone: z.string(), regionText: z.string(), detail: z.string() }).nullable(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  returnShippedAt: z.string().nullable(),
  returnReceivedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Refund = z.infer<typeof refundSchema>;

/** A refund as staff review it. */
export const adminRefundSchema = refundSchema.extend({
  orderNo: z.string(),
  /** The order lines this refund returns, so staff read "低脂牛奶（规格:整箱） × 2", not "第 1 行 × 2". */
  orderLines: z.array(z.object({ lineNo: z.number().int(), title: z.string(), specs: z.record(z.string(), z.string()) })),
  memberId: z.number().int(),
  /** The buyer as staff know them (nickname, masked phone); sent with the refund list, where the order is not on screen. */
  buyer: orderBuyerSchema.optional(),
  reviewedBy: z.number().int().nullable(),
  wechatRefundId: z.string().nullable(),
});
export type AdminRefund = z.infer<typeof adminRefundSchema>;
