import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { members } from './identity';

/**
 * WeCom (企业微信) customer contact, issue 13: the external contacts that added a member through a contact-me
 * code or joined a customer group through a join code, and the receipts that make callbacks idempotent.
 * docs/decisions.md "Channels and attribution (issue 13) — WeCom".
 */

/** An external contact (the person): unionid from externalcontact/get, the member it is, how it came. */
export const wecomContacts = pgTable(
  'wecom_contacts',
  {
    externalUserId: text('external_user_id').primaryKey(),
    unionid: text('unionid'),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null' }),
    /** The corp member (userid) the customer added last; null for a group joiner. */
    followUserId: text('follow_user_id'),
    /** The `State` of the code of the first add or join (the scene of the channel code). */
    state: text('state'),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The customer deleted the member, or the member the customer (del_follow_user / del_external_contact). */
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    /** When externalcontact/get answered (null: still to fetch). */
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('wecom_contacts_unionid_idx')
      .on(t.unionid)
      .where(sql`${t.unionid} is not null`),
    index('wecom_contacts_member_idx')
      .on(t.memberId)
      .where(sql`${t.memberId} is not null`),
    // Contacts whose externalcontact/get is still to answer (a failed fetch is retried with a later callback).
    index('wecom_contacts_unfetched_idx')
      .on(t.updatedAt)
      .where(sql`${t.fetchedAt} is null`),
  ],
);

/**
 * One accepted callback event. WeCom events carry no MsgId, so the key is a hash of the event's own fields
 * (ToUserName, ChangeType, UserID or ChatId, ExternalUserID, CreateTime); a re-delivery finds it and does nothing.
 */
export const wecomCallbackReceipts = pgTable(
  'wecom_callback_receipts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    event: text('event').notNull(),
    changeType: text('change_type').notNull(),
    createTime: bigint('create_time', { mode: 'number' }).notNull(),
    receivedAt: createdAt(),
  },
  (t) => [uniqueIndex('wecom_callback_receipts_dedupe_key').on(t.dedupeKey)],
);

// The WeCom simulator's state (demo and tests only, never beside real credentials): in the app's database,
// so several processes on one database are one WeCom. Times are the simulator's clock in epoch ms.
const ms = (name: string) => bigint(name, { mode: 'number' });

/** Access tokens from gettoken; a revoked one answers 40014, an expired one 42001. */
export const simWecomTokens = pgTable(
  'sim_wecom_tokens',
  {
    token: text('token').primaryKey(),
    corpId: text('corp_id').notNull(),
    expiresAtMs: ms('expires_at_ms').notNull(),
    isRevoked: boolean('is_revoked').notNull().default(false),
  },
  (t) => [index('sim_wecom_tokens_corp_idx').on(t.corpId, t.expiresAtMs)],
);

/** Contact-me (contact_way) and group join (join_way) codes; together they count toward the 500k quota. */
export const simWecomWays = pgTable(
  'sim_wecom_ways',
  {
    configId: text('config_id').primaryKey(),
    corpId: text('corp_id').notNull(),
    kind: text('kind').$type<'contact_way' | 'join_way'>().notNull(),
    type: integer('type'),
    scene: integer('scene').notNull(),
    state: text('state').notNull().default(''),
    remark: text('remark').notNull().default(''),
    users: jsonb('users').$type<string[]>().notNull().default([]),
    chatIds: jsonb('chat_ids').$type<string[]>().notNull().default([]),
    qrCode: text('qr_code'),
    createdAtMs: ms('created_at_ms').notNull(),
  },
  (t) => [index('sim_wecom_ways_corp_idx').on(t.corpId), check('sim_wecom_ways_kind_check', sql`${t.kind} in ('contact_way','join_way')`)],
);

/** External contacts the simulator knows (made by the scan / join test hooks), for externalcontact/get. */
export const simWecomContacts = pgTable('sim_wecom_contacts', {
  externalUserId: text('external_user_id').primaryKey(),
  corpId: text('corp_id').notNull(),
  unionid: text('unionid'),
  name: text('name').notNull(),
  followUsers: jsonb('follow_users').$type<{ userid: string; state: string; createtime: number }[]>().notNull().default([]),
  createdAtMs: ms('created_at_ms').notNull(),
});
