/**
 * Every build but H5 (Taro picks sim-pay.h5.ts there): the mini-program pays with wx.requestPayment,
 * so there is no simulated sheet. Same exports as sim-pay.h5.ts so that shared code type-checks.
 */
import type { RequestPaymentParams } from '../api/orders';

export type SimPayOutcome = 'paid' | 'cancelled';

export interface SimPayRequest {
  orderId: number;
  amountFen: number;
  /** What wx.requestPayment would take; the simulator checks it like the WeChat app (paySign included). */
  requestPayment: RequestPaymentParams;
}

export interface SimPayState {
  request: SimPayRequest | null;
  isPaying: boolean;
}

const closed: SimPayState = { request: null, isPaying: false };

export const simPay = {
  getState: (): SimPayState => closed,
  subscribe:
    (_listener: () => void): (() => void) =>
    () =>
      undefined,
  open: (_request: SimPayRequest): Promise<SimPayOutcome> => Promise.resolve('cancelled'),
  pay: (): Promise<void> => Promise.resolve(),
  cancel: (): void => undefined,
};

export function useSimPay(): SimPayState {
  return closed;
}
