import '../../testing/jsdom';
import { roleCan, type StaffRole } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { ordersApi } from '../../api/orders';
import { OrderListPage } from './OrderListPage';
import { buildAdminOrder } from './test-orders';

// @ant-design/icons v6 ships ES modules only, which the admin jest project does not transform.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../api/orders', () => ({ ordersApi: { list: jest.fn(), counts: jest.fn() }, refundsApi: {} }));
let role: StaffRole = 'owner';
jest.mock('../../auth/SessionProvider', () => ({ useSession: () => ({ can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }) }));
const list = ordersApi.list as jest.MockedFunction<typeof ordersApi.list>;
const counts = ordersApi.counts as jest.MockedFunction<typeof ordersApi.counts>;

function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

function renderAt(url: string) {
  render(
    <App>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/orders"
            element={
              <>
                <OrderListPage />
                <Search />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </App>,
  );
}

describe('OrderListPage', () => {
  beforeEach(() => {
    role = 'owner';
    list.mockReset();
    counts.mockReset();
    counts.mockResolvedValue({
      all: 7,
      byStatus: { pending_payment: 1, paid: 3, shipped: 2, completed: 1, cancelled: 0, refunding: 0, refunded: 0, partially_refunded: 0 },
    });
    list.mockResolvedValue({
      items: [buildAdminOrder(), buildAdminOrder({ id: 42, orderNo: 'S20260301120500ZZZZZZZZ', status: 'shipped' })],
      nextCursor: null,
    });
  });

  it('queries what the URL filters by (a link from a member: ?memberId=)', async () => {
    renderAt('/orders?memberId=12&from=2026-03-01&to=2026-03-01');
    await waitFor(() => expect(list).toHaveBeenCalled());
    const [query, cursor, limit] = list.mock.calls[0] ?? [];
    expect(query).toEqual({ memberId: 12, from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 2, 2).toISOString() });
    expect([cursor, limit]).toEqual([null, 20]);
    expect((screen.getByLabelText('会员 ID') as HTMLInputElement).value).toBe('12');
  });

  it('shows the recipient phone masked, and 发货 only on paid orders', async () => {
    renderAt('/orders');
    const table = await screen.findByTestId('order-table');
    await waitFor(() => expect(table.textContent).toContain('林小满 138****8000'));
    expect(table.textContent).not.toContain('13800138000');
    const shipLinks = screen.getAllByRole('link', { name: '发货' });
    expect(shipLinks.map((link) => link.getAttribute('href'))).toEqual(['/orders/41?ship=1']);
  });

  it('names the buyer (nickname linking to the member, masked phone) instead of "#12"', async () => {
    renderAt('/orders');
    const [buyer] = await screen.findAllByTestId('order-buyer');
    expect(buyer?.textContent).toBe('黄金·米粒 139****5678');
    expect(screen.getAllByRole('link', { name: '黄金·米粒' })[0]?.getAttribute('href')).toBe('/members/12');
    expect(screen.getByTestId('order-table').textContent).not.toContain('#12');
  });

  it.each<StaffRole>(['analyst', 'operator'])('%s sees the orders but no 发货', async (readOnly) => {
    role = readOnly;
    renderAt('/orders');
    await screen.findByText('S20260301120500ZZZZZZZZ');
    expect(screen.queryByRole('link', { name: '发货' })).toBeNull();
    expect(screen.getByText('只读')).toBeTruthy();
  });

  it('search puts the filter in the URL, order number upper-cased; a bad one is refused', async () => {
    renderAt('/orders');
    await waitFor(() => expect(list).toHaveBeenCalledTimes(1));
    fireEvent.change(screen.getByLabelText('订单号'), { target: { value: 'S12' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    expect(await screen.findByText('格式不正确')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('订单号'), { target: { value: ' s20260301120000abcdefgh ' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    await waitFor(() => expect(screen.getByTestId('search').textContent).toBe('?orderNo=S20260301120000ABCDEFGH'));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ orderNo: 'S20260301120000ABCDEFGH' }, null, 20, expect.anything()));
  });

  it('shows status tabs with counts; a tab and a buyer search go to the URL', async () => {
    renderAt('/orders?q=13912345678');
    const tabs = await screen.findByTestId('order-status-tabs');
    await waitFor(() => expect(tabs.textContent).toContain('待发货 3'));
    expect(counts.mock.calls[0]?.[0]).toEqual({ q: '13912345678' });
    fireEvent.click(screen.getByRole('tab', { name: /待发货/ }));
    await waitFor(() => expect(screen.getByTestId('search').textContent).toBe('?q=13912345678&status=paid'));
    await waitFor(() => expect(list.mock.calls.at(-1)?.[0]).toEqual({ q: '13912345678', status: 'paid' }));
  });
});
