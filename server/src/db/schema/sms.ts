import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

/**
 * SMS (issue 15, Aliyun Dysmsapi): the shop's SMS templates (as approved at the provider), one row per SMS
 * send (written before the provider call, so a timeout can be checked by OutId instead of sending twice),
 * the numbers that replied R / TD / 退订, and one mini-program URL Link per journey or campaign that the
 * per-recipient `cq` tokens are appended to. Then the SMS simulator's state (sim_sms_*; demo and tests only).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const ms = (name: string) => bigint(name, { mode: 'number' });

/** An SMS template: content with `${var}` placeholders, its kind, the sign it is sent with. */
export const smsTemplates = pgTable(
  'sms_templates',
  {
    id: serial('id').primaryKey(),
    /** The provider's template code (SMS_123456 at Aliyun). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** verification | notice | marketing. */
    kind: text('kind').notNull(),
    content: text('content').notNull(),
    signName: text('sign_name').notNull(),
    /** The variable names of `content`, in order of first use. */
    variables: jsonb('variables').$type<string[]>().notNull().default([]),
    /** approved | pending (only approved templates are sent). */
    status: text('status').notNull().default('approved'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sms_templates_code_key').on(t.code),
    check('sms_templates_kind_check', sql`${t.kind} in ('verification','notice','marketing')`),
    check('sms_templates_status_check', sql`${t.status} in ('approved','pending')`),
  ],
);

/** One SMS of one message intent. OutId is stored before the provider is called. */
export const smsSends = pgTable(
  'sms_sends',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    intentId: bigint('intent_id', { mode: 'number' }).notNull(),
    /** Our correlation id (a hash of the intent key, ≤ 64 chars), echoed in the provider's receipts. */
    outId: text('out_id').notNull(),
    bizId: text('biz_id'),
    phoneHash: text('phone_hash').notNull(),
    memberId: integer('member_id').notNull(),
    templateCode: text('template_code').notNull(),
    /** The template parameters sent (strings); the phone is never stored in clear. */
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    /** The recipient's `cq` token appended to the journey's URL Link (null when the template has no link). */
    linkToken: text('link_token'),
    /** The intent attempt that may call the provider (a claim: one caller per attempt, so parallel sends make one SMS). */
    attempt: integer('attempt').notNull().default(0),
    /**
     * accepted: handed to the provider (sent_at null until it answered OK or QuerySendDetails found it);
     * delivered / failed: a receipt said so (failed also when the provider refused it).
     */
    status: text('status').notNull().default('accepted'),
    errorCode: text('error_code'),
    sentAt: ts('sent_at'),
    reportedAt: ts('reported_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sms_sends_intent_key').on(t.intentId),
    uniqueIndex('sms_sends_out_id_key').on(t.outId),
    uniqueIndex('sms_sends_link_token_key').on(t.linkToken),
    index('sms_sends_biz_id_idx').on(t.bizId),
    index('sms_sends_phone_idx').on(t.phoneHash, t.createdAt),
    check('sms_sends_status_check', sql`${t.status} in ('accepted','delivered','failed')`),
  ],
);

/** A number that must get no more SMS (uplink R / TD / 退订). */
export const smsSuppressions = pgTable('sms_suppressions', {
  phoneHash: text('phone_hash').primaryKey(),
  memberId: integer('member_id'),
  reason: text('reason').notNull(),
  source: text('source').notNull(),
  createdAt: createdAt(),
});

/** One URL Link per journey / campaign (`scope` = `j:<journeyId>` / `c:<campaignId>`), reused until near expiry. */
export const smsUrlLinks = pgTable('sms_url_links', {
  scope: text('scope').primaryKey(),
  urlLink: text('url_link').notNull(),
  expiresAt: ts('expires_at').notNull(),
  createdAt: createdAt(),
});

// The SMS simulator (demo and tests). Times are the simulator's clock in epoch milliseconds.

/** A sign registered at the simulated provider: `verification` signs send verification codes only. */
export const simSmsSigns = pgTable(
  'sim_sms_signs',
  {
    accessKeyId: text('access_key_id').notNull(),
    signName: text('sign_name').notNull(),
    /** verification | general. */
    scene: text('scene').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accessKeyId, t.signName] })],
);

/** A template at the simulated provider. */
export const simSmsTemplates = pgTable(
  'sim_sms_templates',
  {
    accessKeyId: text('access_key_id').notNull(),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    content: text('content').notNull(),
    /** approved | pending | rejected. */
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accessKeyId, t.code] })],
);

/** SignatureNonce values seen (a reuse is SignatureNonceUsed). */
export const simSmsNonces = pgTable('sim_sms_nonces', {
  nonce: text('nonce').primaryKey(),
  seenAtMs: ms('seen_at_ms').notNull(),
});

/** Every message the simulator accepted (one per number of a batch). */
export const simSmsMessages = pgTable(
  'sim_sms_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accessKeyId: text('access_key_id').notNull(),
    bizId: text('biz_id').notNull(),
    outId: text('out_id'),
    phone: text('phone').notNull(),
    signName: text('sign_name').notNull(),
    templateCode: text('template_code').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    content: text('content').notNull(),
    /** yyyyMMdd (Asia/Shanghai), as QuerySendDetails asks. */
    sendDate: text('send_date').notNull(),
    sentAtMs: ms('sent_at_ms').notNull(),
    /** 1 waiting for the receipt, 2 failed, 3 delivered (QuerySendDetails' SendStatus). */
    sendStatus: integer('send_status').notNull().default(1),
    errCode: text('err_code'),
    reportedAtMs: ms('reported_at_ms'),
  },
  (t) => [index('sim_sms_messages_phone_idx').on(t.phone, t.sendDate), index('sim_sms_messages_biz_idx').on(t.bizId)],
);
