import '../../testing/jsdom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { ApiError } from '../../api/client';
import { refundsApi } from '../../api/orders';
import { buildAdminOrder, buildAdminRefund } from '../orders/test-orders';
import { RefundReviewModal, type ReviewMode } from './RefundReviewModal';

jest.mock('../../api/orders', () => ({ ordersApi: { get: jest.fn() }, refundsApi: { approve: jest.fn(), reject: jest.fn() } }));
const approve = refundsApi.approve as jest.MockedFunction<typeof refundsApi.approve>;
const reject = refundsApi.reject as jest.MockedFunction<typeof refundsApi.reject>;

function renderModal(mode: ReviewMode) {
  const onDone = jest.fn();
  render(
    <App>
      <RefundReviewModal refund={buildAdminRefund()} order={buildAdminOrder()} mode={mode} onClose={jest.fn()} onDone={onDone} />
    </App>,
  );
  return { onDone };
}

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('RefundReviewModal', () => {
  beforeEach(() => {
    approve.mockReset();
    reject.mockReset();
  });

  it('names what comes back from the order lines, with shipping, adding up to the refund', async () => {
    renderModal('approve');
    expect(await screen.findByText('每日坚果 25g×30包（规格:25g×30包）')).toBeTruthy();
    expect(screen.getByText('运费')).toBeTruthy();
    expect(screen.getByTestId('refund-total').textContent).toBe('¥37.90');
  });

  it('approve: the restock choice has no default and must be made', async () => {
    renderModal('approve');
    click('同意并退款');
    expect(await screen.findByText('请选择是否退回库存')).toBeTruthy();
    expect(approve).not.toHaveBeenCalled();
  });

  it.each([
    ['退回库存（可再次销售）', true],
    ['不退回库存', false],
  ])('approve with %s sends restock=%s', async (label, restock) => {
    approve.mockResolvedValue(buildAdminRefund({ status: 'succeeded', restock }));
    const { onDone } = renderModal('approve');
    fireEvent.click(screen.getByLabelText(label));
    click('同意并退款');
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(approve).toHaveBeenCalledWith(5, restock);
    expect(await screen.findByText('已退款 ¥37.90')).toBeTruthy();
  });

  it('reject: needs a note, then sends it trimmed', async () => {
    reject.mockResolvedValue(buildAdminRefund({ status: 'rejected', reviewNote: '超过售后期限' }));
    const { onDone } = renderModal('reject');
    click('拒绝退款');
    expect(await screen.findByText('请填写拒绝说明')).toBeTruthy();
    expect(reject).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('拒绝说明'), { target: { value: '  超过售后期限 ' } });
    click('拒绝退款');
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(reject).toHaveBeenCalledWith(5, '超过售后期限');
  });

  it('a refund reviewed by someone else meanwhile: says so and reloads', async () => {
    approve.mockRejectedValue(new ApiError(409, 'REFUND_STATUS_CONFLICT', 'conflict', { status: 'processing' }, 'req-2'));
    const { onDone } = renderModal('approve');
    fireEvent.click(screen.getByLabelText('不退回库存'));
    click('同意并退款');
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(await screen.findByText('退款状态已变化，请刷新后重试')).toBeTruthy();
  });
});
