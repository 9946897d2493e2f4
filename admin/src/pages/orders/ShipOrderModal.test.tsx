import '../../testing/jsdom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { ApiError } from '../../api/client';
import { ordersApi } from '../../api/orders';
import { ShipOrderModal } from './ShipOrderModal';
import { buildAdminOrder } from './test-orders';

jest.mock('../../api/orders', () => ({ ordersApi: { ship: jest.fn() }, refundsApi: {} }));
const ship = ordersApi.ship as jest.MockedFunction<typeof ordersApi.ship>;

function renderModal() {
  const onShipped = jest.fn();
  const onClose = jest.fn();
  render(
    <App>
      <ShipOrderModal order={buildAdminOrder()} onClose={onClose} onShipped={onShipped} />
    </App>,
  );
  return { onShipped, onClose };
}

const type = (label: string, text: string) => fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
const confirm = () => fireEvent.click(screen.getByRole('button', { name: '确认发货' }));

describe('ShipOrderModal', () => {
  beforeEach(() => ship.mockReset());

  it('shows the recipient in full, phone included, to label the parcel', () => {
    renderModal();
    expect(screen.getByTestId('ship-recipient').textContent).toContain('林小满 13800138000');
    expect(screen.getByTestId('ship-recipient').textContent).toContain('上海市 浦东新区 世纪大道 100 号 8 楼');
  });

  it('asks for both fields and sends nothing while they are empty', async () => {
    renderModal();
    confirm();
    expect(await screen.findByText('请选择或填写快递公司')).toBeTruthy();
    expect(await screen.findByText('请填写快递单号')).toBeTruthy();
    expect(ship).not.toHaveBeenCalled();
  });

  it('refuses a tracking number the server would refuse', async () => {
    renderModal();
    type('快递公司', '顺丰速运');
    type('快递单号', 'SF 12');
    confirm();
    expect(await screen.findByText('快递单号须为 6–40 位字母、数字或 "-"')).toBeTruthy();
    expect(ship).not.toHaveBeenCalled();
  });

  it('sends the trimmed carrier and tracking number and hands back the shipped order', async () => {
    const shipped = buildAdminOrder({ status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    ship.mockResolvedValue(shipped);
    const { onShipped } = renderModal();
    type('快递公司', ' 顺丰速运 ');
    type('快递单号', ' SF1234567890 ');
    confirm();
    await waitFor(() => expect(onShipped).toHaveBeenCalledWith(shipped));
    expect(ship).toHaveBeenCalledWith(41, { carrier: '顺丰速运', trackingNo: 'SF1234567890' });
  });

  it('on ORDER_STATUS_CONFLICT (shipped meanwhile) says so and lets the page reload', async () => {
    ship.mockRejectedValue(new ApiError(409, 'ORDER_STATUS_CONFLICT', 'order status conflict', { status: 'shipped' }, 'req-1'));
    const { onShipped } = renderModal();
    type('快递公司', '中通快递');
    type('快递单号', 'ZT0000000001');
    confirm();
    await waitFor(() => expect(onShipped).toHaveBeenCalledWith(null));
    expect(await screen.findByText(/订单状态已变化，请刷新后重试/)).toBeTruthy();
  });
});
