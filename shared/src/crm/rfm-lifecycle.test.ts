import { DEFAULT_CRM_SETTINGS } from './settings';
import { lifecycleStage } from './lifecycle';
import { quintileScore, RFM_CELLS, rfmCell } from './rfm';

/** The merchant's example thresholds: 30 days / 2 orders / ¥300. */
const T = { recencyDays: 30, frequency: 2, monetaryFen: 30_000 };

describe('RFM cells at the thresholds', () => {
  // Each dimension exactly at its threshold (better or equal: 1) and one step worse (0): 31 days, 1 order, ¥299.99.
  const r = { 1: 30, 0: 31 } as const;
  const f = { 1: 2, 0: 1 } as const;
  const m = { 1: 30_000, 0: 29_999 } as const;
  const rows = RFM_CELLS.map((cell) => {
    const [rb, fb, mb] = cell.code.split('').map(Number) as [0 | 1, 0 | 1, 0 | 1];
    return [cell.code, cell.name, r[rb], f[fb], m[mb]] as const;
  });

  it.each(rows)('%s %s: recency %i days, %i orders, %i fen', (code, _name, recencyDays, frequency, monetaryFen) => {
    expect(rfmCell({ recencyDays, frequency, monetaryFen }, T)).toBe(code);
  });

  it('names the eight cells as the spec does', () => {
    expect(RFM_CELLS.map((cell) => `${cell.name} ${cell.code}`)).toEqual([
      '重要价值 111',
      '重要保持 011',
      '重要发展 101',
      '重要挽留 001',
      '一般价值 110',
      '一般保持 010',
      '一般发展 100',
      '一般挽留 000',
    ]);
  });

  it('takes shorter recency as better, and more orders and money as better', () => {
    expect(rfmCell({ recencyDays: 0, frequency: 50, monetaryFen: 10_000_000 }, T)).toBe('111');
    expect(rfmCell({ recencyDays: 400, frequency: 0, monetaryFen: 0 }, T)).toBe('000');
  });
});

describe('RFM 1–5 scores from quintile cut points', () => {
  const cuts = [10, 20, 30, 40];
  it.each([
    [9, 1],
    [10, 2],
    [19, 2],
    [20, 3],
    [39, 4],
    [40, 5],
    [1_000, 5],
  ])('frequency or money %i scores %i', (value, score) => {
    expect(quintileScore(value, cuts)).toBe(score);
  });
  it.each([
    [41, 1],
    [40, 2],
    [30, 3],
    [11, 4],
    [10, 5],
    [0, 5],
  ])('recency %i days scores %i (lower is better)', (value, score) => {
    expect(quintileScore(value, cuts, true)).toBe(score);
  });
  it('is 1 without cut points', () => {
    expect(quintileScore(5, [])).toBe(1);
  });
});

describe('lifecycle stages at the boundaries (China-time days)', () => {
  const b = DEFAULT_CRM_SETTINGS.lifecycle;
  // [days since the first paid order, days since the last, stage]
  it.each([
    [null, null, 'prospect'],
    [0, 0, 'new'],
    [30, 30, 'new'],
    [31, 31, 'active'],
    [31, 0, 'active'],
    [200, 90, 'active'],
    [200, 91, 'silent'],
    [200, 180, 'silent'],
    [200, 181, 'at_risk'],
    [400, 365, 'at_risk'],
    [400, 366, 'churned'],
    [30, 0, 'new'],
  ] as const)('first %p, last %p → %s', (first, last, stage) => {
    expect(lifecycleStage(first, last, b)).toBe(stage);
  });

  it('follows the store’s own boundaries', () => {
    const own = { newDays: 7, activeDays: 60, silentDays: 120, atRiskDays: 240 };
    expect(lifecycleStage(8, 60, own)).toBe('active');
    expect(lifecycleStage(8, 61, own)).toBe('silent');
    expect(lifecycleStage(300, 240, own)).toBe('at_risk');
    expect(lifecycleStage(300, 241, own)).toBe('churned');
    expect(lifecycleStage(7, 7, own)).toBe('new');
  });
});
