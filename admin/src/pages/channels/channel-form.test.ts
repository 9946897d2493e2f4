import '../../testing/jsdom';
import dayjs from 'dayjs';
import type { ChannelView } from '../../api/channels';
import { bodyOf, changesOf, initialValuesOf, milliFenToYuanText, previewOf, scaledInteger, unitCostLabel, yuanTextToMilliFen } from './channel-form';
import { linesOf, phonesOf, reportRangeOf, rowProblemsOf, sceneError } from './channel-helpers';

const channel: ChannelView = {
  id: 7,
  kind: 'sms',
  name: '短信・会员日',
  status: 'active',
  startsOn: '2026-11-01',
  endsOn: null,
  ownerStaffId: 2,
  ownerName: '运营小林',
  fixedCostFen: 0,
  unitCostMilliFen: 4500,
  plannedReach: 100_000,
  plannedConversionBp: 50,
  plannedOrdersPerMemberX100: 150,
  plannedAovFen: 19_900,
  plannedMembers: 500,
  plannedOrders: 750,
  plannedGmvFen: 14_925_000,
  note: '',
  codeCount: 1,
  reachQuantity: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('channel form arithmetic (integers from the typed text, never floats)', () => {
  it('reads decimals with a bounded number of places', () => {
    expect(scaledInteger('0.045', 3)).toBe(45);
    expect(scaledInteger('12.5', 2)).toBe(1250);
    expect(scaledInteger('', 2)).toBeNull();
    expect(scaledInteger('1.234', 2)).toBeUndefined();
    expect(scaledInteger('-1', 2)).toBeUndefined();
    expect(scaledInteger('1e3', 2)).toBeUndefined();
  });

  it('turns ¥0.045/条 into 4,500 milli-fen and back', () => {
    expect(yuanTextToMilliFen('0.045')).toBe(4500);
    expect(yuanTextToMilliFen('0.35')).toBe(35_000);
    expect(yuanTextToMilliFen('0.0455')).toBeUndefined();
    expect(milliFenToYuanText(4500)).toBe('0.045');
    expect(milliFenToYuanText(35_000)).toBe('0.35');
    expect(milliFenToYuanText(12)).toBe('0.00012');
    expect(unitCostLabel('sms', 4500)).toBe('¥0.045/条');
  });

  it('previews the playbook plan: 60,000 cards × 11% × 1 × ¥42.42 → 6,600 members, ¥279,972', () => {
    expect(previewOf({ plannedReach: 60_000, conversionPct: '11', ordersPerMember: '1', aov: '42.42' })).toEqual({
      plannedMembers: 6600,
      plannedOrders: 6600,
      plannedGmvFen: 27_997_200,
    });
    // Bad fields count as nothing while typing.
    expect(previewOf({ plannedReach: 100, conversionPct: 'abc', ordersPerMember: '1', aov: '10' }).plannedGmvFen).toBe(0);
  });

  it('builds the body, refuses bad fields by name, and round-trips a channel', () => {
    const values = initialValuesOf(channel);
    expect(values).toMatchObject({ unitCost: '0.045', conversionPct: '0.5', ordersPerMember: '1.5', aov: '199.00' });
    const built = bodyOf(values);
    expect(built.ok).toBe(true);
    if (built.ok) expect(changesOf(channel, built.body)).toEqual({});
    const bad = bodyOf({ ...values, name: ' ', unitCost: '0.0451', conversionPct: '101', aov: '1.999' });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(['aov', 'conversionPct', 'name', 'unitCost']);
    const moved = bodyOf({ ...values, range: [dayjs('2026-12-01'), null] });
    expect(moved.ok && changesOf(channel, moved.body)).toEqual({ startsOn: '2026-12-01' });
  });
});

describe('channel pages helpers', () => {
  it('checks scenes like WeChat (≤ 32 of its alphabet) and WeCom (≤ 30)', () => {
    expect(sceneError('', false)).toBeNull();
    expect(sceneError('c=store01', false)).toBeNull();
    expect(sceneError('has space', false)).not.toBeNull();
    expect(sceneError('x'.repeat(33), false)).not.toBeNull();
    expect(sceneError('x'.repeat(31), false)).toBeNull();
    expect(sceneError('x'.repeat(31), true)).toContain('30');
  });

  it('reads phones and order numbers from pasted text', () => {
    expect(phonesOf('13800138000\n+86 13900139000, 12345\n13800138000')).toEqual(['13800138000', '13900139000']);
    expect(linesOf(' A1 \n\nA2\r\n')).toEqual(['A1', 'A2']);
  });

  it('lists the refused rows of an import in Chinese only', () => {
    expect(
      rowProblemsOf({
        invalidRows: 3,
        rows: [
          { line: 3, errors: ['手机号须为 11 位手机号码'] },
          { line: 4, errors: ['bad'] },
        ],
      }),
    ).toEqual({
      invalidRows: 3,
      rows: [
        { line: 3, reasons: ['手机号须为 11 位手机号码'] },
        { line: 4, reasons: ['数据有误'] },
      ],
    });
  });

  it('reports a channel over its own period, capped at today', () => {
    const today = dayjs('2026-12-05');
    expect(reportRangeOf({ startsOn: '2026-11-01', endsOn: null }, today)).toEqual({ from: '2026-11-01', to: '2026-12-05' });
    expect(reportRangeOf({ startsOn: '2026-10-01', endsOn: '2026-10-31' }, today)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(reportRangeOf({ startsOn: null, endsOn: null }, today)).toEqual({ from: '2026-09-07', to: '2026-12-05' });
    expect(reportRangeOf({ startsOn: '2027-01-01', endsOn: null }, today)).toEqual({ from: '2026-12-05', to: '2026-12-05' });
  });
});
