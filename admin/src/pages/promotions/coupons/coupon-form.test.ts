import dayjs from 'dayjs';
import { couponBodyOfValues, DEFAULT_COUPON_VALUES, type CouponFormValues } from './coupon-form';
import { issueBodyOfValues, newBatchName, parseMemberIds } from './issue-values';

const values = (overrides: CouponFormValues): CouponFormValues => ({
  ...DEFAULT_COUPON_VALUES,
  name: ' 双11 满199减50 ',
  rule: { kind: 'threshold_off', tiers: [{ threshold: '199', off: '50' }] },
  ...overrides,
});

describe('couponBodyOfValues', () => {
  it('builds the POST body: trimmed name, rule in fen, budget in fen, N days after claim', () => {
    expect(couponBodyOfValues(values({ budget: '5000', totalCount: 1000, perMemberCap: 2 }))).toEqual({
      ok: true,
      value: {
        name: '双11 满199减50',
        description: '',
        rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] },
        scope: { kind: 'all' },
        validity: { kind: 'after_claim', days: 7 },
        claimStartsAt: null,
        claimEndsAt: null,
        visibility: 'public',
        totalCount: 1000,
        budgetFen: 500000,
        perMemberCap: 2,
      },
    });
  });

  it('sends a fixed window and a claim window as ISO times', () => {
    const from = dayjs('2026-11-01T00:00:00+08:00');
    const to = dayjs('2026-11-12T00:00:00+08:00');
    const built = couponBodyOfValues(
      values({ validityKind: 'window', validRange: [from, to], claimRange: [null, to], scope: { kind: 'products', productIds: [3] } }),
    );
    expect(built.ok && built.value.validity).toEqual({ kind: 'window', validFrom: '2026-10-31T16:00:00.000Z', validTo: '2026-11-11T16:00:00.000Z' });
    expect(built.ok && [built.value.claimStartsAt, built.value.claimEndsAt, built.value.scope]).toEqual([
      null,
      '2026-11-11T16:00:00.000Z',
      { kind: 'products', productIds: [3] },
    ]);
  });

  it('names the fields to fix, rule and scope errors under their prefix', () => {
    const built = couponBodyOfValues(values({ name: '', rule: { kind: 'fixed_off' }, scope: { kind: 'categories' }, budget: '1.001', validityKind: 'window' }));
    expect(built.ok ? [] : built.errors.map((error) => error.name.join('.'))).toEqual(['rule.off', 'scope.categoryIds', 'budget', 'validRange']);
  });

  it('refuses a window that ends before it starts with the shared schema', () => {
    const built = couponBodyOfValues(values({ validityKind: 'window', validRange: [dayjs('2026-11-12'), dayjs('2026-11-01')] }));
    expect(built.ok ? [] : built.errors.map((error) => error.name.join('.'))).toEqual(['validRange']);
  });

  it('refuses an empty name with the shared schema', () => {
    const built = couponBodyOfValues(values({ name: '   ' }));
    expect(built.ok ? [] : built.errors.map((error) => error.name.join('.'))).toEqual(['name']);
  });
});

describe('issue dialog values', () => {
  it('parses pasted member ids (commas, spaces, new lines; duplicates once)', () => {
    expect(parseMemberIds('12, 15\n18，12')).toEqual({ ok: true, ids: [12, 15, 18] });
    expect(parseMemberIds('12 abc')).toEqual({ ok: false, message: '“abc” 不是会员 ID' });
    expect(parseMemberIds('  ')).toEqual({ ok: false, message: '请输入会员 ID' });
  });

  it('builds a members body or a tier filter body with the batch', () => {
    expect(issueBodyOfValues({ target: 'members', memberIdsText: '5 6', batch: ' b1 ' })).toEqual({ ok: true, body: { memberIds: [5, 6], batch: 'b1' } });
    expect(issueBodyOfValues({ target: 'filter', tierCodes: ['gold', 'diamond'], hasPhone: true, batch: 'b2' })).toEqual({
      ok: true,
      body: { filter: { tierCodes: ['gold', 'diamond'], hasPhone: true }, batch: 'b2' },
    });
    expect(issueBodyOfValues({ target: 'filter', batch: '' })).toEqual({ ok: false, name: 'batch', message: '请输入批次号' });
  });

  it('names batches by the minute and second they were made', () => {
    expect(newBatchName('issue', dayjs('2026-11-24T12:53:40'))).toBe('issue-20261124-125340');
  });
});
