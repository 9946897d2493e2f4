import type { PointsEntryView, PointsSummaryView } from '@siyu/shared';
import { afterCheckin, checkinButton, deltaText, entrySourceText, entryTimeText, expiringText, mergeLedgerEntries, totalText } from './points-text';

const summary = (overrides: Partial<PointsSummaryView> = {}): PointsSummaryView => ({
  balance: 145,
  available: 100,
  pending: 45,
  total: 145,
  expiringSoon: 0,
  expiringSoonAt: null,
  pointsPerYuan: 100,
  checkin: { checkedInToday: false, streak: 2, todayPoints: 5 },
  ...overrides,
});

describe('points texts', () => {
  it.each([
    [{ kind: 'earn', source: 'order' }, '购物'],
    [{ kind: 'earn', source: 'checkin' }, '签到'],
    [{ kind: 'earn', source: 'signup' }, '注册'],
    [{ kind: 'earn', source: 'something_new' }, '获得'],
    [{ kind: 'spend', source: 'order' }, '抵扣'],
    [{ kind: 'spend', source: 'mall' }, '兑换'],
    [{ kind: 'release', source: 'release' }, '退回'],
    [{ kind: 'reverse', source: 'refund' }, '扣回'],
    [{ kind: 'expire', source: 'expire' }, '过期'],
  ])('%j is tagged %s', (entry, text) => expect(entrySourceText(entry)).toBe(text));

  it('signs deltas and writes China time', () => {
    expect(deltaText(120)).toBe('+120');
    expect(deltaText(-300)).toBe('-300');
    expect(entryTimeText('2026-03-13T17:05:00.000Z')).toBe('2026-03-14 01:05');
  });

  it('offers the check-in once a day', () => {
    expect(checkinButton(summary().checkin, false)).toEqual({ label: '签到 +5', isEnabled: true });
    expect(checkinButton(summary().checkin, true)).toEqual({ label: '签到中…', isEnabled: false });
    expect(checkinButton({ checkedInToday: true, streak: 3, todayPoints: 5 }, false)).toEqual({ label: '今日已签到', isEnabled: false });
  });

  it('credits a check-in to the available balance at once', () => {
    const next = afterCheckin(summary(), 25, 7);
    expect(next).toMatchObject({ balance: 170, available: 125, pending: 45, total: 170, checkin: { checkedInToday: true, streak: 7, todayPoints: 25 } });
  });

  it('names the points about to expire', () => {
    expect(expiringText(summary())).toBeNull();
    expect(expiringText(summary({ expiringSoon: 120, expiringSoonAt: '2026-12-31T15:59:59.999Z' }))).toBe('120 积分将于 2026-12-31 过期');
  });
});

describe('mergeLedgerEntries', () => {
  const at = '2026-11-24T16:28:00.000Z';
  const entry = (id: number, delta: number, overrides: Partial<PointsEntryView> = {}): PointsEntryView => ({
    id,
    delta,
    kind: 'spend',
    reason: '订单抵扣 105 积分',
    orderId: 7,
    createdAt: at,
    source: 'order',
    ...overrides,
  });

  it('shows one spend taken from several lots as one row', () => {
    const merged = mergeLedgerEntries([
      entry(12, -100),
      entry(11, -5),
      entry(10, 5, { kind: 'earn', reason: '每日签到（连续 1 天）', orderId: null, source: 'checkin' }),
    ]);
    expect(merged.map((item) => [item.id, item.delta])).toEqual([
      [12, -105],
      [10, 5],
    ]);
  });

  it('keeps separate operations apart (another time, another order)', () => {
    const merged = mergeLedgerEntries([entry(3, -100), entry(2, -100, { createdAt: '2026-11-24T16:29:00.000Z' }), entry(1, -50, { orderId: 8 })]);
    expect(merged).toHaveLength(3);
  });

  it('explains the total as usable + pending (the 777 = 5 + 772 case)', () => {
    expect(totalText({ available: 5, pending: 772, total: 777 })).toBe('共 777 积分 = 可用 5 + 待入账 772');
    expect(totalText({ available: 40, pending: 0, total: 40 })).toBe('共 40 积分，全部可用');
  });

  it('tags the first-review reward as 评价', () => {
    expect(entrySourceText({ kind: 'earn', source: 'first_review' })).toBe('评价');
  });
});
