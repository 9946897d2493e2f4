import crypto from 'node:crypto';
import { z } from 'zod';
import { OUT_REFUND_NO, OUT_TRADE_NO, type RefundStatus, type TradeState } from './schemas';
import { refundJson, transactionJson } from './sim-wire';
import { formatBeijingTime, parseRfc3339 } from './signing';

/**
 * The simulator's books: orders, prepay ids and refunds of one merchant, with WeChat Pay's rules
 * and error codes. No HTTP here; the simulator turns SimApiError into a signed error answer.
 * Error codes follow WeChat's documentation; where it is silent (marked "unverified") we chose
 * the closest documented code.
 */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

export interface SimOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  attach: string | null;
  notifyUrl: string;
  totalFen: number;
  payerOpenid: string;
  timeExpireMs: number | null;
  /** The parameters that make a re-post "identical". */
  paramsKey: string;
  state: TradeState;
  transactionId: string | null;
  successTime: string | null;
  successAtMs: number | null;
}

export interface SimRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason: string | null;
  notifyUrl: string | null;
  status: RefundStatus;
  createTime: string;
  successTime: string | null;
}

const PREPAY_TTL_MS = 2 * 3600 * 1000;
const MAX_REFUNDS_PER_ORDER = 50;
const REFUND_WINDOW_MS = 365 * 24 * 3600 * 1000;

const prepayBody = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: z.string().regex(OUT_TRADE_NO),
  time_expire: z.string().max(64).optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.string().min(1).max(255),
  goods_tag: z.string().max(32).optional(),
  amount: z.object({ total: z.number().int().min(1), currency: z.literal('CNY').optional() }),
  payer: z.object({ openid: z.string().min(1).max(128) }),
});

const refundBody = z.object({
  transaction_id: z.string().min(1).max(32).optional(),
  out_trade_no: z.string().regex(OUT_TRADE_NO).optional(),
  out_refund_no: z.string().regex(OUT_REFUND_NO),
  reason: z.string().max(80).optional(),
  notify_url: z.string().min(1).max(256).optional(),
  funds_account: z.literal('AVAILABLE').optional(),
  amount: z.object({ refund: z.number().int().min(1), total: z.number().int().min(1), currency: z.literal('CNY') }),
});

/** Parses a request body, answering 400 PARAM_ERROR with the offending field like WeChat does. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = `/${(issue?.path ?? []).map(String).join('/')}`;
  throw new SimApiError(400, 'PARAM_ERROR', `输入源“/body${field}”校验失败`, { location: 'body', field, issue: issue?.message });
}

/**
 * notify_url must be HTTPS without a query. Deliberate looseness: plain http is accepted for
 * loopback hosts (127.0.0.1, localhost, [::1]) so that tests and `npm start` can receive notifications.
 */
export function assertNotifyUrl(value: string, field: string): void {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const isLoopback = url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const isSecure = url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopback);
  if (!url || !isSecure || url.search !== '' || url.hash !== '') {
    throw new SimApiError(400, 'PARAM_ERROR', `${field} 需为 https 地址且不能携带参数`, { location: 'body', field: `/${field}` });
  }
}

export class PayLedger {
  readonly orders = new Map<string, SimOrder>();
  readonly refunds = new Map<string, SimRefund>();
  private readonly prepays = new Map<string, { outTradeNo: string; expiresAt: number }>();

  constructor(private readonly config: { mchid: string; appid: string; now: () => number }) {}

  /** POST /v3/pay/transactions/jsapi. */
  prepay(body: unknown, signerMchid: string): { prepay_id: string } {
    const input = parseBody(prepayBody, body);
    if (input.mchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    if (input.appid !== this.config.appid) throw new SimApiError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    assertNotifyUrl(input.notify_url, 'notify_url');
    const timeExpireMs = input.time_expire === undefined ? null : parseRfc3339(input.time_expire);
    if (input.time_expire !== undefined && timeExpireMs === null) {
      throw new SimApiError(400, 'PARAM_ERROR', 'time_expire 需为 RFC 3339 格式', { location: 'body', field: '/time_expire' });
    }
    const paramsKey = JSON.stringify([input.appid, input.description, input.amount.total, input.payer.openid, input.notify_url, input.attach ?? null, timeExpireMs]);
    const existing = this.orders.get(input.out_trade_no);
    if (existing) {
      if (existing.state === 'CLOSED') throw new SimApiError(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.state !== 'NOTPAY') throw new SimApiError(400, 'ORDERPAID', '该订单已支付'); // unverified code
      if (existing.paramsKey !== paramsKey) throw new SimApiError(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
    } else {
      this.orders.set(input.out_trade_no, {
        appid: input.appid,
        mchid: input.mchid,
        outTradeNo: input.out_trade_no,
        description: input.description,
        attach: input.attach ?? null,
        notifyUrl: input.notify_url,
        totalFen: input.amount.total,
        payerOpenid: input.payer.openid,
        timeExpireMs,
        paramsKey,
        state: 'NOTPAY',
        transactionId: null,
        successTime: null,
        successAtMs: null,
      });
    }
    const prepayId = `wx${formatBeijingTime(this.config.now()).replace(/\D/g, '').slice(0, 14)}${crypto.randomBytes(10).toString('hex')}`;
    this.prepays.set(prepayId, { outTradeNo: input.out_trade_no, expiresAt: this.config.now() + PREPAY_TTL_MS });
    return { prepay_id: prepayId };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid=. */
  query(outTradeNo: string, queryMchid: string | undefined, signerMchid: string): Record<string, unknown> {
    if (!queryMchid) throw new SimApiError(400, 'PARAM_ERROR', '缺少参数 mchid', { location: 'query', field: 'mchid' });
    if (queryMchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    return transactionJson(this.order(outTradeNo));
  }

  /** POST /v3/pay/transactions/out-trade-no/{no}/close: unpaid → CLOSED; closing twice is fine. */
  close(outTradeNo: string, body: unknown, signerMchid: string): void {
    const input = parseBody(z.object({ mchid: z.string().min(1).max(32) }), body);
    if (input.mchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    const order = this.order(outTradeNo);
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SimApiError(400, 'ORDERPAID', '该订单已支付'); // unverified code
    order.state = 'CLOSED';
    for (const [prepayId, prepay] of this.prepays) if (prepay.outTradeNo === outTradeNo) this.prepays.delete(prepayId);
  }

  /** POST /v3/refund/domestic/refunds. The same out_refund_no answers the same refund, never a second one. */
  refund(body: unknown): Record<string, unknown> {
    const input = parseBody(refundBody, body);
    if (input.notify_url !== undefined) assertNotifyUrl(input.notify_url, 'notify_url');
    const order = this.findPaidOrder(input.out_trade_no, input.transaction_id);
    const previous = this.refunds.get(input.out_refund_no);
    if (previous) {
      if (previous.outTradeNo !== order.outTradeNo || previous.refundFen !== input.amount.refund) {
        throw new SimApiError(400, 'INVALID_REQUEST', '同一商户退款单号的订单和退款金额须与原申请一致');
      }
      return refundJson(previous);
    }
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') throw new SimApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (input.amount.total !== order.totalFen) throw new SimApiError(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致');
    if ((order.successAtMs ?? 0) + REFUND_WINDOW_MS <= this.config.now()) throw new SimApiError(400, 'INVALID_REQUEST', '订单已超过可退款的最大期限');
    const refunds = this.refundsOf(order.outTradeNo);
    if (refunds.length >= MAX_REFUNDS_PER_ORDER) throw new SimApiError(400, 'INVALID_REQUEST', '订单退款次数已达上限（50次）');
    const refunded = refunds.filter((r) => r.status !== 'CLOSED').reduce((sum, r) => sum + r.refundFen, 0);
    if (refunded + input.amount.refund > order.totalFen) throw new SimApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: SimRefund = {
      refundId: `50${randomDigits(27)}`,
      outRefundNo: input.out_refund_no,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId ?? '',
      refundFen: input.amount.refund,
      totalFen: order.totalFen,
      reason: input.reason ?? null,
      notifyUrl: input.notify_url ?? null,
      status: 'PROCESSING',
      createTime: formatBeijingTime(this.config.now()),
      successTime: null,
    };
    this.refunds.set(refund.outRefundNo, refund);
    order.state = 'REFUND';
    return refundJson(refund);
  }

  /** GET /v3/refund/domestic/refunds/{no}. */
  queryRefund(outRefundNo: string): Record<string, unknown> {
    const refund = this.refunds.get(outRefundNo);
    if (!refund) throw new SimApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return refundJson(refund);
  }

  /** The order a prepay_id belongs to, if the prepay_id is still valid. */
  orderForPrepay(prepayId: string): SimOrder | null {
    const prepay = this.prepays.get(prepayId);
    if (!prepay || prepay.expiresAt <= this.config.now()) return null;
    return this.orders.get(prepay.outTradeNo) ?? null;
  }

  /** The payer pays: NOTPAY → SUCCESS. Throws (plain Error: a misuse of the hook) otherwise. */
  markPaid(outTradeNo: string, openid?: string): SimOrder {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new Error(`no order ${outTradeNo}`);
    if (order.state !== 'NOTPAY') throw new Error(`order ${outTradeNo} is ${order.state}, not NOTPAY`);
    if (openid !== undefined && openid !== order.payerOpenid) throw new Error(`order ${outTradeNo} is to be paid by ${order.payerOpenid}`);
    if (order.timeExpireMs !== null && order.timeExpireMs <= this.config.now()) throw new Error(`order ${outTradeNo} expired`);
    order.state = 'SUCCESS';
    order.transactionId = `4200${randomDigits(24)}`;
    order.successAtMs = this.config.now();
    order.successTime = formatBeijingTime(order.successAtMs);
    return order;
  }

  /** Settles a PROCESSING refund as SUCCESS, ABNORMAL or CLOSED, and an ABNORMAL one as SUCCESS or CLOSED. */
  settleRefund(outRefundNo: string, status: Exclude<RefundStatus, 'PROCESSING'>): SimRefund {
    const refund = this.refunds.get(outRefundNo);
    if (!refund) throw new Error(`no refund ${outRefundNo}`);
    // ABNORMAL is not final: the merchant handles it on the platform, then it ends SUCCESS or CLOSED.
    const isSettleable = refund.status === 'PROCESSING' || (refund.status === 'ABNORMAL' && status !== 'ABNORMAL');
    if (!isSettleable) throw new Error(`refund ${outRefundNo} is already ${refund.status}`);
    refund.status = status;
    if (status === 'SUCCESS') refund.successTime = formatBeijingTime(this.config.now());
    return refund;
  }

  private order(outTradeNo: string): SimOrder {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new SimApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return order;
  }

  private findPaidOrder(outTradeNo: string | undefined, transactionId: string | undefined): SimOrder {
    if (!outTradeNo && !transactionId) throw new SimApiError(400, 'PARAM_ERROR', 'transaction_id 和 out_trade_no 须二选一', { location: 'body' });
    const order = outTradeNo ? this.orders.get(outTradeNo) : [...this.orders.values()].find((o) => o.transactionId === transactionId);
    if (!order || (transactionId !== undefined && order.transactionId !== transactionId)) throw new SimApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    return order;
  }

  private refundsOf(outTradeNo: string): SimRefund[] {
    return [...this.refunds.values()].filter((refund) => refund.outTradeNo === outTradeNo);
  }
}

/** `count` random decimal digits (WeChat's ids are long digit strings). */
export function randomDigits(count: number): string {
  let text = '';
  for (const byte of crypto.randomBytes(count)) text += String(byte % 10);
  return text;
}
