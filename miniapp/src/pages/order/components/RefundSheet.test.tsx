import { act, fireEvent, render, screen } from '@testing-library/react';
import { planRefund, type Fen, type Order, type Refund } from '@siyu/shared';
import { refundPreviewText } from '../../../lib/refund';
import { RefundSheet } from './RefundSheet';

const mockRequestRefund = jest.fn<Promise<Refund>, [number, unknown]>();
jest.mock('../../../api/refunds', () => ({ requestRefund: (id: number, body: unknown) => mockRequestRefund(id, body) }));

type Line = Order['lines'][number];
const line = (overrides: Partial<Line>): Line => ({
  lineNo: 1,
  skuId: 11,
  productId: 5,
  title: '每日坚果',
  specs: { 规格: '25g×30包' },
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

const order = (lines: Line[]) => ({ id: 42, status: 'paid', shippingFen: 800, shippedAt: null, lines }) as Order;
const twoLines = () => order([line({ refundedQuantity: 1, refundedFen: 3333 }), line({ lineNo: 2, title: '挂耳咖啡', quantity: 1, payableFen: 2990 })]);

/** What the server would refund for these units (the shared rule itself). */
function expectedText(subject: Order, requested: { lineNo: number; quantity: number }[]): string {
  const result = planRefund({
    lines: subject.lines.map((each) => ({
      lineNo: each.lineNo,
      quantity: each.quantity,
      payableFen: each.payableFen as Fen,
      refundedQuantity: each.refundedQuantity,
      openQuantity: 0,
    })),
    requested,
    shippingFen: subject.shippingFen as Fen,
    isShipped: subject.shippedAt !== null,
  });
  if (!result.ok) throw new Error(result.reason);
  return refundPreviewText(result.plan);
}

function setup(subject: Order) {
  const onSubmitted = jest.fn();
  const onClose = jest.fn();
  render(<RefundSheet order={subject} onClose={onClose} onSubmitted={onSubmitted} />);
  return { onSubmitted, onClose };
}

describe('RefundSheet', () => {
  beforeEach(() => mockRequestRefund.mockReset());

  it('chooses a line with all its refundable units and clamps the stepper to them', () => {
    const subject = twoLines();
    setup(subject);
    expect(screen.getByText('可退 2 件')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('checkbox')[0] as HTMLElement);
    expect(screen.getByText('2')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('增加'));
    expect(screen.getByText('2')).toBeTruthy();
    expect(screen.getByText('最多可退 2 件')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('减少'));
    fireEvent.click(screen.getByLabelText('减少'));
    expect(screen.getByText('1')).toBeTruthy();
    expect(screen.getByText('至少退 1 件，不退请取消勾选')).toBeTruthy();
  });

  it('previews the amount exactly as planRefund computes it, shipping included once everything comes back', () => {
    const subject = twoLines();
    setup(subject);
    const boxes = screen.getAllByRole('checkbox');
    fireEvent.click(boxes[0] as HTMLElement);
    fireEvent.click(screen.getByLabelText('减少'));
    expect(screen.getByText(expectedText(subject, [{ lineNo: 1, quantity: 1 }]))).toBeTruthy();
    expect(screen.getByText('预计退款 ¥33.33')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('增加'));
    fireEvent.click(boxes[1] as HTMLElement);
    const all = expectedText(subject, [
      { lineNo: 1, quantity: 2 },
      { lineNo: 2, quantity: 1 },
    ]);
    expect(all).toBe('预计退款 ¥104.57，含运费 ¥8.00');
    expect(screen.getByText(all)).toBeTruthy();
  });

  it('needs a line and a reason before it submits', () => {
    setup(twoLines());
    expect(screen.getByText('请选择要退款的商品')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('checkbox')[1] as HTMLElement);
    expect(screen.getByText('请选择退款原因')).toBeTruthy();
    fireEvent.click(screen.getByText('提交申请'));
    expect(mockRequestRefund).not.toHaveBeenCalled();
  });

  it('submits the chosen units and reason, then hands the refund back', async () => {
    const subject = order([line({})]);
    const { onSubmitted } = setup(subject);
    const refund = { id: 7, status: 'requested' } as Refund;
    mockRequestRefund.mockResolvedValue(refund);
    // A single refundable line starts chosen, with all its units.
    expect(screen.getByText(expectedText(subject, [{ lineNo: 1, quantity: 3 }]))).toBeTruthy();
    fireEvent.click(screen.getByLabelText('减少'));
    fireEvent.click(screen.getByText('商品质量问题'));
    await act(async () => {
      fireEvent.click(screen.getByText('提交申请'));
    });
    expect(mockRequestRefund).toHaveBeenCalledWith(42, { lines: [{ lineNo: 1, quantity: 2 }], reason: '商品质量问题', kind: 'refund_only', photos: [] });
    expect(onSubmitted).toHaveBeenCalledWith(refund);
  });

  it('offers 退货退款 only on a shipped order and sends the chosen kind', async () => {
    expect(setupAndFind(order([line({})]))).toBeNull();
    const shipped = { ...order([line({})]), status: 'shipped', shippedAt: '2026-03-02T00:00:00.000Z' } as Order;
    setup(shipped);
    mockRequestRefund.mockResolvedValue({ id: 8, status: 'requested' } as Refund);
    fireEvent.click(screen.getByText('退货退款'));
    fireEvent.click(screen.getByText('商品质量问题'));
    await act(async () => {
      fireEvent.click(screen.getByText('提交申请'));
    });
    expect(mockRequestRefund).toHaveBeenCalledWith(42, expect.objectContaining({ kind: 'return_refund', photos: [] }));
  });

  function setupAndFind(subject: Order) {
    const view = render(<RefundSheet order={subject} onClose={jest.fn()} onSubmitted={jest.fn()} />);
    const found = screen.queryByText('退货退款');
    view.unmount();
    return found;
  }
});
