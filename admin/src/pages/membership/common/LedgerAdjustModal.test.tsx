import '../../../testing/jsdom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { ApiError } from '../../../api/client';
import { adjustmentBodyOf, LedgerAdjustModal } from './LedgerAdjustModal';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));

function renderModal(onSubmit = jest.fn(async () => undefined)) {
  render(
    <App>
      <LedgerAdjustModal unit="积分" current="余额 120，可用 100" onClose={jest.fn()} onSubmit={onSubmit} />
    </App>,
  );
  return onSubmit;
}

const type = (label: string, text: string) => fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
const confirm = () => fireEvent.click(screen.getByText('确认调整'));

describe('LedgerAdjustModal', () => {
  it('requires a reason: nothing is sent without one', async () => {
    const onSubmit = renderModal();
    type('调整数量', '50');
    confirm();
    expect(await screen.findByText('请填写调整原因')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a one-character or blank reason like the server would', async () => {
    const onSubmit = renderModal();
    type('调整数量', '50');
    type('调整原因', '   ');
    confirm();
    expect(await screen.findByText('请填写调整原因')).toBeTruthy();
    type('调整原因', '补');
    confirm();
    await waitFor(() => expect(screen.queryByText('请填写调整原因')).toBeNull());
    expect(await screen.findByText(/至少\s*2/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a deduction as a negative delta with the trimmed reason', async () => {
    const onSubmit = renderModal();
    fireEvent.click(screen.getByText('扣减积分'));
    type('调整数量', '30');
    type('调整原因', '  重复发放，收回 ');
    confirm();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ delta: -30, reason: '重复发放，收回' }));
  });

  it('shows POINTS_INSUFFICIENT on the amount', async () => {
    const onSubmit = renderModal(jest.fn(async () => Promise.reject(new ApiError(409, 'POINTS_INSUFFICIENT', 'insufficient', { available: 100 }, 'req-1'))));
    fireEvent.click(screen.getByText('扣减积分'));
    type('调整数量', '500');
    type('调整原因', '客诉退回');
    confirm();
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(await screen.findByText('可用积分不足')).toBeTruthy();
  });
});

describe('adjustmentBodyOf', () => {
  it.each([
    [
      { direction: 'add' as const, amount: 20, reason: '活动补发' },
      { ok: true, value: { delta: 20, reason: '活动补发' } },
    ],
    [
      { direction: 'deduct' as const, amount: 20, reason: '活动补发' },
      { ok: true, value: { delta: -20, reason: '活动补发' } },
    ],
  ])('builds %j', (values, expected) => {
    expect(adjustmentBodyOf(values)).toEqual(expected);
  });

  it('names the field of each problem', () => {
    const built = adjustmentBodyOf({ direction: 'add', amount: 0, reason: 'x' });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors.map((error) => error.name[0]).sort()).toEqual(['amount', 'reason']);
  });
});
