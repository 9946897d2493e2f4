import { describeOrderEvent, type OrderEvent } from './order-events';

const event = (overrides: Partial<OrderEvent>): OrderEvent => ({
  type: 'created',
  fromStatus: null,
  toStatus: null,
  actorType: 'member',
  actorId: '12',
  data: null,
  createdAt: '2026-03-01T04:00:00.000Z',
  ...overrides,
});

describe('describeOrderEvent', () => {
  it.each<[string, Partial<OrderEvent>, { title: string; transition: string | null; detail: string | null; actor: string }]>([
    [
      'created',
      { type: 'created', toStatus: 'pending_payment', data: { payableFen: 3790 } },
      { title: '提交订单', transition: null, detail: '应付 ¥37.90', actor: '会员 #12' },
    ],
    [
      'paid by WeChat Pay',
      { type: 'paid', fromStatus: 'pending_payment', toStatus: 'paid', actorType: 'wechat', actorId: '4200000001', data: { amountFen: 3790 } },
      { title: '支付成功', transition: '待付款 → 待发货', detail: '金额 ¥37.90', actor: '微信支付' },
    ],
    [
      'shipped by staff',
      { type: 'shipped', fromStatus: 'paid', toStatus: 'shipped', actorType: 'staff', actorId: '3', data: { carrier: '顺丰速运', trackingNo: 'SF1234567890' } },
      { title: '发货', transition: '待发货 → 已发货', detail: '顺丰速运 · SF1234567890', actor: '员工 #3' },
    ],
    [
      'closed by the sweeper',
      { type: 'cancelled', fromStatus: 'pending_payment', toStatus: 'cancelled', actorType: 'system', actorId: null, data: { reason: '超时未支付' } },
      { title: '取消订单', transition: '待付款 → 已取消', detail: '超时未支付', actor: '系统' },
    ],
    [
      'refund requested',
      { type: 'refund_requested', fromStatus: 'shipped', toStatus: 'refunding', data: { refundId: 5, amountFen: 1299 } },
      { title: '申请退款', transition: '已发货 → 退款中', detail: '退款 ¥12.99', actor: '会员 #12' },
    ],
    [
      'refund approved without restock',
      { type: 'refund_approved', actorType: 'staff', actorId: '1', data: { refundId: 5, restock: false } },
      { title: '同意退款', transition: null, detail: '不退回库存', actor: '员工 #1' },
    ],
    [
      'refund rejected with a note',
      { type: 'refund_rejected', fromStatus: 'refunding', toStatus: 'shipped', actorType: 'staff', actorId: '1', data: { refundId: 5, note: '超过售后期限' } },
      { title: '拒绝退款', transition: '退款中 → 已发货', detail: '说明：超过售后期限', actor: '员工 #1' },
    ],
    [
      'refunded with restock',
      {
        type: 'refunded',
        fromStatus: 'refunding',
        toStatus: 'partially_refunded',
        actorType: 'wechat',
        actorId: '5030001',
        data: { refundId: 5, amountFen: 1299, restock: true },
      },
      { title: '退款成功', transition: '退款中 → 部分退款', detail: '退款 ¥12.99 · 退回库存', actor: '微信支付' },
    ],
    [
      'an event type this console does not know',
      { type: 'gift_wrapped', data: [1, 2] },
      { title: 'gift_wrapped', transition: null, detail: null, actor: '会员 #12' },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(describeOrderEvent(event(overrides))).toMatchObject(expected);
  });

  it('names staff when the role may list them', () => {
    const view = describeOrderEvent(event({ type: 'shipped', actorType: 'staff', actorId: '3' }), (id) => (id === 3 ? '小林' : undefined));
    expect(view.actor).toBe('小林');
  });

  it('shows an amount only when it is integer fen', () => {
    expect(describeOrderEvent(event({ type: 'paid', data: { amountFen: 12.5 } })).detail).toBeNull();
  });
});
