import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { members, staff } from './identity';

/**
 * WeCom messaging (issue 15): the welcome message on add_external_contact, our per-customer monthly count of
 * mass sends (WeCom: days-in-month per customer, all mass sends combined), the corp-tag mapping of our tags
 * and the tags marked on each contact (the last sync's view). Then the WeCom simulator's state for these APIs.
 * docs/decisions.md "Journeys (issue 15) — WeCom messaging".
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The store's welcome message (one row, id 1): sent with the WelcomeCode of an add_external_contact. */
export const wecomWelcomeSettings = pgTable(
  'wecom_welcome_settings',
  {
    id: integer('id').primaryKey(),
    isEnabled: boolean('is_enabled').notNull().default(false),
    text: text('text').notNull().default(''),
    /** A mini-program card attached to the welcome message (both set or both null). */
    miniprogramTitle: text('miniprogram_title'),
    miniprogramPage: text('miniprogram_page'),
    updatedBy: integer('updated_by').references(() => staff.id),
    updatedAt: updatedAt(),
  },
  (t) => [check('wecom_welcome_settings_singleton', sql`${t.id} = 1`)],
);

/** One welcome code used (or tried): a re-delivered callback finds its code and sends nothing again. */
export const wecomWelcomeSends = pgTable(
  'wecom_welcome_sends',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    welcomeCode: text('welcome_code').notNull(),
    externalUserId: text('external_user_id').notNull(),
    userId: text('user_id').notNull(),
    /** sending | sent | failed (a late code: 41050, recorded, not retried). */
    status: text('status').notNull().default('sending'),
    errcode: integer('errcode'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('wecom_welcome_sends_code_key').on(t.welcomeCode),
    check('wecom_welcome_sends_status_check', sql`${t.status} in ('sending','sent','failed')`),
  ],
);

/** Mass sends we asked WeCom for, per external contact and China month ('YYYY-MM'): our own cap before the call. */
export const wecomMonthlySends = pgTable(
  'wecom_monthly_sends',
  {
    externalUserId: text('external_user_id').notNull(),
    month: text('month').notNull(),
    sends: integer('sends').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.externalUserId, t.month] }), check('wecom_monthly_sends_nonneg', sql`${t.sends} >= 0`)],
);

/** Our tag → its WeCom corp tag (made by add_corp_tag in the corp-tag group named like our tag group). */
export const wecomCorpTags = pgTable('wecom_corp_tags', {
  tagId: integer('tag_id').primaryKey(),
  wecomTagId: text('wecom_tag_id').notNull(),
  wecomGroupId: text('wecom_group_id').notNull(),
  createdAt: createdAt(),
});

/** The corp tags marked on a contact by the last sync (the diff against member_tags gives what to mark / unmark). */
export const wecomContactTags = pgTable(
  'wecom_contact_tags',
  {
    externalUserId: text('external_user_id').notNull(),
    tagId: integer('tag_id').notNull(),
    /** The follow user it was marked through (mark_tag takes a userid). */
    userId: text('user_id').notNull(),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'cascade' }),
    markedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.externalUserId, t.tagId] })],
);

/** The corp-tag sync's state (one row, id 1): when it last ran, what it did. */
export const wecomTagSyncState = pgTable('wecom_tag_sync_state', {
  id: integer('id').primaryKey(),
  lastRunAt: ts('last_run_at'),
  /** member_tags.created_at of the newest assignment seen by the last complete sync. */
  watermark: ts('watermark'),
  marked: integer('marked').notNull().default(0),
  unmarked: integer('unmarked').notNull().default(0),
  lastError: text('last_error'),
});

// ---- the WeCom simulator (demo and tests only) ----
const ms = (name: string) => bigint(name, { mode: 'number' });

/** A mass-send task (add_msg_template): pending until the sender confirms (test hook). */
export const simWecomGroupMsgs = pgTable(
  'sim_wecom_group_msgs',
  {
    msgid: text('msgid').primaryKey(),
    corpId: text('corp_id').notNull(),
    sender: text('sender').notNull(),
    content: jsonb('content').$type<{ text: string | null; attachments: unknown[] }>().notNull(),
    createdAtMs: ms('created_at_ms').notNull(),
    confirmedAtMs: ms('confirmed_at_ms'),
  },
  (t) => [index('sim_wecom_group_msgs_sender_idx').on(t.corpId, t.sender)],
);

/** One customer of a task: 0 pending, 1 sent, 2 not a friend, 3 over the monthly cap. */
export const simWecomGroupMsgResults = pgTable(
  'sim_wecom_group_msg_results',
  {
    msgid: text('msgid').notNull(),
    externalUserId: text('external_user_id').notNull(),
    status: integer('status').notNull().default(0),
    sendTimeMs: ms('send_time_ms'),
  },
  (t) => [primaryKey({ columns: [t.msgid, t.externalUserId] }), index('sim_wecom_group_msg_results_sent_idx').on(t.externalUserId, t.sendTimeMs)],
);

/** Welcome codes issued with add_external_contact events: 20 s, one use. */
export const simWecomWelcomeCodes = pgTable('sim_wecom_welcome_codes', {
  code: text('code').primaryKey(),
  corpId: text('corp_id').notNull(),
  externalUserId: text('external_user_id').notNull(),
  userId: text('user_id').notNull(),
  issuedAtMs: ms('issued_at_ms').notNull(),
  usedAtMs: ms('used_at_ms'),
  /** What send_welcome_msg sent (tests inspect it). */
  content: jsonb('content'),
});

/** A corp whose admin configured a welcome message in the console: its events carry no WelcomeCode. */
export const simWecomAdminWelcome = pgTable('sim_wecom_admin_welcome', {
  corpId: text('corp_id').primaryKey(),
});

/** Corp tags and their groups (a group row has isGroup = true). */
export const simWecomCorpTags = pgTable(
  'sim_wecom_corp_tags',
  {
    id: text('id').primaryKey(),
    corpId: text('corp_id').notNull(),
    groupId: text('group_id').notNull(),
    groupName: text('group_name').notNull(),
    name: text('name').notNull(),
    sort: bigint('sort', { mode: 'number' }).notNull().default(0),
    createdAtMs: ms('created_at_ms').notNull(),
  },
  (t) => [uniqueIndex('sim_wecom_corp_tags_name_key').on(t.corpId, t.groupId, t.name)],
);

/** Corp tags marked on a contact through a member (mark_tag). */
export const simWecomContactTags = pgTable(
  'sim_wecom_contact_tags',
  {
    externalUserId: text('external_user_id').notNull(),
    userId: text('user_id').notNull(),
    tagId: text('tag_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.externalUserId, t.userId, t.tagId] })],
);
