import type { SimOrder, SimRefund } from './sim-ledger';

/** The simulator's objects in WeChat Pay's JSON (snake_case, amounts in fen), as its APIs and notifications carry them. */

/** An order as the query API and the payment notification describe it. */
export function transactionJson(order: SimOrder): Record<string, unknown> {
  const base = { appid: order.appid, mchid: order.mchid, out_trade_no: order.outTradeNo, ...(order.attach === null ? {} : { attach: order.attach }) };
  if (order.transactionId === null || order.successTime === null) {
    const desc = order.state === 'CLOSED' ? '订单已关闭' : '订单未支付';
    return { ...base, trade_state: order.state, trade_state_desc: desc, amount: { total: order.totalFen, currency: 'CNY' } };
  }
  return {
    ...base,
    transaction_id: order.transactionId,
    trade_type: 'JSAPI',
    trade_state: order.state,
    trade_state_desc: order.state === 'REFUND' ? '转入退款' : '支付成功',
    bank_type: 'OTHERS',
    success_time: order.successTime,
    payer: { openid: order.payerOpenid },
    amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** A refund as the refund APIs answer it. */
export function refundJson(refund: SimRefund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime === null ? {} : { success_time: refund.successTime }),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      settlement_total: refund.totalFen,
      settlement_refund: refund.refundFen,
      discount_refund: 0,
      currency: 'CNY',
    },
    promotion_detail: [],
  };
}

/** A refund as REFUND.* notifications describe it. */
export function refundNoticeJson(refund: SimRefund, mchid: string): Record<string, unknown> {
  return {
    mchid,
    out_trade_no: refund.outTradeNo,
    transaction_id: refund.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successTime === null ? {} : { success_time: refund.successTime }),
    user_received_account: '支付用户零钱',
    amount: { total: refund.totalFen, refund: refund.refundFen, payer_total: refund.totalFen, payer_refund: refund.refundFen },
  };
}
