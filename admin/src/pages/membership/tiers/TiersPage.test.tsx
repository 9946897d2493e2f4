import '../../../testing/jsdom';
import { roleCan, toFen, type StaffRole } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { ApiError } from '../../../api/client';
import { tiersApi } from '../../../api/membership';
import { buildReevaluation, buildTiers, buildTiersView } from '../testing/builders';
import { TiersPage } from './TiersPage';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../../api/membership', () => ({ tiersApi: { get: jest.fn(), save: jest.fn(), reevaluation: jest.fn() } }));
jest.mock('../../../api/promotions', () => ({
  couponsApi: { list: jest.fn(async () => [{ id: 3, name: '生日券', ruleText: '满99减20', status: 'active' }]) },
}));
let role: StaffRole = 'owner';
jest.mock('../../../auth/SessionProvider', () => ({
  useSession: () => ({ staff: { id: 1 }, can: (permission: Parameters<typeof roleCan>[1]) => roleCan(role, permission) }),
}));
const get = tiersApi.get as jest.MockedFunction<typeof tiersApi.get>;
const save = tiersApi.save as jest.MockedFunction<typeof tiersApi.save>;
const reevaluation = tiersApi.reevaluation as jest.MockedFunction<typeof tiersApi.reevaluation>;

const renderPage = () =>
  render(
    <App>
      <TiersPage />
    </App>,
  );
/** The 40-field form re-validates and re-renders slowly in jsdom when the machine is busy: generous waits. */
const SLOW = { timeout: 5000 };
const find = (text: string) => screen.findByText(text, undefined, SLOW);
const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, text: string) => {
  fireEvent.change(input(label), { target: { value: text } });
  fireEvent.blur(input(label));
};
// By test id: role queries walk the whole 40-field table and take seconds each in jsdom.
const saveButton = () => screen.getByTestId('save-tiers') as HTMLButtonElement;
const clickSave = () => fireEvent.click(saveButton());

describe('TiersPage (会员等级)', () => {
  beforeEach(() => {
    role = 'owner';
    get.mockReset().mockResolvedValue(buildTiersView());
    save.mockReset();
    reevaluation.mockReset();
  });

  it('flags a threshold that does not increase, and the next tier when the previous one passes it; nothing is sent', async () => {
    renderPage();
    await screen.findByTestId('tier-table', undefined, SLOW);
    type('成长值门槛 黄金', '400');
    expect(await find('须高于白银的 500')).toBeTruthy();
    clickSave();
    await waitFor(() => expect(screen.getAllByText('须高于白银的 500').length).toBeGreaterThan(0), SLOW);
    expect(save).not.toHaveBeenCalled();

    type('成长值门槛 黄金', '2000');
    type('成长值门槛 白银', '3000');
    // Gold did not change, but now sits below silver: flagged through the dependency.
    expect(await find('须高于白银的 3000')).toBeTruthy();
    clickSave();
    await waitFor(() => expect(screen.queryByText('须高于白银的 500')).toBeNull(), SLOW);
    expect(save).not.toHaveBeenCalled();
  });

  it('sends all five tiers with percent → basis points, × → basis points, yuan → fen, then follows the re-evaluation to the end', async () => {
    const expected = buildTiers();
    const [, silver, gold] = expected;
    if (!silver || !gold) throw new Error('tiers missing');
    silver.growthThreshold = 800;
    gold.discountBp = 250;
    gold.pointsMultiplierBp = 16_000;
    gold.freeShippingThresholdFen = toFen(8800);
    gold.birthdayCouponTemplateId = 3;
    save.mockResolvedValue(buildTiersView({ tiers: expected, reevaluation: buildReevaluation({ status: 'queued' }) }));
    reevaluation
      .mockResolvedValueOnce(buildReevaluation({ status: 'running', processed: 5, changed: 1 }))
      .mockResolvedValue(buildReevaluation({ status: 'done', processed: 10, changed: 3 }));
    renderPage();
    await screen.findByTestId('tier-table', undefined, SLOW);
    type('成长值门槛 白银', '800');
    type('会员折扣 黄金', '2.5');
    type('积分倍数 黄金', '1.6');
    type('包邮门槛 黄金', '88');
    fireEvent.mouseDown(input('生日券 黄金'));
    fireEvent.click(await find('生日券（满99减20）'));
    expect(await find('即 9.75 折')).toBeTruthy();
    clickSave();

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1), SLOW);
    expect(save).toHaveBeenCalledWith({ tiers: expected });
    expect(await find('会员等级重新评估排队中')).toBeTruthy();
    expect(await screen.findByText('会员等级重新评估已完成', undefined, { timeout: 8000 })).toBeTruthy();
    expect(screen.getByTestId('tier-reevaluation').textContent).toContain('共 10 位会员，等级变更 3 人');
    expect(reevaluation).toHaveBeenCalledWith(4, expect.anything());
  });

  it('shows a running re-evaluation on arrival and does not let a second save start', async () => {
    get.mockResolvedValue(buildTiersView({ reevaluation: buildReevaluation({ status: 'running', processed: 4 }) }));
    reevaluation.mockImplementation(() => new Promise(() => undefined));
    renderPage();
    expect(await screen.findByText('已处理 4 / 10 位会员，等级变更 0 人', { exact: false }, SLOW)).toBeTruthy();
    expect(saveButton().disabled).toBe(true);
  });

  it('puts the server’s field errors on the field (VALIDATION_FAILED)', async () => {
    save.mockRejectedValue(
      new ApiError(400, 'VALIDATION_FAILED', 'invalid', { issues: [{ field: 'body.tiers.3.pointsMultiplierBp', message: 'Too big' }] }, 'req-1'),
    );
    renderPage();
    await screen.findByTestId('tier-table', undefined, SLOW);
    clickSave();
    await waitFor(() => expect(save).toHaveBeenCalled(), SLOW);
    expect(await find('Too big')).toBeTruthy();
  });

  it('is read-only without membership:write', async () => {
    role = 'analyst';
    renderPage();
    await screen.findByTestId('tier-table', undefined, SLOW);
    expect(screen.getByText('只读')).toBeTruthy();
    expect(screen.queryByTestId('save-tiers')).toBeNull();
    expect(input('成长值门槛 黄金').disabled).toBe(true);
  });
});
