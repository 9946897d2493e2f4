import { z } from 'zod';
import { cursorSchema, idSchema, textSchema } from '../common/schemas';
import { orderStatusSchema } from '../orders/schemas';

/**
 * requested → processing → succeeded | failed; requested → rejected. processing → abnormal when WeChat Pay
 * took the money but could not pay it out (WeChat's ABNORMAL, not final): abnormal → succeeded | failed once
 * the merchant has handled it. requested, processing and abnormal are "open".
 */
export const REFUND_STATUSES = ['requested', 'rejected', 'processing', 'abnormal', 'succeeded', 'failed'] as const;
export const refundStatusSchema = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

/** Statuses of a request still in progress: an order has at most one such request at a time. */
export const OPEN_REFUND_STATUSES: readonly RefundStatus[] = ['requested', 'processing', 'abnormal'];

export const REFUND_STATUS_NAMES: Readonly<Record<RefundStatus, string>> = {
  requested: '待审核',
  rejected: '已拒绝',
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

/** POST /api/orders/:id/refunds. The reason goes to WeChat Pay too, which shows ≤ 80 characters to the payer. */
export const refundCreateBodySchema = z.strictObject({
  lines: z
    .array(refundLineInputSchema)
    .min(1)
    .max(50)
    .refine((lines) => new Set(lines.map((line) => line.lineNo)).size === lines.length, { message: 'each line at most once' }),
  reason: textSchema(80),
});
export type RefundCreateBody = z.infer<typeof refundCreateBodySchema>;

/** POST /api/admin/refunds/:id/approve: whether the returned units go back to stock. */
export const refundApproveBodySchema = z.strictObject({ restock: z.boolean() });

/** POST /api/admin/refunds/:id/reject: the note the member sees. */
export const refundRejectBodySchema = z.strictObject({ note: textSchema(200) });

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
  reviewNote: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Refund = z.infer<typeof refundSchema>;

/** A refund as staff review it. */
export const adminRefundSchema = refundSchema.extend({
  orderNo: z.string(),
  memberId: z.number().int(),
  reviewedBy: z.number().int().nullable(),
  wechatRefundId: z.string().nullable(),
});
export type AdminRefund = z.infer<typeof adminRefundSchema>;
