import { z } from 'zod';
import { cursorSchema, idParamSchema, multilineTextSchema, textSchema } from '../common/schemas';
import { lifecycleStageSchema } from '../crm/lifecycle';
import { rfmCellCodeSchema } from '../crm/rfm';
import { tierCodeSchema } from './tiers';

/** The member's own profile, as returned by GET /api/me. */
export const meResponseSchema = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  tierCode: tierCodeSchema,
  hasPhone: z.boolean(),
  /** 138****5678; the full number is never sent back. */
  phoneMasked: z.string().nullable(),
  createdAt: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Staff view of a member (admin read-only list). */
export const adminMemberSchema = meResponseSchema.extend({
  openidSuffix: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AdminMember = z.infer<typeof adminMemberSchema>;

/** A non-negative amount in fen from a query string (at most ¥10 billion, so it stays a safe integer). */
const fenQuerySchema = z
  .string()
  .trim()
  .regex(/^\d{1,13}$/, 'must be a whole number of fen')
  .transform(Number);

export const MEMBER_LIST_SORTS = ['createdAt', 'lastPaidAt', 'netPaidFen', 'paidOrders'] as const;
export type MemberListSort = (typeof MEMBER_LIST_SORTS)[number];

export const adminMemberListQuerySchema = z.strictObject({
  q: textSchema(40, 0).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number')
    .optional(),
  /** The last 4 digits of the phone, matched through their keyed hash. */
  phoneSuffix: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'must be exactly 4 digits')
    .optional(),
  tierCode: tierCodeSchema.optional(),
  lifecycle: lifecycleStageSchema.optional(),
  rfmCell: rfmCellCodeSchema.optional(),
  /** Members carrying this (active) tag; an unknown tag matches nobody. */
  tagId: idParamSchema.optional(),
  /** Members acquired by this channel; an unknown channel matches nobody. */
  channelId: idParamSchema.optional(),
  minNetPaidFen: fenQuerySchema.optional(),
  maxNetPaidFen: fenQuerySchema.optional(),
  sort: z.enum(MEMBER_LIST_SORTS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type AdminMemberListQuery = z.output<typeof adminMemberListQuerySchema>;

const tagChipSchema = z.object({ id: z.number().int(), name: z.string(), color: z.string().nullable() });

/** A row of the staff member list: the member plus their spend, lifecycle, RFM cell, tags and source. */
export const memberListRowSchema = adminMemberSchema.extend({
  paidOrders: z.number().int(),
  netPaidFen: z.number().int(),
  aovFen: z.number().int(),
  lastPaidAt: z.string().nullable(),
  lifecycle: lifecycleStageSchema,
  rfmCell: rfmCellCodeSchema.nullable(),
  tags: z.array(tagChipSchema),
  firstChannel: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type MemberListRow = z.infer<typeof memberListRowSchema>;

/** GET /api/admin/members/:id: the member 360 profile. */
export const memberDetailSchema = adminMemberSchema.extend({
  tags: z.array(tagChipSchema.extend({ kind: z.string(), source: z.string(), createdAt: z.string() })),
  rfm: z
    .object({
      cell: rfmCellCodeSchema,
      name: z.string(),
      rScore: z.number().int().nullable(),
      fScore: z.number().int().nullable(),
      mScore: z.number().int().nullable(),
      recencyDays: z.number().int().nullable(),
      windowOrders: z.number().int(),
      windowNetFen: z.number().int(),
    })
    .nullable(),
  lifecycle: z.object({ stage: lifecycleStageSchema, name: z.string(), since: z.string().nullable() }),
  spend: z.object({
    netPaidFen: z.number().int(),
    paidOrders: z.number().int(),
    aovFen: z.number().int(),
    firstPaidAt: z.string().nullable(),
    lastPaidAt: z.string().nullable(),
    refundCount: z.number().int(),
    refundedFen: z.number().int(),
    couponShareBp: z.number().int(),
  }),
  channels: z.object({
    first: z.object({ id: z.number().int(), name: z.string(), at: z.string().nullable() }).nullable(),
    last: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  }),
  favouriteCategories: z.array(z.object({ id: z.number().int(), name: z.string() })),
  city: z.string().nullable(),
  birthday: z.string().nullable(),
  pointsBalance: z.number().int(),
  growthValue: z.number().int(),
  consents: z.array(z.object({ channel: z.string(), granted: z.boolean(), source: z.string(), updatedAt: z.string() })),
});
export type MemberDetail = z.infer<typeof memberDetailSchema>;

export const MEMBER_TIMELINE_KINDS = ['touch', 'order', 'refund', 'coupon', 'points', 'tier', 'note', 'tag', 'message'] as const;
export type MemberTimelineKind = (typeof MEMBER_TIMELINE_KINDS)[number];

export const memberTimelineQuerySchema = z.strictObject({
  /** Comma-separated kinds (order,refund,…); all when absent. */
  kinds: z
    .string()
    .trim()
    .max(100)
    .transform((text) => [...new Set(text.split(',').map((kind) => kind.trim()))])
    .pipe(z.array(z.enum(MEMBER_TIMELINE_KINDS)).min(1))
    .optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** One event of a member's timeline; amounts in fen, titles in Chinese. */
export const memberTimelineItemSchema = z.object({
  kind: z.enum(MEMBER_TIMELINE_KINDS),
  at: z.string(),
  title: z.string(),
  detail: z.string(),
  /** What the event points at (e.g. { type: 'order', id, no }), for a link. */
  ref: z.record(z.string(), z.unknown()).nullable(),
});
export type MemberTimelineItem = z.infer<typeof memberTimelineItemSchema>;

/** POST /api/admin/members/:id/notes. */
export const memberNoteBodySchema = z.strictObject({ body: z.unknown() });
/** The note text itself: 1..500 characters after trimming (refused with MEMBER_NOTE_INVALID). */
export const memberNoteTextSchema = multilineTextSchema(500).refine((text) => text.length >= 1, { message: 'must not be empty' });

export const memberNoteSchema = z.object({
  id: z.number().int(),
  body: z.string(),
  staff: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: z.string(),
});
export type MemberNote = z.infer<typeof memberNoteSchema>;

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export const memberNotesQuerySchema = z.strictObject({
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
