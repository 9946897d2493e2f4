import { toFen, type Fen } from '@siyu/shared';
import { z } from 'zod';

/**
 * WeChat Pay's JSON (snake_case, amounts in fen) parsed into our camelCase types. Objects are
 * loose on purpose: WeChat adds fields over time, and an unknown field must not break payments.
 * Enumerations are strict: a state we do not know is a reason to stop, not to guess.
 */
export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export type TradeState = (typeof TRADE_STATES)[number];
export const REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** out_trade_no: 6–32 of [0-9A-Za-z_-|*], unique per merchant. */
export const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
/** out_refund_no: up to 64 of [0-9A-Za-z_-|*@]. */
export const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

const fen = z.number().int().nonnegative().transform(toFen);
const optionalText = z
  .string()
  .optional()
  .transform((value) => value ?? null);

/** A transaction as the query API and TRANSACTION.SUCCESS notifications describe it. */
export interface WechatTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string | null;
  tradeType: string | null;
  tradeState: TradeState;
  tradeStateDesc: string | null;
  bankType: string | null;
  attach: string | null;
  /** RFC 3339, set once paid. */
  successTime: string | null;
  payerOpenid: string | null;
  amount: { totalFen: Fen; payerTotalFen: Fen | null; currency: string };
}

export const transactionSchema = z
  .looseObject({
    appid: z.string(),
    mchid: z.string(),
    out_trade_no: z.string(),
    transaction_id: optionalText,
    trade_type: optionalText,
    trade_state: z.enum(TRADE_STATES),
    trade_state_desc: optionalText,
    bank_type: optionalText,
    attach: optionalText,
    success_time: optionalText,
    payer: z.looseObject({ openid: z.string().optional() }).optional(),
    amount: z.looseObject({ total: fen, payer_total: fen.optional(), currency: z.string().default('CNY') }),
  })
  .transform((t): WechatTransaction => ({
    appid: t.appid,
    mchid: t.mchid,
    outTradeNo: t.out_trade_no,
    transactionId: t.transaction_id,
    tradeType: t.trade_type,
    tradeState: t.trade_state,
    tradeStateDesc: t.trade_state_desc,
    bankType: t.bank_type,
    attach: t.attach,
    successTime: t.success_time,
    payerOpenid: t.payer?.openid ?? null,
    amount: { totalFen: t.amount.total, payerTotalFen: t.amount.payer_total ?? null, currency: t.amount.currency },
  }));

/** A refund as the refund and refund-query APIs answer it. */
export interface WechatRefund {
  refundId: string;
  outRefundNo: string;
  transactionId: string;
  outTradeNo: string;
  channel: string | null;
  userReceivedAccount: string | null;
  status: RefundStatus;
  createTime: string | null;
  successTime: string | null;
  amount: { totalFen: Fen; refundFen: Fen; payerTotalFen: Fen | null; payerRefundFen: Fen | null; currency: string };
}

const refundAmount = z.looseObject({ total: fen, refund: fen, payer_total: fen.optional(), payer_refund: fen.optional(), currency: z.string().default('CNY') });
const mapRefundAmount = (a: z.output<typeof refundAmount>): WechatRefund['amount'] => ({
  totalFen: a.total,
  refundFen: a.refund,
  payerTotalFen: a.payer_total ?? null,
  payerRefundFen: a.payer_refund ?? null,
  currency: a.currency,
});

export const refundSchema = z
  .looseObject({
    refund_id: z.string(),
    out_refund_no: z.string(),
    transaction_id: z.string(),
    out_trade_no: z.string(),
    channel: optionalText,
    user_received_account: optionalText,
    status: z.enum(REFUND_STATUSES),
    create_time: optionalText,
    success_time: optionalText,
    amount: refundAmount,
  })
  .transform((r): WechatRefund => ({
    refundId: r.refund_id,
    outRefundNo: r.out_refund_no,
    transactionId: r.transaction_id,
    outTradeNo: r.out_trade_no,
    channel: r.channel,
    userReceivedAccount: r.user_received_account,
    status: r.status,
    createTime: r.create_time,
    successTime: r.success_time,
    amount: mapRefundAmount(r.amount),
  }));

/** A refund as REFUND.* notifications describe it (their plaintext names the status `refund_status`). */
export interface WechatRefundNotice {
  mchid: string;
  outTradeNo: string;
  transactionId: string;
  outRefundNo: string;
  refundId: string;
  status: RefundStatus;
  successTime: string | null;
  userReceivedAccount: string | null;
  amount: WechatRefund['amount'];
}

export const refundNoticeSchema = z
  .looseObject({
    mchid: z.string(),
    out_trade_no: z.string(),
    transaction_id: z.string(),
    out_refund_no: z.string(),
    refund_id: z.string(),
    refund_status: z.enum(REFUND_STATUSES),
    success_time: optionalText,
    user_received_account: optionalText,
    amount: refundAmount,
  })
  .transform((r): WechatRefundNotice => ({
    mchid: r.mchid,
    outTradeNo: r.out_trade_no,
    transactionId: r.transaction_id,
    outRefundNo: r.out_refund_no,
    refundId: r.refund_id,
    status: r.refund_status,
    successTime: r.success_time,
    userReceivedAccount: r.user_received_account,
    amount: mapRefundAmount(r.amount),
  }));

export const REFUND_EVENT_TYPES = ['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'] as const;
export type RefundEventType = (typeof REFUND_EVENT_TYPES)[number];

/** The outer JSON of a notification (before decryption). */
export const notificationEnvelopeSchema = z.looseObject({
  id: z.string().min(1),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().optional(),
  resource: z.looseObject({
    original_type: z.string(),
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    associated_data: z.string().default(''),
    nonce: z.string(),
  }),
});

/** A verified, decrypted notification. */
export type WechatPayNotification =
  | { id: string; createTime: string; eventType: 'TRANSACTION.SUCCESS'; kind: 'transaction'; transaction: WechatTransaction }
  | { id: string; createTime: string; eventType: RefundEventType; kind: 'refund'; refund: WechatRefundNotice };

export const prepayAnswerSchema = z.looseObject({ prepay_id: z.string().min(1) });

/** JSON.parse that answers null instead of throwing: callers treat null as "malformed". */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
