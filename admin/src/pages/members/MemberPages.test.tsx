import '../../testing/jsdom';
import { roleCan, type StaffRole } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { memberCrmApi, tagsApi, type Member360, type MemberListRow } from './member-api';
import { MemberDetailPage } from './MemberDetailPage';
import { MembersPage } from './MembersPage';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('./member-api', () => ({
  ...jest.requireActual('./member-api'),
  memberCrmApi: { list: jest.fn(), get: jest.fn(), timeline: jest.fn(), notes: jest.fn(), addNote: jest.fn(), revealPhone: jest.fn() },
  tagsApi: { groups: jest.fn(), addMembers: jest.fn(), removeMembers: jest.fn() },
}));
jest.mock('../../api/channels', () => ({ channelsApi: { list: jest.fn(async () => [{ id: 4, name: '包裹卡' }]) } }));
// The ledgers have their own tests (membership/); here they stay out of the way.
jest.mock('./membership/MemberGrowthCard', () => ({ MemberGrowthCard: () => null }));
jest.mock('./membership/MemberPointsCard', () => ({ MemberPointsCard: () => null }));
let role: StaffRole = 'owner';
jest.mock('../../auth/SessionProvider', () => ({
  useSession: () => ({ staff: { id: 1 }, can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }),
}));

const api = memberCrmApi as jest.Mocked<typeof memberCrmApi>;
const tags = tagsApi as jest.Mocked<typeof tagsApi>;
const SLOW = { timeout: 5000 };

const member: Member360 = {
  id: 42,
  nickname: '林小满',
  avatarUrl: null,
  tierCode: 'gold',
  hasPhone: true,
  phoneMasked: '198****1234',
  createdAt: '2025-01-02T03:04:05Z',
  openidSuffix: 'abc123',
  lastLoginAt: null,
  tags: [
    { id: 1, name: 'VIP', color: '#d4380d', kind: 'manual', source: 'staff', createdAt: '2026-11-01T00:00:00Z' },
    { id: 5, name: '高客单', color: null, kind: 'rule', source: 'rule', createdAt: '2026-11-01T00:00:00Z' },
  ],
  rfm: { cell: '011', name: '重要保持', rScore: 2, fScore: 5, mScore: 4, recencyDays: 120, windowOrders: 9, windowNetFen: 123_456 },
  lifecycle: { stage: 'silent', name: '沉默', since: '2026-10-31T16:30:00Z' },
  spend: {
    netPaidFen: 234_567,
    paidOrders: 12,
    aovFen: 19_547,
    firstPaidAt: '2025-02-01T02:00:00Z',
    lastPaidAt: '2026-08-07T16:30:00Z',
    refundCount: 1,
    refundedFen: 5_000,
    couponShareBp: 2500,
  },
  channels: { first: { id: 4, name: '包裹卡', at: '2025-01-02T03:00:00Z' }, last: null },
  favouriteCategories: [{ id: 9, name: '滋补' }],
  city: '杭州市',
  birthday: '1990-03-08',
  pointsBalance: 880,
  growthValue: 2400,
  consents: [{ channel: 'sms', granted: true, source: 'miniapp', updatedAt: '2026-01-01T00:00:00Z' }],
};

const row = (id: number, extra: Partial<MemberListRow> = {}): MemberListRow => ({
  id,
  nickname: `会员${id}`,
  avatarUrl: null,
  tierCode: 'silver',
  hasPhone: true,
  phoneMasked: '198****1234',
  createdAt: '2025-01-02T03:04:05Z',
  openidSuffix: 'abc123',
  lastLoginAt: null,
  paidOrders: 3,
  netPaidFen: 45_600,
  aovFen: 15_200,
  lastPaidAt: '2026-11-30T16:30:00Z',
  lifecycle: 'active',
  rfmCell: '111',
  tags: [],
  firstChannel: null,
  ...extra,
});

function renderAt(url: string) {
  return render(
    <App>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/members" element={<MembersPage />} />
          <Route path="/members/:memberId" element={<MemberDetailPage />} />
        </Routes>
      </MemoryRouter>
    </App>,
  );
}

beforeEach(() => {
  role = 'owner';
  jest.clearAllMocks();
  api.get.mockResolvedValue(member);
  api.timeline.mockResolvedValue({
    items: [{ kind: 'order', at: '2026-08-07T16:30:00Z', title: '下单并付款', detail: '订单 S2026', ref: { type: 'order', id: 7 } }],
    nextCursor: null,
  });
  api.notes.mockResolvedValue([]);
  tags.groups.mockResolvedValue([
    {
      id: 1,
      name: '客户身份',
      sort: 10,
      tags: [
        { id: 1, groupId: 1, name: 'VIP', kind: 'manual', description: null, color: null, status: 'active', members: 3 },
        { id: 2, groupId: 1, name: '团购客户', kind: 'manual', description: null, color: null, status: 'active', members: 1 },
      ],
    },
  ]);
});

describe('会员详情 (member 360)', () => {
  it('shows RFM with scores, lifecycle, spend in yuan and China time, tags and consents — in Chinese only', async () => {
    renderAt('/members/42');
    const profile = await screen.findByTestId('member-profile', undefined, SLOW);
    expect(profile.textContent).toContain('198****1234');
    expect(profile.textContent).toContain('短信营销：已同意');
    expect(profile.textContent).toContain('3月8日');
    expect(screen.getByTestId('member-rfm').textContent).toMatch(/重要保持[\s\S]*2 分[\s\S]*5 分[\s\S]*4 分/);
    expect(screen.getByTestId('member-lifecycle').textContent).toContain('自 2026-11-01 起');
    expect(screen.getByTestId('spend-net').textContent).toBe('¥2,345.67');
    expect(screen.getByTestId('spend-orders').textContent).toBe('12 单');
    expect(screen.getByTestId('spend-aov').textContent).toBe('¥195.47');
    expect(screen.getByTestId('spend-last').textContent).toBe('2026-08-08');
    expect(screen.getByTestId('spend-refunds').textContent).toBe('1 笔 · ¥50.00');
    expect(screen.getByTestId('member-tags').textContent).toMatch(/VIP[\s\S]*高客单/);
    await screen.findByText('下单并付款', undefined, SLOW);
    const text = screen.getByTestId('member-360').textContent ?? '';
    expect(text).not.toMatch(/silent|manual|rule|sms|011|undefined|null|NaN/);
    for (const id of ['action-tag', 'action-note', 'action-coupon', 'action-points', 'reveal-phone']) expect(screen.queryByTestId(id)).not.toBeNull();
  });

  it('reveals the full phone after a confirm and says the look is recorded', async () => {
    api.revealPhone.mockResolvedValue({ phone: '19812341234' });
    renderAt('/members/42');
    fireEvent.click(await screen.findByTestId('reveal-phone', undefined, SLOW));
    fireEvent.click(await screen.findByRole('button', { name: /^查\s*看$/ }, SLOW));
    await screen.findByTestId('phone-reveal-note', undefined, SLOW);
    expect(api.revealPhone).toHaveBeenCalledWith(42);
    expect(screen.getByTestId('member-phone').textContent).toContain('19812341234');
  });

  it('writes a trimmed note and refuses an empty one', async () => {
    api.addNote.mockResolvedValue({ id: 1, body: '回访', staff: { id: 1, name: '店主' }, createdAt: '2026-12-01T00:00:00Z' });
    renderAt('/members/42');
    fireEvent.click(await screen.findByTestId('action-note', undefined, SLOW));
    fireEvent.click(await screen.findByRole('button', { name: /保\s*存/ }, SLOW));
    expect(await screen.findByText('请填写备注内容', undefined, SLOW)).toBeTruthy();
    expect(api.addNote).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('备注内容'), { target: { value: '  回访：满意  ' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(api.addNote).toHaveBeenCalledWith(42, '回访：满意'), SLOW);
  });

  it('gives an analyst no reveal and no actions', async () => {
    role = 'analyst';
    renderAt('/members/42');
    await screen.findByTestId('member-profile', undefined, SLOW);
    for (const id of ['action-tag', 'action-note', 'action-coupon', 'action-points', 'reveal-phone', 'tag-add', 'note-add'])
      expect(screen.queryByTestId(id)).toBeNull();
    expect(tags.groups).not.toHaveBeenCalled();
  });
});

describe('会员 list', () => {
  it('sends the filter of the URL and shows spend, lifecycle, RFM, tags (3 and +N) and source', async () => {
    api.list.mockResolvedValue({
      items: [
        row(1, {
          tags: [1, 2, 3, 4, 5].map((id) => ({ id, name: `标签${id}`, color: null })),
          firstChannel: { id: 4, name: '包裹卡' },
        }),
      ],
      nextCursor: null,
    });
    renderAt('/members?phoneSuffix=1234&rfmCell=111&sort=netPaidFen&order=desc&bogus=1');
    await screen.findByText('会员1', undefined, SLOW);
    expect(api.list.mock.calls[0]?.[0]).toEqual({ phoneSuffix: '1234', rfmCell: '111', sort: 'netPaidFen', order: 'desc' });
    const table = screen.getByTestId('member-table').textContent ?? '';
    for (const text of ['198****1234', '活跃', '重要价值', '¥456.00', '2026-12-01', '标签1', '标签3', '+2', '包裹卡']) expect(table).toContain(text);
    expect(table).not.toContain('标签4');
    expect(screen.getByTestId('bulk-tag')).toBeTruthy();
  });

  it('refuses a phone box that is neither 4 nor 11 digits, and has no bulk tagging for an analyst', async () => {
    role = 'analyst';
    api.list.mockResolvedValue({ items: [row(2)], nextCursor: null });
    renderAt('/members');
    await screen.findByText('会员2', undefined, SLOW);
    expect(screen.queryByTestId('bulk-tag')).toBeNull();
    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '123' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    expect(await screen.findByText('请输入手机号后 4 位或完整 11 位号码', undefined, SLOW)).toBeTruthy();
    expect(api.list).toHaveBeenCalledTimes(1);
  });
});
