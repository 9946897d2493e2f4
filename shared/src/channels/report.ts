/**
 * The channel report (渠道报表, GET /api/admin/channels/report): per channel over a range of Asia/Shanghai
 * days, the funnel 触达 → 扫码/点击 → 注册 → 首单 → 复购, orders and GMV by the first- or last-touch model,
 * cost, CAC, ROI and plan vs actual. Definitions: docs/decisions.md "Channels and attribution — the report".
 */
import { z } from 'zod';
import type { Fen } from '../money';
import { CHANNEL_KINDS } from './kinds';

export const ATTRIBUTION_MODELS = ['first', 'last'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** What staff read for each model. */
export const ATTRIBUTION_MODEL_LABELS: Readonly<Record<AttributionModel, string>> = { first: '首次触达', last: '末次触达' };

/** The longest range one report covers, in days (both ends included). */
export const CHANNEL_REPORT_MAX_DAYS = 366;

/** The row of orders, members and refunds that no channel brought (自然流量). */
export const UNATTRIBUTED_CHANNEL_NAME = '自然流量';

/** A calendar day YYYY-MM-DD that exists (2026-02-30 is refused). */
const reportDaySchema = z.iso.date();

/**
 * GET /api/admin/channels/report (and report.csv). from ≤ to and at most CHANNEL_REPORT_MAX_DAYS days are
 * checked by the service (REPORT_RANGE_INVALID), so the console can say which.
 */
export const channelReportQuerySchema = z.strictObject({
  from: reportDaySchema,
  to: reportDaySchema,
  model: z.enum(ATTRIBUTION_MODELS).default('first'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ChannelReportQuery = z.output<typeof channelReportQuerySchema>;

/** Money in fen that may be negative (GMV of a range whose refunds exceed its payments). */
const signedFenSchema = z
  .number()
  .int()
  .transform((value) => value as Fen);
const countSchema = z.number().int().min(0);

export const channelFunnelSchema = z.object({
  reach: countSchema,
  touches: countSchema,
  newMembers: countSchema,
  firstOrderMembers: countSchema,
  repurchaseMembers: countSchema,
});
export type ChannelFunnel = z.output<typeof channelFunnelSchema>;

const reportFigures = {
  /** Σ channel reach (cards printed, SMS sent, calls made…) in the range. */
  reach: countSchema,
  /** Scans / opens: matched touches in the range. */
  touches: countSchema,
  /** Members registered in the range whose acquisition channel is this one (same for both models). */
  newMembers: countSchema,
  /** Members whose first paid order was paid in the range and is attributed here by the model. */
  firstOrderMembers: countSchema,
  /** Paid orders paid in the range attributed here by the model. */
  orders: countSchema,
  /** paidFen − refundedFen. */
  gmvFen: signedFenSchema,
  paidFen: signedFenSchema,
  /** Refunds that succeeded in the range, of paid orders attributed here (on the refund's date). */
  refundedFen: signedFenSchema,
  /** Members whose second paid order was paid in the range and is attributed here. */
  repurchaseMembers: countSchema,
  /** Fixed cost (once, when the range overlaps the channel's period) + reach × unit cost. */
  costFen: signedFenSchema,
  /** costFen / newMembers, rounded half up; null without new members. */
  cacFen: signedFenSchema.nullable(),
  /** gmvFen / costFen to 2 decimals; null when nothing was spent. */
  roi: z.number().nullable(),
  /** The whole plan of the channel (not prorated to the range). */
  plannedMembers: countSchema,
  plannedGmvFen: signedFenSchema,
  /** newMembers / plannedMembers in percent, 1 decimal; null without a plan. */
  memberProgress: z.number().nullable(),
  /** gmvFen / plannedGmvFen in percent, 1 decimal; null without a plan. */
  gmvProgress: z.number().nullable(),
};

export const channelReportRowSchema = z.object({
  /** null: 自然流量 (no channel). */
  channelId: z.number().int().nullable(),
  channelName: z.string(),
  kind: z.enum(CHANNEL_KINDS).nullable(),
  ...reportFigures,
  funnel: channelFunnelSchema,
});
export type ChannelReportRow = z.output<typeof channelReportRowSchema>;

export const channelReportTotalsSchema = z.object({ ...reportFigures, funnel: channelFunnelSchema });
export type ChannelReportTotals = z.output<typeof channelReportTotalsSchema>;

export const channelReportDaySchema = z.object({
  date: z.string(),
  channelId: z.number().int().nullable(),
  newMembers: countSchema,
  orders: countSchema,
  gmvFen: signedFenSchema,
});
export type ChannelReportDay = z.output<typeof channelReportDaySchema>;

export const channelReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  model: z.enum(ATTRIBUTION_MODELS),
  rows: z.array(channelReportRowSchema),
  totals: channelReportTotalsSchema,
  /** Days with any new member, order or GMV, per channel (null: 自然流量), in date order. */
  daily: z.array(channelReportDaySchema),
});
export type ChannelReport = z.output<typeof channelReportSchema>;

/** The CSV export's columns (Chinese headers; money in yuan). */
export const CHANNEL_REPORT_CSV_HEADER = [
  '渠道',
  '类型',
  '触达',
  '扫码/点击',
  '新会员',
  '首单会员',
  '订单数',
  '实付金额',
  '退款金额',
  'GMV',
  '复购会员',
  '成本',
  '获客成本',
  'ROI',
  '计划会员',
  '会员完成率%',
  '计划GMV',
  'GMV完成率%',
] as const;
