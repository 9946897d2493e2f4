import { planRefund, type Fen, type Order } from '@siyu/shared';
import { canRequestRefund, previewRefund, refundableQuantity, refundPreviewProblem, refundPreviewText, refundReasonText } from './refund';

type Line = Order['lines'][number];

const line = (overrides: Partial<Line> = {}): Line => ({
  lineNo: 1,
  skuId: 11,
  productId: 5,
  title: '每日坚果',
  specs: {},
  image: null,
  quantity: 3,
  unitPriceFen: 3334,
  publicPriceFen: 3334,
  subtotalFen: 10000,
  discountFen: 0,
  payableFen: 10000,
  refundedQuantity: 0,
  refundedFen: 0,
  ...overrides,
});

const order = (overrides: Partial<Order> = {}) =>
  ({
    status: 'paid',
    shippingFen: 800,
    shippedAt: null,
    lines: [line(), line({ lineNo: 2, quantity: 1, payableFen: 2990, subtotalFen: 2990 })],
    ...overrides,
  }) as Order;

describe('refund helpers', () => {
  it('offers 申请退款 for paid, shipped, completed and partly refunded orders without an open request', () => {
    for (const status of ['paid', 'shipped', 'completed', 'partially_refunded'] as const) expect(canRequestRefund(order({ status }), [])).toBe(true);
    for (const status of ['pending_payment', 'cancelled', 'refunding', 'refunded'] as const) expect(canRequestRefund(order({ status }), [])).toBe(false);
    expect(canRequestRefund(order(), [{ status: 'requested' }])).toBe(false);
    expect(canRequestRefund(order(), [{ status: 'processing' }])).toBe(false);
    expect(canRequestRefund(order(), [{ status: 'rejected' }, { status: 'succeeded' }])).toBe(true);
  });

  it('offers nothing once every unit is back', () => {
    const done = order({ status: 'partially_refunded', lines: [line({ refundedQuantity: 3 })] });
    expect(refundableQuantity(done.lines[0] as Line)).toBe(0);
    expect(canRequestRefund(done, [])).toBe(false);
  });

  it.each([
    ['one unit of three', [[1, 1]], 0],
    ['the last units of a line carry its remainder', [[1, 2]], 1],
    [
      'everything, before shipping: shipping comes back',
      [
        [1, 3],
        [2, 1],
      ],
      0,
    ],
  ] as const)('previews %s exactly as planRefund prices it', (_name, chosen, refunded) => {
    const subject = order({ lines: [line({ refundedQuantity: refunded }), line({ lineNo: 2, quantity: 1, payableFen: 2990 })] });
    const selection = new Map<number, number>(chosen.map(([lineNo, quantity]) => [lineNo, quantity]));
    const expected = planRefund({
      lines: subject.lines.map((each) => ({
        lineNo: each.lineNo,
        quantity: each.quantity,
        payableFen: each.payableFen as Fen,
        refundedQuantity: each.refundedQuantity,
        openQuantity: 0,
      })),
      requested: chosen.map(([lineNo, quantity]) => ({ lineNo, quantity })),
      shippingFen: 800 as Fen,
      isShipped: false,
    });
    expect(previewRefund(subject, selection)).toEqual(expected);
  });

  it('returns shipping only for a whole order never shipped', () => {
    const all = new Map([
      [1, 3],
      [2, 1],
    ]);
    const before = previewRefund(order(), all);
    expect(before).toMatchObject({ ok: true, plan: { amountFen: 13790, shippingFen: 800 } });
    expect(before?.ok && refundPreviewText(before.plan)).toBe('预计退款 ¥137.90，含运费 ¥8.00');
    const after = previewRefund(order({ shippedAt: '2025-03-09T02:00:00.000Z' }), all);
    expect(after).toMatchObject({ ok: true, plan: { amountFen: 12990, shippingFen: 0 } });
    expect(after?.ok && refundPreviewText(after.plan)).toBe('预计退款 ¥129.90');
  });

  it('explains a preview that cannot be submitted', () => {
    expect(previewRefund(order(), new Map())).toBeNull();
    expect(refundPreviewProblem(null)).toBe('请选择要退款的商品');
    const penny = order({ lines: [line({ quantity: 3, payableFen: 1 })] });
    expect(refundPreviewProblem(previewRefund(penny, new Map([[1, 1]])))).toBe('所选商品的退款金额为 0，请多选几件');
  });

  it("joins the chosen reason and the member's words, within 80 characters", () => {
    expect(refundReasonText('不想要了', '')).toBe('不想要了');
    expect(refundReasonText('其他', ' 颜色不喜欢 ')).toBe('其他：颜色不喜欢');
    expect(refundReasonText(null, '买多了')).toBe('买多了');
    expect(refundReasonText(null, '  ')).toBe('');
    expect(Array.from(refundReasonText('商品质量问题', '坏'.repeat(100)))).toHaveLength(80);
  });
});
