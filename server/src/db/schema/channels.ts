import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, fen, updatedAt } from './columns';
import { members, staff } from './identity';

/**
 * Channels and attribution (引流渠道, issue 13). A channel is where members come from (package cards, SMS,
 * AI calls, WeCom codes, the official account, live streams, store QR codes, referrals, ads); each has
 * entry codes whose `scene` the mini-program reports as touches. Members get their first-touch channel,
 * orders keep (immutably) their first- and last-touch channel. docs/decisions.md "Channels and attribution".
 */

/** Channel kinds, mirrored by CHANNEL_KINDS in shared/src/channels. */
const CHANNEL_KIND_SQL = `'package_card','sms','ai_call','wecom','community','official_account','live','store','referral','ads','other'`;

export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
    /** The channel's period (plan horizon), inclusive dates in Asia/Shanghai. */
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    ownerStaffId: integer('owner_staff_id').references(() => staff.id),
    /** Cost model: fixed cost + reach × unit cost. The unit cost is in milli-fen (¥0.045 per SMS = 4500). */
    fixedCostFen: fen('fixed_cost_fen').notNull().default(0),
    unitCostMilliFen: bigint('unit_cost_milli_fen', { mode: 'number' }).notNull().default(0),
    /** Plan: reach → members (conversion, basis points) → orders (orders per member × 100) → GMV (× AOV). */
    plannedReach: integer('planned_reach').notNull().default(0),
    plannedConversionBp: integer('planned_conversion_bp').notNull().default(0),
    plannedOrdersPerMemberX100: integer('planned_orders_per_member_x100').notNull().default(100),
    plannedAovFen: fen('planned_aov_fen').notNull().default(0),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('channels_kind_check', sql.raw(`kind in (${CHANNEL_KIND_SQL})`)),
    check('channels_status_check', sql`${t.status} in ('active','archived')`),
    check(
      'channels_amounts_check',
      sql`${t.fixedCostFen} >= 0 and ${t.unitCostMilliFen} >= 0 and ${t.plannedReach} >= 0 and ${t.plannedConversionBp} between 0 and 10000 and ${t.plannedOrdersPerMemberX100} >= 0 and ${t.plannedAovFen} >= 0`,
    ),
  ],
);

/** Channel settings: one row (id = 1). The last-touch window of order attribution, in days. */
export const channelSettings = pgTable('channel_settings', {
  id: integer('id').primaryKey(),
  attributionWindowDays: integer('attribution_window_days').notNull().default(7),
  updatedAt: updatedAt(),
});

/** A batch of per-unit codes (one per parcel card), created together. */
export const channelCodeBatches = pgTable(
  'channel_code_batches',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    label: text('label').notNull().default(''),
    quantity: integer('quantity').notNull(),
    createdByStaffId: integer('created_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('channel_code_batches_channel_idx').on(t.channelId), check('channel_code_batches_quantity_check', sql`${t.quantity} > 0`)],
);

/**
 * An entry code: its `scene` (≤ 32 chars of WeChat's scene alphabet, e.g. `c=K7p2Qx`) goes into the
 * mini-program code, the URL Link query and the WeCom `state` (≤ 30 for WeCom codes). Unique for ever:
 * a retired code is kept so late scans still resolve (as retired).
 */
export const channelCodes = pgTable(
  'channel_codes',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    batchId: integer('batch_id').references(() => channelCodeBatches.id),
    /** 1..N within its batch. */
    unitIndex: integer('unit_index'),
    scene: text('scene').notNull(),
    label: text('label').notNull().default(''),
    /** The marketplace order the card was packed with (per-unit codes). */
    marketplaceOrderNo: text('marketplace_order_no'),
    status: text('status').notNull().default('active'),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    /** WeCom contact-me (contact_way) or group join (join_way) code made for this entry code. */
    wecomKind: text('wecom_kind'),
    wecomConfigId: text('wecom_config_id'),
    wecomQrUrl: text('wecom_qr_url'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('channel_codes_scene_key').on(t.scene),
    index('channel_codes_channel_idx').on(t.channelId, t.id),
    index('channel_codes_batch_idx')
      .on(t.batchId, t.unitIndex)
      .where(sql`${t.batchId} is not null`),
    index('channel_codes_marketplace_order_idx')
      .on(t.marketplaceOrderNo)
      .where(sql`${t.marketplaceOrderNo} is not null`),
    check('channel_codes_status_check', sql`${t.status} in ('active','retired')`),
    check('channel_codes_scene_check', sql`char_length(${t.scene}) between 1 and 32`),
    check('channel_codes_wecom_kind_check', sql`${t.wecomKind} is null or ${t.wecomKind} in ('contact_way','join_way')`),
  ],
);

/** An anonymous device of the mini-program (random id kept in storage) and the member it became. */
export const devices = pgTable(
  'devices',
  {
    deviceId: text('device_id').primaryKey(),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null' }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    linkedAt: timestamp('linked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('devices_member_idx').on(t.memberId)],
);

/**
 * A touch: one contact of a person with a channel — a launch or show of the mini-program (with its WeChat
 * scene value, QR `scene`, query and URL Link `cq`), a WeCom add or group join, an AI call reached, an SMS
 * link opened. The person is known by device, member, phone hash, unionid or WeCom external id, whichever
 * the source gives; attribution resolves them. Append-only.
 */
export const touches = pgTable(
  'touches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    source: text('source').notNull(),
    /** matched: a known active code; unknown_code / retired_code: a scene we cannot use; organic: none given. */
    status: text('status').notNull(),
    channelId: integer('channel_id'),
    codeId: integer('code_id'),
    deviceId: text('device_id'),
    memberId: integer('member_id'),
    phoneHash: text('phone_hash'),
    unionid: text('unionid'),
    externalUserId: text('external_user_id'),
    /** WeChat's entry scene value (1047 scan, 1048, 1011, 1194 URL Link…). */
    wxScene: integer('wx_scene'),
    scene: text('scene'),
    cq: text('cq'),
    path: text('path'),
    /** Idempotency for sources that may deliver twice (WeCom callbacks, imports). */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('touches_channel_idx').on(t.channelId, t.occurredAt),
    index('touches_device_idx')
      .on(t.deviceId, t.occurredAt)
      .where(sql`${t.deviceId} is not null`),
    index('touches_member_idx')
      .on(t.memberId, t.occurredAt)
      .where(sql`${t.memberId} is not null`),
    index('touches_phone_idx')
      .on(t.phoneHash, t.occurredAt)
      .where(sql`${t.phoneHash} is not null`),
    index('touches_unionid_idx')
      .on(t.unionid, t.occurredAt)
      .where(sql`${t.unionid} is not null`),
    uniqueIndex('touches_dedupe_key')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    check('touches_source_check', sql`${t.source} in ('app_launch','app_show','wecom_contact','wecom_group','ai_call','sms_send','sms_open','manual')`),
    check('touches_status_check', sql`${t.status} in ('matched','unknown_code','retired_code','organic')`),
  ],
);

/**
 * Reach: how many people a channel reached (cards printed, SMS sent, calls made, fans pushed to); the
 * unit of the cost model. Per-person rows carry the phone hash; `dedupeKey` makes every source replay-safe.
 */
export const channelReach = pgTable(
  'channel_reach',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    codeId: integer('code_id'),
    source: text('source').notNull(),
    quantity: integer('quantity').notNull().default(1),
    phoneHash: text('phone_hash'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    importId: integer('import_id'),
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [
    uniqueIndex('channel_reach_dedupe_key').on(t.dedupeKey),
    index('channel_reach_channel_idx').on(t.channelId, t.occurredAt),
    check('channel_reach_source_check', sql`${t.source} in ('code_batch','sms_log','ai_call','manual')`),
    check('channel_reach_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** A member's acquisition: the first touch before registration (recomputed when earlier touches surface). */
export const memberAttribution = pgTable(
  'member_attribution',
  {
    memberId: integer('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }).notNull(),
    firstTouchId: bigint('first_touch_id', { mode: 'number' }),
    channelId: integer('channel_id'),
    codeId: integer('code_id'),
    touchedAt: timestamp('touched_at', { withTimezone: true, mode: 'date' }),
    updatedAt: updatedAt(),
  },
  (t) => [index('member_attribution_channel_idx').on(t.channelId, t.registeredAt)],
);

/** Where the admin imported reach from (AI-call CSV, SMS send logs): one row per accepted file. */
export const reachImports = pgTable(
  'reach_imports',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull().default(''),
    /** SHA-256 of the file: the same file imported twice is one import. */
    contentHash: text('content_hash').notNull(),
    rowsTotal: integer('rows_total').notNull(),
    rowsImported: integer('rows_imported').notNull(),
    createdByStaffId: integer('created_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reach_imports_content_key').on(t.channelId, t.kind, t.contentHash),
    check('reach_imports_kind_check', sql`${t.kind} in ('ai_call_csv','sms_send_log')`),
  ],
);

/** One URL Link per SMS campaign (`/wxa/generate_urllink`), with a per-recipient `cq` token each. */
export const smsLinks = pgTable(
  'sms_links',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    codeId: integer('code_id')
      .notNull()
      .references(() => channelCodes.id),
    label: text('label').notNull().default(''),
    urlLink: text('url_link').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sms_links_channel_idx').on(t.channelId)],
);

/** A recipient's token (`cq`, 10 random base62 chars, never PII): its open is known by the token. */
export const smsLinkRecipients = pgTable(
  'sms_link_recipients',
  {
    token: text('token').primaryKey(),
    smsLinkId: integer('sms_link_id')
      .notNull()
      .references(() => smsLinks.id),
    phoneHash: text('phone_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sms_link_recipients_link_phone_key').on(t.smsLinkId, t.phoneHash)],
);
