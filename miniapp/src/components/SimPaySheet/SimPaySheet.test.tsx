import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { HttpRequest } from '../../api/client';
import { simPay } from '../../lib/sim-pay';
import { SimPaySheet } from './index.h5';

// The H5 build resolves ./sim-pay to sim-pay.h5.ts; jest does not know Taro's platform files.
jest.mock('../../lib/sim-pay', () => jest.requireActual('../../lib/sim-pay.h5'));
const mockTransport = jest.fn<Promise<{ statusCode: number; data: unknown }>, [HttpRequest]>();
jest.mock('../../api/taro-transport', () => ({ taroTransport: (request: HttpRequest) => mockTransport(request) }));

// Taro's H5 runtime in jsdom has no toast; the sheet's failure toast is checked here instead.
const mockToast = jest.fn();
Object.assign(Taro, { showToast: mockToast });

const params = (prepayId: string) => ({
  timeStamp: '1700000000',
  nonceStr: 'n0nce',
  package: `prepay_id=${prepayId}`,
  signType: 'RSA' as const,
  paySign: 'c2lnbg==',
});

describe('SimPaySheet (H5 simulated WeChat Pay)', () => {
  beforeEach(() => mockTransport.mockReset());

  it('shows the amount and the merchant, and 支付 hands the wx.requestPayment parameters to the WeChat Pay simulator', async () => {
    mockTransport.mockResolvedValue({ statusCode: 200, data: { ok: true } });
    render(<SimPaySheet />);
    let outcome: Promise<string> = Promise.resolve('');
    act(() => {
      outcome = simPay.open({ orderId: 5, amountFen: 6780, requestPayment: params('wx_prepay_1') });
    });
    expect(screen.getByText('微信支付')).toBeTruthy();
    expect(screen.getByLabelText('¥67.80')).toBeTruthy();
    expect(screen.getAllByText('思语优选').length).toBeGreaterThan(0);
    await act(async () => {
      fireEvent.click(screen.getByText('支付'));
    });
    await expect(outcome).resolves.toBe('paid');
    expect(mockTransport).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/wechat-sim/pay/sim/request-payment', method: 'POST', data: params('wx_prepay_1') }),
    );
    expect(screen.queryByText('微信支付')).toBeNull();
  });

  it('取消 closes the sheet without paying', async () => {
    render(<SimPaySheet />);
    let outcome: Promise<string> = Promise.resolve('');
    act(() => {
      outcome = simPay.open({ orderId: 6, amountFen: 100, requestPayment: params('wx_prepay_2') });
    });
    act(() => {
      fireEvent.click(screen.getByText('取消'));
    });
    await expect(outcome).resolves.toBe('cancelled');
    expect(mockTransport).not.toHaveBeenCalled();
  });

  it('stays open when the simulator refuses, so the shopper can try again', async () => {
    mockTransport.mockResolvedValue({ statusCode: 400, data: { errMsg: 'requestPayment:fail' } });
    render(<SimPaySheet />);
    act(() => {
      void simPay.open({ orderId: 7, amountFen: 100, requestPayment: params('wx_prepay_3') });
    });
    await act(async () => {
      fireEvent.click(screen.getByText('支付'));
    });
    expect(screen.getByText('支付')).toBeTruthy();
    expect(mockToast).toHaveBeenCalledWith(expect.objectContaining({ title: '支付失败，请重试' }));
    act(() => simPay.cancel());
  });
});
