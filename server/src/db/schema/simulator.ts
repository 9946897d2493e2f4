import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { fen } from './columns';

// The WeChat and WeChat Pay simulators' state (demo and tests only, never beside real credentials). It lives in
// the app's database so that several server processes on one database are one WeChat: a code minted through
// one is accepted by another, a prepay made through one is paid, queried, closed and refunded through any.
// Times are the simulator's clock in epoch milliseconds (tests move that clock; it is not the database's).

const ms = (name: string) => bigint(name, { mode: 'number' });

/** The simulators' keys, written once per database (`ON CONFLICT DO NOTHING`, then read back) so every process signs alike. */
export const simKeys = pgTable('sim_keys', {
  name: text('name').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
});

/** Single-use wx.login and getPhoneNumber codes: consumed by `UPDATE … WHERE used_at_ms IS NULL`. */
export const simWechatCodes = pgTable('sim_wechat_codes', {
  code: text('code').primaryKey(),
  appid: text('appid').notNull(),
  kind: text('kind').$type<'login' | 'phone'>().notNull(),
  userKey: text('user_key').notNull(),
  phoneNumber: text('phone_number'),
  expiresAtMs: ms('expires_at_ms').notNull(),
  usedAtMs: ms('used_at_ms'),
});

/** Access tokens from stable_token. */
export const simWechatTokens = pgTable(
  'sim_wechat_tokens',
  {
    token: text('token').primaryKey(),
    appid: text('appid').notNull(),
    expiresAtMs: ms('expires_at_ms').notNull(),
  },
  (t) => [index('sim_wechat_tokens_appid_idx').on(t.appid, t.expiresAtMs)],
);

/** WeChat Pay orders (transactions) by merchant and out_trade_no; state moves only by conditional updates. */
export const simPayTransactions = pgTable(
  'sim_pay_transactions',
  {
    mchid: text('mchid').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    appid: text('appid').notNull(),
    description: text('description').notNull(),
    attach: text('attach'),
    notifyUrl: text('notify_url').notNull(),
    totalFen: fen('total_fen').notNull(),
    payerOpenid: text('payer_openid').notNull(),
    timeExpireMs: ms('time_expire_ms'),
    /** The parameters that make a re-post "identical". */
    paramsKey: text('params_key').notNull(),
    /** NOTPAY → SUCCESS → REFUND, or NOTPAY → CLOSED. */
    state: text('state').notNull(),
    transactionId: text('transaction_id'),
    successAtMs: ms('success_at_ms'),
  },
  (t) => [primaryKey({ columns: [t.mchid, t.outTradeNo] }), uniqueIndex('sim_pay_transactions_transaction_id_key').on(t.transactionId)],
);

/** prepay_ids (each valid 2 hours); closing the order deletes them. */
export const simPayPrepays = pgTable(
  'sim_pay_prepays',
  {
    prepayId: text('prepay_id').primaryKey(),
    mchid: text('mchid').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    expiresAtMs: ms('expires_at_ms').notNull(),
  },
  (t) => [index('sim_pay_prepays_order_idx').on(t.mchid, t.outTradeNo)],
);

/** Refunds by merchant and out_refund_no: PROCESSING → SUCCESS / ABNORMAL / CLOSED, once. */
export const simPayRefunds = pgTable(
  'sim_pay_refunds',
  {
    mchid: text('mchid').notNull(),
    outRefundNo: text('out_refund_no').notNull(),
    refundId: text('refund_id').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    transactionId: text('transaction_id').notNull(),
    refundFen: fen('refund_fen').notNull(),
    totalFen: fen('total_fen').notNull(),
    reason: text('reason'),
    notifyUrl: text('notify_url'),
    status: text('status').notNull(),
    createdAtMs: ms('created_at_ms').notNull(),
    successAtMs: ms('success_at_ms'),
  },
  (t) => [primaryKey({ columns: [t.mchid, t.outRefundNo] }), index('sim_pay_refunds_order_idx').on(t.mchid, t.outTradeNo)],
);
