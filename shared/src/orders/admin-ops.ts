import { z } from 'zod';
import { multilineTextSchema, textSchema } from '../common/schemas';
import { adminOrderListQuerySchema, ORDER_STATUSES, type OrderStatus } from './schemas';

/**
 * The admin order list's search box: an order number, an 11-digit phone (matched exactly through the
 * members' phone lookup hash — phones are stored encrypted) or part of a buyer's nickname / recipient name.
 */
export const orderSearchSchema = textSchema(40).optional();

/** GET /api/admin/orders: the list's filters plus the search box `q`. */
export const adminOrderSearchQuerySchema = adminOrderListQuerySchema.extend({ q: orderSearchSchema });
export type AdminOrderSearchQuery = z.output<typeof adminOrderSearchQuerySchema>;
/** The filters without paging: GET /api/admin/orders/export.csv (the whole filtered list). */
export const orderExportQuerySchema = adminOrderSearchQuerySchema.omit({ cursor: true, limit: true });
export type OrderFilter = z.output<typeof orderExportQuerySchema>;
/** GET /api/admin/orders/status-counts: the filters the tabs share (everything but the status). */
export const orderStatusCountsQuerySchema = orderExportQuerySchema.omit({ status: true });

/** What a search text is taken for. */
export type OrderSearchKind = 'phone' | 'order_no' | 'name';

/** An 11-digit mainland mobile is a phone; 6–32 letters and digits with a digit is an order number; anything else a name. */
export function orderSearchKind(q: string): OrderSearchKind {
  if (/^1\d{10}$/.test(q)) return 'phone';
  if (/^[0-9A-Za-z]{6,32}$/.test(q) && /\d/.test(q)) return 'order_no';
  return 'name';
}

/** GET /api/admin/orders/status-counts: how many orders of each status match the list's filters (status aside). */
export const orderStatusCountsSchema = z.object({
  all: z.number().int(),
  byStatus: z.record(z.enum(ORDER_STATUSES), z.number().int()),
});
export type OrderStatusCounts = { all: number; byStatus: Record<OrderStatus, number> };

/** POST /api/admin/orders/:id/notes: a merchant note (商家备注), staff-only. */
export const orderNoteBodySchema = z.strictObject({ note: multilineTextSchema(500).min(1) });

export const orderNoteSchema = z.object({
  id: z.number().int(),
  note: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  createdAt: z.string(),
});
export type OrderNote = z.infer<typeof orderNoteSchema>;

/** PUT /api/admin/orders/:id/tracking: correct the carrier and tracking number of a shipped order (audited, old → new). */
export const trackingUpdateBodySchema = z.strictObject({
  carrier: textSchema(20),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,40}$/, 'must be 6–40 letters, digits or "-"'),
});

/** POST /api/admin/orders/ship-import: a CSV of 订单号,快递公司,快递单号; all or nothing; dryRun checks only. */
export const shipImportBodySchema = z.strictObject({
  csv: multilineTextSchema(2_000_000).min(1),
  dryRun: z.boolean().default(false),
});
export type ShipImportBody = z.infer<typeof shipImportBodySchema>;

export const SHIP_IMPORT_ROW_STATUSES = ['valid', 'shipped', 'invalid', 'not_shipped'] as const;
export type ShipImportRowStatus = (typeof SHIP_IMPORT_ROW_STATUSES)[number];

export const SHIP_IMPORT_STATUS_NAMES: Readonly<Record<ShipImportRowStatus, string>> = {
  valid: '校验通过',
  shipped: '已发货',
  invalid: '有错误',
  not_shipped: '未发货',
};

export const shipImportReportSchema = z.object({
  dryRun: z.boolean(),
  committed: z.boolean(),
  summary: z.object({ rows: z.number().int(), valid: z.number().int(), invalid: z.number().int(), shipped: z.number().int() }),
  rows: z.array(
    z.object({
      /** The CSV line number (the header is line 1). */
      row: z.number().int(),
      orderNo: z.string(),
      orderId: z.number().int().nullable(),
      status: z.enum(SHIP_IMPORT_ROW_STATUSES),
      errors: z.array(z.object({ column: z.string().nullable(), message: z.string() })),
    }),
  ),
});
export type ShipImportReport = z.infer<typeof shipImportReportSchema>;
export type ShipImportRowReport = ShipImportReport['rows'][number];
