import '../../../testing/jsdom';
import { roleCan, type StaffRole } from '@siyu/shared';
import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { couponsApi } from '../../../api/promotions';
import { buildApproval, buildCouponTemplate } from '../testing/builders';
import { CouponListPage } from './CouponListPage';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../../api/promotions', () => ({ couponsApi: { list: jest.fn() } }));
let role: StaffRole = 'owner';
jest.mock('../../../auth/SessionProvider', () => ({ useSession: () => ({ can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }) }));
const list = couponsApi.list as jest.MockedFunction<typeof couponsApi.list>;

const renderPage = () =>
  render(
    <App>
      <MemoryRouter>
        <CouponListPage />
      </MemoryRouter>
    </App>,
  );
const actionsOf = async (name: string) => {
  const row = (await screen.findByText(name)).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return within(row)
    .queryAllByRole('button')
    .map((button) => (button.textContent ?? '').replace(/\s/g, ''))
    .filter((label) => ['数据', '发放', '兑换码', '停止'].includes(label));
};

describe('CouponListPage', () => {
  beforeEach(() => {
    list.mockReset().mockResolvedValue([
      buildCouponTemplate(),
      buildCouponTemplate({
        id: 12,
        name: '七折券',
        ruleText: '3折',
        approval: buildApproval({ status: 'pending', reason: { depthBp: 7000, belowCost: [] } }),
      }),
    ]);
  });

  it('shows rule, validity, issue and budget progress, and the approval tag', async () => {
    renderPage();
    const table = await screen.findByTestId('coupon-table');
    await within(table).findByText('双11满减券');
    for (const text of ['已发 250 / 1000 · 已用 40', '¥12,500.00 / ¥50,000.00', '领取后7天内有效', '待审批', '全店通用'])
      expect(table.textContent).toContain(text);
  });

  it.each<[StaffRole, string[], string[], boolean]>([
    ['owner', ['数据', '发放', '兑换码', '停止'], ['数据', '停止'], true],
    ['operator', ['数据', '发放', '兑换码', '停止'], ['数据', '停止'], true],
    ['service', ['数据', '发放'], ['数据'], false],
    ['analyst', ['数据'], ['数据'], false],
  ])('%s sees the actions its role may take (none to hand out a pending coupon)', async (who, approvedActions, pendingActions, canCreate) => {
    role = who;
    renderPage();
    expect(await actionsOf('双11满减券')).toEqual(approvedActions);
    expect(await actionsOf('七折券')).toEqual(pendingActions);
    expect(screen.queryByRole('button', { name: /新建优惠券/ }) !== null).toBe(canCreate);
  });
});
