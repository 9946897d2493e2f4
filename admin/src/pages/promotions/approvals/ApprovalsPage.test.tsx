import '../../../testing/jsdom';
import { roleCan, type StaffRole } from '@siyu/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { ApiError } from '../../../api/client';
import { approvalsApi, promotionSettingsApi } from '../../../api/promotions';
import { buildApproval, buildPendingApproval, buildProduct } from '../testing/builders';
import { ApprovalsPage } from './ApprovalsPage';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../../api/catalog', () => ({ catalogApi: { products: jest.fn(async () => ({ items: [buildProduct()], nextCursor: null })) } }));
jest.mock('../../../api/staff', () => ({ staffApi: { list: jest.fn(async () => [{ id: 2, displayName: '运营小林' }]) } }));
jest.mock('../../../api/promotions', () => ({
  approvalsApi: { list: jest.fn(), approve: jest.fn(), reject: jest.fn() },
  promotionSettingsApi: { get: jest.fn() },
}));
let role: StaffRole = 'owner';
let staffId = 1;
jest.mock('../../../auth/SessionProvider', () => ({
  useSession: () => ({ staff: { id: staffId }, can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }),
}));
const list = approvalsApi.list as jest.MockedFunction<typeof approvalsApi.list>;
const approve = approvalsApi.approve as jest.MockedFunction<typeof approvalsApi.approve>;

const renderPage = () =>
  render(
    <App>
      <ApprovalsPage />
    </App>,
  );
/** Clicks the primary button of the open Popconfirm. */
async function confirmPopover(): Promise<void> {
  const popover = await waitFor(() => {
    const element = document.querySelector<HTMLElement>('.ant-popconfirm');
    if (!element) throw new Error('no popconfirm');
    return element;
  });
  fireEvent.click(within(popover).getAllByRole('button').at(-1) as HTMLElement);
}

describe('ApprovalsPage', () => {
  beforeEach(() => {
    role = 'owner';
    staffId = 1;
    list.mockReset().mockResolvedValue([buildPendingApproval()]);
    approve.mockReset().mockResolvedValue({});
    (promotionSettingsApi.get as jest.Mock).mockResolvedValue({ stackingMatrix: { pairs: {} }, maxDepthBp: 5000 });
  });

  it('shows why approval is needed: the depth and each SKU below cost', async () => {
    renderPage();
    const table = await screen.findByTestId('approval-table');
    await waitFor(() => expect(table.textContent).toContain('折扣深度 70%／低于成本 1 个规格'));
    await waitFor(() => expect(table.textContent).toContain('每日坚果 · 规格:25g×30包：¥29.70，成本 ¥50.00'));
    expect(table.textContent).toContain('优惠券');
    expect(table.textContent).toContain('运营小林'); // the creator, named for the owner (staff:manage)
  });

  it('lists three below-cost SKUs and keeps the rest behind 查看全部', async () => {
    const belowCost = [7, 8, 9, 10, 11].map((skuId) => ({ skuId, priceAfterFen: 100, costPriceFen: 200 }));
    list.mockResolvedValue([buildPendingApproval({ approval: buildApproval({ status: 'pending', reason: { depthBp: 3000, belowCost } }) })]);
    renderPage();
    const below = await screen.findByTestId('below-cost-list');
    await waitFor(() => expect(below.textContent).toContain('…等 5 个规格，查看全部'));
    expect(below.textContent).toContain('规格 #9：¥1.00，成本 ¥2.00');
    expect(below.textContent).not.toContain('规格 #10');
    // Below the maximum depth: only the below-cost part is the reason.
    expect(screen.getByText('低于成本 5 个规格')).toBeTruthy();
  });

  it('the owner approves a colleague’s promotion and the queue reloads', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: /通\s*过/ }));
    await confirmPopover();
    await waitFor(() => expect(approve).toHaveBeenCalledWith('coupon_template', 12));
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });

  it('says so when the server refuses the creator approving (PROMOTION_APPROVAL_SELF)', async () => {
    approve.mockRejectedValue(new ApiError(409, 'PROMOTION_APPROVAL_SELF', 'self', undefined, 'req-1'));
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: /通\s*过/ }));
    await confirmPopover();
    expect(await screen.findByText('不能审批自己创建的活动')).toBeTruthy();
  });

  it('offers no buttons on one’s own promotion', async () => {
    staffId = 2;
    renderPage();
    expect(await screen.findByText('需其他店主审批')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /通\s*过/ })).toBeNull();
  });

  it.each<StaffRole>(['operator', 'analyst'])('%s sees the queue read-only', async (readOnly) => {
    role = readOnly;
    renderPage();
    await screen.findByText('七折券');
    expect(screen.queryByRole('button', { name: /通\s*过/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /驳\s*回/ })).toBeNull();
    expect(screen.getByText('只读')).toBeTruthy();
  });
});
