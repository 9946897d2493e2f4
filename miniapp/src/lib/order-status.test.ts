import type { Order } from '@siyu/shared';
import { formatCountdown, formatDateTime, orderTab, orderTimeline, statusDescription } from './order-status';

const times = (overrides: Partial<Order> = {}) =>
  ({
    createdAt: '2025-03-08T06:00:00.000Z',
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    carrier: null,
    trackingNo: null,
    status: 'pending_payment',
    ...overrides,
  }) as Order;

describe('order status helpers', () => {
  it('counts down in mm:ss, with hours when there are any, never below zero', () => {
    expect(formatCountdown(1_799_400)).toBe('29:59');
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(-5)).toBe('00:00');
  });

  it('writes times in the device time zone and leaves missing ones empty', () => {
    const local = new Date(2025, 2, 8, 14, 5, 9).toISOString();
    expect(formatDateTime(local)).toBe('2025-03-08 14:05:09');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('lists what happened, newest first, with the carrier and the cancel reason', () => {
    const shipped = times({ paidAt: '2025-03-08T06:01:00.000Z', shippedAt: '2025-03-09T02:00:00.000Z', carrier: '顺丰速运', trackingNo: 'SF123' });
    expect(orderTimeline(shipped).map((step) => [step.label, step.detail])).toEqual([
      ['商家已发货', '顺丰速运 SF123'],
      ['支付成功', undefined],
      ['订单已提交', undefined],
    ]);
    const cancelled = times({ cancelledAt: '2025-03-08T06:30:00.000Z', cancelReason: '超时未支付，系统自动关闭' });
    expect(orderTimeline(cancelled)[0]).toMatchObject({ label: '订单已取消', detail: '超时未支付，系统自动关闭' });
  });

  it('describes each status in a sentence', () => {
    expect(statusDescription(times({ status: 'paid' }))).toBe('商家正在备货，请耐心等待发货');
    expect(statusDescription(times({ status: 'shipped', carrier: '中通快递', trackingNo: 'ZT9' }))).toBe('中通快递 ZT9，请注意查收');
    expect(statusDescription(times({ status: 'cancelled', cancelReason: '买家取消' }))).toBe('取消原因：买家取消');
  });

  it('falls back to the 全部 tab for an unknown tab key', () => {
    expect(orderTab('refund').statuses).toEqual(['refunding', 'refunded', 'partially_refunded']);
    expect(orderTab('nonsense').key).toBe('all');
    expect(orderTab(undefined).key).toBe('all');
  });
});
