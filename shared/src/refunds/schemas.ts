import { z } from 'zod';
import { cursorSchema, textSchema } from '../common/schemas';
import { orderStatusSchema } from '../orders/schemas';

/** requested → processing → succeeded | failed; requested → rejected. requested and processing are "open". */
export const REFUND_STATUSES = ['requested', 'rejected', 'processing', 'succeeded', 'failed'] as const;
export const refundStatusSchema = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

/** Statuses of a request still in progress: an order has at most one such request at a time. */
export const OPEN_REFUND_STATUSES: readonly RefundStatus[] = ['requested', 'processing'];

export const REFUND_STATUS_NAMES: Readonly<Record<RefundStatus, string>> = {
  requested: '待审核',
  rejected: '已拒绝',
  processing: '退款中',
  succeeded: '已退款',
  failed: '退款失败',
};

const refundLineInputSchema = z.strictObject({
  lineNo: z.number().int().positive(),
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
