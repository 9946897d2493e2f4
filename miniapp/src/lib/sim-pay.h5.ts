/**
 * H5 only: the simulated WeChat Pay sheet. A browser has no wx.requestPayment, so the sheet stands in
 * for WeChat's cashier: 支付 hands the wx.requestPayment parameters to the WeChat Pay simulator, which
 * checks them, pays the prepay order and notifies the server exactly like WeChat would, 取消 gives up. Taro resolves `./sim-pay` to this file in the H5
 * build and to sim-pay.ts (a stub) everywhere else.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { API_BASE_URL } from '../api';
import type { RequestPaymentParams } from '../api/orders';
import { taroTransport } from '../api/taro-transport';

/**
 * The WeChat Pay simulator's stand-in for wx.requestPayment (mounted by the server at /wechat-sim/pay):
 * it checks the parameters and paySign like the WeChat app, pays, and notifies the server.
 */
const SIM_PAY_URL = '/wechat-sim/pay/sim/request-payment';

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

let state: SimPayState = { request: null, isPaying: false };
let settle: ((outcome: SimPayOutcome) => void) | null = null;
const listeners = new Set<() => void>();

function setState(next: SimPayState): void {
  state = next;
  for (const listener of listeners) listener();
}

function finish(outcome: SimPayOutcome): void {
  settle?.(outcome);
  settle = null;
  setState({ request: null, isPaying: false });
}

export const simPay = {
  getState: (): SimPayState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Opens the sheet; resolves when the shopper paid or gave up. */
  open(request: SimPayRequest): Promise<SimPayOutcome> {
    settle?.('cancelled');
    return new Promise((resolve) => {
      settle = resolve;
      setState({ request, isPaying: false });
    });
  },
  /** 支付: the simulator pays and notifies the server; the sheet stays open when it refuses. */
  async pay(): Promise<void> {
    const { request } = state;
    if (!request || state.isPaying) return;
    setState({ request, isPaying: true });
    try {
      const response = await taroTransport({
        url: `${API_BASE_URL}${SIM_PAY_URL}`,
        method: 'POST',
        data: request.requestPayment,
        header: { 'Content-Type': 'application/json' },
      });
      if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`simulator answered ${response.statusCode}`);
      finish('paid');
    } catch {
      setState({ request, isPaying: false });
      void Taro.showToast({ title: '支付失败，请重试', icon: 'none' });
    }
  },
  cancel(): void {
    if (!state.isPaying) finish('cancelled');
  },
};

export function useSimPay(): SimPayState {
  return useSyncExternalStore(simPay.subscribe, simPay.getState, simPay.getState);
}
