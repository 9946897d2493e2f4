import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { simPayPrepays, simPayRefunds, simPayTransactions } from '../../db/schema';
import { OUT_REFUND_NO, OUT_TRADE_NO, type RefundStatus, type TradeState } from './schemas';
import { refundJson, transactionJson } from './sim-wire';
import { formatBeijingTime, parseRfc3339 } from './signing';

/**
 * The simulator's books: orders, prepay ids and refunds of one merchant, kept in the database, with
 * WeChat Pay's rules and error codes. No HTTP here; the simulator turns SimApiError into a signed error answer.
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

type TransactionRow = typeof simPayTransactions.$inferSelect;
type RefundRow = typeof simPayRefunds.$inferSelect;

function toOrder(row: TransactionRow): SimOrder {
  const { successAtMs, ...rest } = row;
  return { ...rest, state: row.state as TradeState, successAtMs, successTime: successAtMs === null ? null : formatBeijingTime(successAtMs) };
}

function toRefund(row: RefundRow): SimRefund {
  return {
    refundId: row.refundId,
    outRefundNo: row.outRefundNo,
    outTradeNo: row.outTradeNo,
    transactionId: row.transactionId,
    refundFen: row.refundFen,
    totalFen: row.totalFen,
    reason: row.reason,
    notifyUrl: row.notifyUrl,
    status: row.status as RefundStatus,
    createTime: formatBeijingTime(row.createdAtMs),
    successTime: row.successAtMs === null ? null : formatBeijingTime(row.successAtMs),
  };
}

/** Text PostgreSQL can compare with a text column (a NUL byte cannot even be sent): anything else names no row. */
function isStorable(value: string): boolean {
  return value !== '' && !value.includes('\u0000') && value.length <= 64;
}

/**
 * The merchant's books in the database (sim_pay_* tables), so that every process on it sees every prepay,
 * payment and refund. Every state change is one conditional statement (or, for refunds, a transaction that
 * locks the order row): paying only from NOTPAY, closing only an unpaid order, settling a refund once.
 */
export class PayLedger {
  constructor(private readonly config: { db: Db; mchid: string; appid: string; now: () => number }) {}

  private get db(): Db {
    return this.config.db;
  }

  /** POST /v3/pay/transactions/jsapi. */
  async prepay(body: unknown, signerMchid: string): Promise<{ prepay_id: string }> {
    const input = parseBody(prepayBody, body);
    if (input.mchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    if (input.appid !== this.config.appid) throw new SimApiError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    assertNotifyUrl(input.notify_url, 'notify_url');
    const timeExpireMs = input.time_expire === undefined ? null : parseRfc3339(input.time_expire);
    if (input.time_expire !== undefined && timeExpireMs === null) {
      throw new SimApiError(400, 'PARAM_ERROR', 'time_expire 需为 RFC 3339 格式', { location: 'body', field: '/time_expire' });
    }
    const paramsKey = JSON.stringify([
      input.appid,
      input.description,
      input.amount.total,
      input.payer.openid,
      input.notify_url,
      input.attach ?? null,
      timeExpireMs,
    ]);
    const inserted = await this.db
      .insert(simPayTransactions)
      .values({
        mchid: input.mchid,
        outTradeNo: input.out_trade_no,
        appid: input.appid,
        description: input.description,
        attach: input.attach ?? null,
        notifyUrl: input.notify_url,
        totalFen: input.amount.total,
        payerOpenid: input.payer.openid,
        timeExpireMs,
        paramsKey,
        state: 'NOTPAY',
      })
      .onConflictDoNothing()
      .returning({ state: simPayTransactions.state });
    if (inserted.length === 0) {
      const existing = await this.order(input.out_trade_no);
      if (existing.state === 'CLOSED') throw new SimApiError(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.state !== 'NOTPAY') throw new SimApiError(400, 'ORDERPAID', '该订单已支付'); // unverified code
      if (existing.paramsKey !== paramsKey) throw new SimApiError(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
    }
    const prepayId = `wx${formatBeijingTime(this.config.now()).replace(/\D/g, '').slice(0, 14)}${crypto.randomBytes(10).toString('hex')}`;
    await this.db
      .insert(simPayPrepays)
      .values({ prepayId, mchid: this.config.mchid, outTradeNo: input.out_trade_no, expiresAtMs: this.config.now() + PREPAY_TTL_MS });
    return { prepay_id: prepayId };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid=. */
  async query(outTradeNo: string, queryMchid: string | undefined, signerMchid: string): Promise<Record<string, unknown>> {
    if (!queryMchid) throw new SimApiError(400, 'PARAM_ERROR', '缺少参数 mchid', { location: 'query', field: 'mchid' });
    if (queryMchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    return transactionJson(await this.order(outTradeNo));
  }

  /**
   * POST /v3/pay/transactions/out-trade-no/{no}/close: unpaid → CLOSED (closing twice is fine); a paid order
   * answers ORDERPAID. One conditional update, so a payment and a close racing in two processes cannot both win.
   */
  async close(outTradeNo: string, body: unknown, signerMchid: string): Promise<void> {
    const input = parseBody(z.object({ mchid: z.string().min(1).max(32) }), body);
    if (input.mchid !== signerMchid) throw new SimApiError(400, 'PARAM_ERROR', 'mchid 与请求头 Authorization 中的商户号不一致'); // unverified code
    const closed = isStorable(outTradeNo)
      ? await this.db
          .update(simPayTransactions)
          .set({ state: 'CLOSED' })
          .where(and(this.byOrder(outTradeNo), inArray(simPayTransactions.state, ['NOTPAY', 'CLOSED'])))
          .returning({ state: simPayTransactions.state })
      : [];
    if (closed.length === 0) {
      await this.order(outTradeNo); // ORDER_NOT_EXIST when there is none
      throw new SimApiError(400, 'ORDERPAID', '该订单已支付'); // unverified code
    }
    await this.db.delete(simPayPrepays).where(and(eq(simPayPrepays.mchid, this.config.mchid), eq(simPayPrepays.outTradeNo, outTradeNo)));
  }

  /** POST /v3/refund/domestic/refunds. The same out_refund_no answers the same refund, never a second one. */
  async refund(body: unknown): Promise<Record<string, unknown>> {
    const input = parseBody(refundBody, body);
    if (input.notify_url !== undefined) assertNotifyUrl(input.notify_url, 'notify_url');
    // The order row is locked for the checks and the insert, so parallel refunds cannot overdraw it.
    return this.db.transaction(async (tx) => {
      const order = await this.findPaidOrder(tx, input.out_trade_no, input.transaction_id);
      const [previous] = await tx
        .select()
        .from(simPayRefunds)
        .where(and(eq(simPayRefunds.mchid, this.config.mchid), eq(simPayRefunds.outRefundNo, input.out_refund_no)));
      if (previous) {
        if (previous.outTradeNo !== order.outTradeNo || previous.refundFen !== input.amount.refund) {
          throw new SimApiError(400, 'INVALID_REQUEST', '同一商户退款单号的订单和退款金额须与原申请一致');
        }
        return refundJson(toRefund(previous));
      }
      const refunds = await tx
        .select()
        .from(simPayRefunds)
        .where(and(eq(simPayRefunds.mchid, this.config.mchid), eq(simPayRefunds.outTradeNo, order.outTradeNo)));
      this.assertRefundable(order, input.amount, refunds);
      const [created] = await tx
        .insert(simPayRefunds)
        .values({
          mchid: this.config.mchid,
          outRefundNo: input.out_refund_no,
          refundId: `50${randomDigits(27)}`,
          outTradeNo: order.outTradeNo,
          transactionId: order.transactionId ?? '',
          refundFen: input.amount.refund,
          totalFen: order.totalFen,
          reason: input.reason ?? null,
          notifyUrl: input.notify_url ?? null,
          status: 'PROCESSING',
          createdAtMs: this.config.now(),
        })
        .returning();
      await tx.update(simPayTransactions).set({ state: 'REFUND' }).where(this.byOrder(order.outTradeNo));
      if (!created) throw new Error('refund insert returned no row');
      return refundJson(toRefund(created));
    });
  }

  private assertRefundable(order: SimOrder, amount: { refund: number; total: number }, refunds: RefundRow[]): void {
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') throw new SimApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== order.totalFen) throw new SimApiError(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致');
    if ((order.successAtMs ?? 0) + REFUND_WINDOW_MS <= this.config.now()) throw new SimApiError(400, 'INVALID_REQUEST', '订单已超过可退款的最大期限');
    if (refunds.length >= MAX_REFUNDS_PER_ORDER) throw new SimApiError(400, 'INVALID_REQUEST', '订单退款次数已达上限（50次）');
    const refunded = refunds.filter((r) => r.status !== 'CLOSED').reduce((sum, r) => sum + r.refundFen, 0);
    if (refunded + amount.refund > order.totalFen) throw new SimApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
  }

  /** GET /v3/refund/domestic/refunds/{no}. */
  async queryRefund(outRefundNo: string): Promise<Record<string, unknown>> {
    const refund = await this.findRefund(outRefundNo);
    if (!refund) throw new SimApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return refundJson(refund);
  }

  /** A refund by out_refund_no (null when there is none). */
  async findRefund(outRefundNo: string): Promise<SimRefund | null> {
    if (!isStorable(outRefundNo)) return null;
    const [row] = await this.db
      .select()
      .from(simPayRefunds)
      .where(and(eq(simPayRefunds.mchid, this.config.mchid), eq(simPayRefunds.outRefundNo, outRefundNo)));
    return row ? toRefund(row) : null;
  }

  /** Every refund of an order, oldest first. */
  async refundsOf(outTradeNo: string): Promise<SimRefund[]> {
    const rows = await this.db
      .select()
      .from(simPayRefunds)
      .where(and(eq(simPayRefunds.mchid, this.config.mchid), eq(simPayRefunds.outTradeNo, outTradeNo)))
      .orderBy(asc(simPayRefunds.createdAtMs));
    return rows.map(toRefund);
  }

  /** An order by out_trade_no (null when there is none). */
  async findOrder(outTradeNo: string): Promise<SimOrder | null> {
    if (!isStorable(outTradeNo)) return null;
    const [row] = await this.db.select().from(simPayTransactions).where(this.byOrder(outTradeNo));
    return row ? toOrder(row) : null;
  }

  /** The order a prepay_id belongs to, if the prepay_id is still valid. */
  async orderForPrepay(prepayId: string): Promise<SimOrder | null> {
    if (!isStorable(prepayId)) return null;
    const [prepay] = await this.db
      .select({ outTradeNo: simPayPrepays.outTradeNo })
      .from(simPayPrepays)
      .where(and(eq(simPayPrepays.prepayId, prepayId), eq(simPayPrepays.mchid, this.config.mchid), gt(simPayPrepays.expiresAtMs, this.config.now())));
    return prepay ? this.findOrder(prepay.outTradeNo) : null;
  }

  /**
   * The payer pays: NOTPAY → SUCCESS in one conditional update, so a closed (or already paid) order is never
   * paid, whichever process closed it. Throws (plain Error: a misuse of the hook) otherwise.
   */
  async markPaid(outTradeNo: string, openid?: string): Promise<SimOrder> {
    const now = this.config.now();
    const [paid] = await this.db
      .update(simPayTransactions)
      .set({ state: 'SUCCESS', transactionId: `4200${randomDigits(24)}`, successAtMs: now })
      .where(
        and(
          this.byOrder(outTradeNo),
          eq(simPayTransactions.state, 'NOTPAY'),
          openid === undefined ? undefined : eq(simPayTransactions.payerOpenid, openid),
          or(isNull(simPayTransactions.timeExpireMs), gt(simPayTransactions.timeExpireMs, now)),
        ),
      )
      .returning();
    if (paid) return toOrder(paid);
    const order = await this.findOrder(outTradeNo);
    if (!order) throw new Error(`no order ${outTradeNo}`);
    if (order.state !== 'NOTPAY') throw new Error(`order ${outTradeNo} is ${order.state}, not NOTPAY`);
    if (openid !== undefined && openid !== order.payerOpenid) throw new Error(`order ${outTradeNo} is to be paid by ${order.payerOpenid}`);
    throw new Error(`order ${outTradeNo} expired`);
  }

  /** Settles a PROCESSING refund as SUCCESS, ABNORMAL or CLOSED (once: a conditional update). */
  async settleRefund(outRefundNo: string, status: Exclude<RefundStatus, 'PROCESSING'>): Promise<SimRefund> {
    const [settled] = await this.db
      .update(simPayRefunds)
      .set({ status, successAtMs: status === 'SUCCESS' ? this.config.now() : null })
      // ABNORMAL is not final: the merchant handles it on the platform, then it ends SUCCESS or CLOSED.
      .where(
        and(
          eq(simPayRefunds.mchid, this.config.mchid),
          eq(simPayRefunds.outRefundNo, outRefundNo),
          inArray(simPayRefunds.status, status === 'ABNORMAL' ? ['PROCESSING'] : ['PROCESSING', 'ABNORMAL']),
        ),
      )
      .returning();
    if (settled) return toRefund(settled);
    const refund = await this.findRefund(outRefundNo);
    if (!refund) throw new Error(`no refund ${outRefundNo}`);
    throw new Error(`refund ${outRefundNo} is already ${refund.status}`);
  }

  private byOrder(outTradeNo: string) {
    return and(eq(simPayTransactions.mchid, this.config.mchid), eq(simPayTransactions.outTradeNo, outTradeNo));
  }

  private async order(outTradeNo: string): Promise<SimOrder> {
    const order = await this.findOrder(outTradeNo);
    if (!order) throw new SimApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return order;
  }

  /** The order to refund, its row locked until the refund transaction ends. */
  private async findPaidOrder(tx: Tx, outTradeNo: string | undefined, transactionId: string | undefined): Promise<SimOrder> {
    if (!outTradeNo && !transactionId) throw new SimApiError(400, 'PARAM_ERROR', 'transaction_id 和 out_trade_no 须二选一', { location: 'body' });
    const byId = outTradeNo ? eq(simPayTransactions.outTradeNo, outTradeNo) : eq(simPayTransactions.transactionId, transactionId ?? '');
    const [row] = [outTradeNo, transactionId].some((v) => v !== undefined && !isStorable(v))
      ? []
      : await tx
          .select()
          .from(simPayTransactions)
          .where(and(eq(simPayTransactions.mchid, this.config.mchid), byId))
          .for('update');
    if (!row || (transactionId !== undefined && row.transactionId !== transactionId)) throw new SimApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    return toOrder(row);
  }
}

/** `count` random decimal digits (WeChat's ids are long digit strings). */
export function randomDigits(count: number): string {
  let text = '';
  for (const byte of crypto.randomBytes(count)) text += String(byte % 10);
  return text;
}
