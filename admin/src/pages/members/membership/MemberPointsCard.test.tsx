import '../../../testing/jsdom';
import { roleCan, type AdminMemberPointsView, type StaffRole } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { memberLedgersApi } from '../../../api/membership';
import { MemberPointsCard } from './MemberPointsCard';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../../api/membership', () => ({ memberLedgersApi: { points: jest.fn(), adjustPoints: jest.fn() } }));
let role: StaffRole = 'service';
jest.mock('../../../auth/SessionProvider', () => ({
  useSession: () => ({ staff: { id: 1 }, can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }),
}));
const points = memberLedgersApi.points as jest.MockedFunction<typeof memberLedgersApi.points>;
const adjustPoints = memberLedgersApi.adjustPoints as jest.MockedFunction<typeof memberLedgersApi.adjustPoints>;

function view(entries: AdminMemberPointsView['entries']): AdminMemberPointsView {
  return {
    memberId: 5,
    summary: {
      balance: 120,
      available: 100,
      pending: 20,
      total: 120,
      expiringSoon: 0,
      expiringSoonAt: null,
      pointsPerYuan: 100,
      checkin: { checkedInToday: false, streak: 0, todayPoints: 5 },
    },
    lots: [],
    entries,
    nextCursor: null,
  };
}
const earned = { id: 1, delta: 120, kind: 'earn', reason: '订单积分', orderId: 31, createdAt: '2026-11-20T02:00:00.000Z', source: 'order' };

const renderCard = () =>
  render(
    <MemoryRouter>
      <App>
        <MemberPointsCard memberId={5} />
      </App>
    </MemoryRouter>,
  );

describe('MemberPointsCard', () => {
  beforeEach(() => {
    role = 'service';
    points.mockReset().mockResolvedValue(view([earned]));
    adjustPoints.mockReset();
  });

  it('shows no 调整积分 without membership:adjust', async () => {
    role = 'analyst';
    renderCard();
    await screen.findByText('订单积分');
    expect(screen.queryByTestId('adjust-points')).toBeNull();
  });

  it('adjusts with a reason, then reads the first page again and shows the entry', async () => {
    const manual = { id: 2, delta: 50, kind: 'adjust', reason: '客诉补偿', orderId: null, createdAt: '2026-11-24T02:00:00.000Z', source: 'adjust' };
    adjustPoints.mockResolvedValue(view([manual, earned]).summary);
    renderCard();
    fireEvent.click(await screen.findByTestId('adjust-points'));
    fireEvent.change(screen.getByLabelText('调整数量'), { target: { value: '50' } });
    fireEvent.click(screen.getByText('确认调整'));
    expect(await screen.findByText('请填写调整原因')).toBeTruthy();
    expect(adjustPoints).not.toHaveBeenCalled();

    points.mockResolvedValue(view([manual, earned]));
    fireEvent.change(screen.getByLabelText('调整原因'), { target: { value: '客诉补偿' } });
    fireEvent.click(screen.getByText('确认调整'));
    await waitFor(() => expect(adjustPoints).toHaveBeenCalledWith(5, { delta: 50, reason: '客诉补偿' }));
    expect(await screen.findByText('客诉补偿')).toBeTruthy();
    expect(screen.getByText('+50')).toBeTruthy();
  });
});
