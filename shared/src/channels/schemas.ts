/**
 * The channels admin API (引流渠道): channels with their cost model and plan, entry codes (single and
 * per-unit batches), manual reach and the AI-call / SMS-log imports. Request schemas are strict.
 */
import { z } from 'zod';
import { cursorSchema, hasNoControlChars, idParamSchema, INT4_MAX, limitSchema, multilineTextSchema, rawTextSchema, textSchema } from '../common/schemas';
import { CHANNEL_KINDS, type ChannelKind } from './kinds';

export const CHANNEL_STATUSES = ['active', 'archived'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
export const CHANNEL_CODE_STATUSES = ['active', 'retired'] as const;
export type ChannelCodeStatus = (typeof CHANNEL_CODE_STATUSES)[number];

/** At most this many per-unit codes in one batch. */
export const CHANNEL_CODE_BATCH_MAX = 10_000;
/** Reach imports: at most this many data rows and this many bytes of CSV text. */
export const REACH_IMPORT_MAX_ROWS = 50_000;
export const REACH_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const REACH_IMPORT_KINDS = ['ai_call_csv', 'sms_send_log'] as const;
export type ReachImportKind = (typeof REACH_IMPORT_KINDS)[number];

/** A calendar day, YYYY-MM-DD (Asia/Shanghai). */
const daySchema = z.iso.date();
const int4 = (min: number) => z.number().int().min(min).max(INT4_MAX);

const channelFields = {
  kind: z.enum(CHANNEL_KINDS),
  name: textSchema(40),
  startsOn: daySchema.nullable().default(null),
  endsOn: daySchema.nullable().default(null),
  ownerStaffId: int4(1).nullable().default(null),
  fixedCostFen: int4(0).default(0),
  /** Cost per unit of reach in milli-fen (¥0.045 per SMS = 4500). At most ¥1,000 per unit. */
  unitCostMilliFen: z.number().int().min(0).max(100_000_000).default(0),
  plannedReach: int4(0).default(0),
  plannedConversionBp: z.number().int().min(0).max(10_000).default(0),
  plannedOrdersPerMemberX100: z.number().int().min(0).max(100_000).default(100),
  plannedAovFen: z.number().int().min(0).max(100_000_000).default(0),
  note: multilineTextSchema(500).default(''),
};

/** POST /api/admin/channels. The period (startsOn ≤ endsOn) is checked by the service: CHANNEL_PERIOD_INVALID. */
export const channelCreateBodySchema = z.strictObject(channelFields);
export type ChannelCreateBody = z.output<typeof channelCreateBodySchema>;

/** PATCH /api/admin/channels/:id: any of the fields (not the status: archive has its own route). */
export const channelPatchBodySchema = z
  .strictObject({
    kind: channelFields.kind,
    name: channelFields.name,
    startsOn: daySchema.nullable(),
    endsOn: daySchema.nullable(),
    ownerStaffId: int4(1).nullable(),
    fixedCostFen: int4(0),
    unitCostMilliFen: z.number().int().min(0).max(100_000_000),
    plannedReach: int4(0),
    plannedConversionBp: z.number().int().min(0).max(10_000),
    plannedOrdersPerMemberX100: z.number().int().min(0).max(100_000),
    plannedAovFen: z.number().int().min(0).max(100_000_000),
    note: multilineTextSchema(500),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });
export type ChannelPatchBody = z.output<typeof channelPatchBodySchema>;

/** GET /api/admin/channels: every channel (a store has tens, not thousands), newest first. */
export const channelListQuerySchema = z.strictObject({
  kind: z.enum(CHANNEL_KINDS).optional(),
  status: z.enum(CHANNEL_STATUSES).optional(),
});

/** POST /api/admin/channels/:id/codes: a generated scene (`c=` + 6 base62) unless a custom one is given. */
export const channelCodeCreateBodySchema = z.strictObject({
  /** Checked against SCENE_PATTERN by the service (CHANNEL_SCENE_INVALID), so the code is specific. */
  scene: rawTextSchema(200, 1).optional(),
  label: textSchema(40, 0).default(''),
});
export type ChannelCodeCreateBody = z.output<typeof channelCodeCreateBodySchema>;

const marketplaceOrderNoSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be 1–64 letters, digits, - or _');

/** POST /api/admin/channels/:id/code-batches: N per-unit codes; order numbers, when given, one per unit in order. */
export const channelCodeBatchBodySchema = z
  .strictObject({
    quantity: z.number().int().min(1).max(CHANNEL_CODE_BATCH_MAX),
    label: textSchema(40, 0).default(''),
    marketplaceOrderNos: z.array(marketplaceOrderNoSchema).max(CHANNEL_CODE_BATCH_MAX).optional(),
  })
  .superRefine((body, ctx) => {
    const numbers = body.marketplaceOrderNos;
    if (!numbers) return;
    if (numbers.length !== body.quantity) {
      ctx.addIssue({ code: 'custom', path: ['marketplaceOrderNos'], message: 'must list one order number per unit (as many as quantity)' });
    }
    const seen = new Set<string>();
    numbers.forEach((number, index) => {
      if (seen.has(number)) ctx.addIssue({ code: 'custom', path: ['marketplaceOrderNos', index], message: 'listed twice' });
      seen.add(number);
    });
  });
export type ChannelCodeBatchBody = z.output<typeof channelCodeBatchBodySchema>;

/** GET /api/admin/channels/:id/codes: newest first; `q` matches the start of a scene or a marketplace order number. */
export const channelCodeListQuerySchema = z.strictObject({
  q: textSchema(64, 0).optional(),
  status: z.enum(CHANNEL_CODE_STATUSES).optional(),
  batchId: idParamSchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});

/** POST /api/admin/channels/:id/reach (header Idempotency-Key): reach the system cannot count itself (公众号 pushes…). */
export const channelReachBodySchema = z.strictObject({
  quantity: z.number().int().min(1).max(100_000_000),
  date: daySchema,
  note: textSchema(200, 0).default(''),
});
export type ChannelReachBody = z.output<typeof channelReachBodySchema>;

/** POST /api/admin/channels/:id/imports/ai-calls and /imports/sms-logs: the CSV text as the vendor sent it. */
export const reachImportBodySchema = z.strictObject({
  fileName: textSchema(200, 0).default(''),
  csv: z
    .string()
    .min(1)
    .refine((csv) => hasNoControlChars(csv, true), { message: 'must not contain control characters' })
    .refine((csv) => new TextEncoder().encode(csv).length <= REACH_IMPORT_MAX_BYTES, { message: 'at most 5 MB' }),
});
export type ReachImportBody = z.output<typeof reachImportBodySchema>;

/** A channel as the admin reads it: its inputs, the computed plan, its owner's name and how many codes it has. */
export interface ChannelView {
  id: number;
  kind: ChannelKind;
  name: string;
  status: ChannelStatus;
  startsOn: string | null;
  endsOn: string | null;
  ownerStaffId: number | null;
  ownerName: string | null;
  fixedCostFen: number;
  unitCostMilliFen: number;
  plannedReach: number;
  plannedConversionBp: number;
  plannedOrdersPerMemberX100: number;
  plannedAovFen: number;
  plannedMembers: number;
  plannedOrders: number;
  plannedGmvFen: number;
  note: string;
  codeCount: number;
  /** Reach recorded so far (cards printed, calls, SMS, manual). */
  reachQuantity: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelCodeView {
  id: number;
  channelId: number;
  scene: string;
  label: string;
  status: ChannelCodeStatus;
  batchId: number | null;
  unitIndex: number | null;
  marketplaceOrderNo: string | null;
  wecomKind: 'contact_way' | 'join_way' | null;
  wecomQrUrl: string | null;
  retiredAt: string | null;
  createdAt: string;
}

export interface ChannelCodeBatchView {
  id: number;
  channelId: number;
  label: string;
  quantity: number;
  createdByStaffId: number | null;
  createdAt: string;
}

export interface ChannelReachView {
  id: number;
  channelId: number;
  source: 'code_batch' | 'sms_log' | 'ai_call' | 'manual';
  quantity: number;
  occurredAt: string;
  note: string;
}

export interface ReachImportView {
  id: number;
  channelId: number;
  kind: ReachImportKind;
  fileName: string;
  rowsTotal: number;
  /** Reach rows written (a row already imported from another file is not written again). */
  rowsImported: number;
  createdAt: string;
}

/** A refused import: every bad row, by its line in the file (the header is line 1). */
export interface ReachImportRowError {
  line: number;
  /** The row's phone masked (138****5678) when it is a valid number, to find the row; null otherwise. */
  phoneMasked: string | null;
  errors: string[];
}
