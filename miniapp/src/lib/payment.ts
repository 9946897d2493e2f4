import Taro from '@tarojs/taro';
import { startPayment, type PayStart } from '../api/orders';

export type PayOutcome = 'paid' | 'cancelled' | 'failed';

/** WeChat asks about at most three templates at a time. */
const MAX_TEMPLATES = 3;

function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2200 });
}

/**
 * After a payment: ask to be told when the order ships. WeChat shows this dialog only right after a tap
 * or a payment callback, so it runs here. Skipped silently when no template is configured; a refusal
 * or an error changes nothing about the order.
 */
async function askShippingNotice(): Promise<void> {
  const tmplIds = SIYU_SHIPPING_NOTICE_TEMPLATE_IDS.slice(0, MAX_TEMPLATES);
  if (tmplIds.length === 0 || typeof Taro.requestSubscribeMessage !== 'function') return;
  try {
    // Taro's type wants Alipay's entityIds beside WeChat's tmplIds; WeChat takes tmplIds alone.
    await Taro.requestSubscribeMessage({ tmplIds } as Parameters<typeof Taro.requestSubscribeMessage>[0]);
  } catch {
    // The member said no, or the base library is too old: the order is paid either way.
  }
}

async function payInWeapp(start: PayStart): Promise<PayOutcome> {
  try {
    await Taro.requestPayment(start.requestPayment);
  } catch (error) {
    const message = (error as { errMsg?: string } | null)?.errMsg ?? '';
    if (message.includes('cancel')) return 'cancelled';
    toast('支付未完成，请稍后在订单中重试');
    return 'failed';
  }
  await askShippingNotice();
  return 'paid';
}

async function payInBrowser(order: { id: number; payableFen: number }, start: PayStart): Promise<PayOutcome> {
  if (!start.simulated) {
    toast('请在微信小程序中完成支付');
    return 'failed';
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- H5-only simulator; not in the weapp build
  const sim = require('./sim-pay') as typeof import('./sim-pay');
  return sim.simPay.open({ orderId: order.id, amountFen: order.payableFen, requestPayment: start.requestPayment });
}

/**
 * Pays an unpaid order: the server prepares a WeChat Pay JSAPI payment, then the mini-program calls
 * wx.requestPayment (the H5 demo shows the simulated sheet). "paid" means the member paid; the server
 * learns it from WeChat's notification, so the result page waits for the order to change.
 */
export async function payOrder(order: { id: number; payableFen: number }): Promise<PayOutcome> {
  let start: PayStart;
  try {
    start = await startPayment(order.id);
  } catch {
    return 'failed';
  }
  return process.env.TARO_ENV === 'h5' ? payInBrowser(order, start) : payInWeapp(start);
}
