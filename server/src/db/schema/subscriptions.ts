import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { createdAt, updatedAt } from './columns';
import { members } from './identity';

/**
 * WeChat subscribe messages (issue 15): the templates the shop asks members to accept, and the one-time
 * grants each accept gives (one accept = one send, per member and template). `subscribe_grants` is the
 * ledger (+1 accept, −1 spend, +1 refund), `subscribe_grant_balances` the balance a spend takes from with a
 * conditional update (never below zero). docs/decisions.md "Journeys (issue 15) — subscribe messages".
 */

/** One field of a template: `thing1`, `amount2` … (the prefix is WeChat's value type). */
export interface SubscribeTemplateField {
  key: string;
  label: string;
  placeholder: string;
}

/** A subscribe-message template chosen in the mini-program's WeChat backend, as the shop uses it. */
export const subscribeTemplates = pgTable(
  'subscribe_templates',
  {
    id: serial('id').primaryKey(),
    /** Our key (`order_shipped` …): what journeys and notices name. */
    key: text('key').notNull(),
    /** WeChat's template id (what the mini-program asks for and the send names). */
    templateId: text('template_id').notNull(),
    title: text('title').notNull(),
    fields: jsonb('fields').$type<SubscribeTemplateField[]>().notNull(),
    /** The mini-program page the message opens (no leading '/'). */
    page: text('page').notNull().default('pages/index/index'),
    /** Where the shop asks for it: payment | coupon | restock | member_center. */
    scenes: text('scenes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('subscribe_templates_key').on(t.key), uniqueIndex('subscribe_templates_template_id').on(t.templateId)],
);

/** The grant ledger: +1 per accept, −1 per spend, +1 'refund' when a spent send did not reach WeChat. */
export const subscribeGrants = pgTable(
  'subscribe_grants',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** WeChat's template id. */
    templateId: text('template_id').notNull(),
    delta: integer('delta').notNull(),
    /** payment | coupon | restock | member_center (accepts), send, refund, no_grant (zeroed on 43101). */
    source: text('source').notNull(),
    /** Unique: `accept:<requestId>:<templateId>`, `spend:<intentId>`, `refund:<intentId>:<attempt>` … */
    sourceKey: text('source_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('subscribe_grants_source_key').on(t.sourceKey), index('subscribe_grants_member_idx').on(t.memberId, t.templateId)],
);

/** What is left per member and template (the ledger's sum, kept in step in the same transaction). */
export const subscribeGrantBalances = pgTable(
  'subscribe_grant_balances',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    templateId: text('template_id').notNull(),
    balance: integer('balance').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.templateId] }), check('subscribe_grant_balances_nonneg', sql`${t.balance} >= 0`)],
);

/**
 * 到货提醒: a member asked to be told when a sold-out product is back. The messaging worker turns each open
 * watch of a product with stock again into one service subscribe message (`restock:<id>`, fallback in-app)
 * and stamps `notified_at` in the same statement. One open watch per member and product.
 */
export const restockWatches = pgTable(
  'restock_watches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    createdAt: createdAt(),
    notifiedAt: timestamp('notified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('restock_watches_open')
      .on(t.memberId, t.productId)
      .where(sql`${t.notifiedAt} is null`),
    index('restock_watches_pending_idx')
      .on(t.productId)
      .where(sql`${t.notifiedAt} is null`),
  ],
);

// The WeChat simulator's side (demo and tests only): WeChat itself knows the accepts, so the simulator
// counts them independently of our ledger and answers 43101 when none is left.

/** Remaining one-time grants per openid and template, as WeChat counts them. */
export const simSubscribeGrants = pgTable(
  'sim_subscribe_grants',
  {
    appid: text('appid').notNull(),
    openid: text('openid').notNull(),
    templateId: text('template_id').notNull(),
    remaining: integer('remaining').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.appid, t.openid, t.templateId] }), check('sim_subscribe_grants_nonneg', sql`${t.remaining} >= 0`)],
);

/** The openids WeChat knows for the app (every simulated user that got a login code). */
export const simWechatUsers = pgTable(
  'sim_wechat_users',
  {
    appid: text('appid').notNull(),
    openid: text('openid').notNull(),
    userKey: text('user_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appid, t.openid] })],
);

/** Templates added in the simulated WeChat backend beyond the built-in ones (tests, demo). */
export const simSubscribeTemplates = pgTable(
  'sim_subscribe_templates',
  {
    appid: text('appid').notNull(),
    templateId: text('template_id').notNull(),
    fieldKeys: text('field_keys').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.appid, t.templateId] })],
);

/** Every message the simulator accepted (tests read what was sent). */
export const simSubscribeMessages = pgTable(
  'sim_subscribe_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appid: text('appid').notNull(),
    openid: text('openid').notNull(),
    templateId: text('template_id').notNull(),
    page: text('page'),
    data: jsonb('data').notNull(),
    sentAtMs: bigint('sent_at_ms', { mode: 'number' }).notNull(),
  },
  (t) => [index('sim_subscribe_messages_openid_idx').on(t.appid, t.openid)],
);
