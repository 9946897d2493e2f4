import type { KpiProgress, OverviewTrendDay } from '@siyu/shared';
import {
  changeView,
  DOWN_COLOR,
  formatKpiValue,
  formatMetric,
  hasRunning,
  linkedRange,
  linkTarget,
  paceText,
  percent,
  percentInputToRate,
  progressPercent,
  rateToPercentInput,
  reportLabel,
  trendOption,
  UP_COLOR,
} from './metric-format';

const kpi = (over: Partial<KpiProgress>): KpiProgress => ({
  metric: 'gmvFen',
  target: 100_000_00,
  actual: 40_000_00,
  progress: 0.4,
  timeElapsed: 0.5,
  neededPerDay: 400_000,
  pace: 'behind',
  ...over,
});

describe('the dashboard cards', () => {
  it('formats money in yuan from fen, counts with separators, rates as percentages', () => {
    expect(formatMetric('gmvFen', 1234567)).toBe('¥12,345.67');
    expect(formatMetric('netGmvFen', -2500)).toMatch(/-.*25\.00/);
    expect(formatMetric('aovFen', 0)).toBe('¥0.00');
    expect(formatMetric('paidOrders', 12345)).toBe('12,345');
    expect(formatMetric('conversionRate', 0.1234)).toBe('12.34%');
    expect(formatMetric('repurchaseRate', 1)).toBe('100.00%');
    expect(percent(null)).toBe('—');
  });

  it('shows a rise as a red ↑, a fall as a green ↓, no change as 持平 and no previous figure as such', () => {
    expect(changeView(0.125)).toEqual({ text: '↑ 12.50%', direction: 'up', color: UP_COLOR });
    expect(changeView(-0.03)).toEqual({ text: '↓ 3.00%', direction: 'down', color: DOWN_COLOR });
    expect(changeView(0).direction).toBe('flat');
    expect(changeView(0).text).toBe('持平');
    expect(changeView(null).direction).toBe('none');
    expect(changeView(null).text).not.toMatch(/[↑↓]/);
  });

  it('draws the trend in yuan for money and as counts otherwise', () => {
    const trend = [
      { day: '2026-12-01', gmvFen: 12345, netGmvFen: 10000, paidOrders: 3, payingMembers: 2, visitors: 40, newMembers: 1 },
      { day: '2026-12-02', gmvFen: 0, netGmvFen: -500, paidOrders: 0, payingMembers: 0, visitors: 7, newMembers: 0 },
    ] as OverviewTrendDay[];
    const money = trendOption(trend, 'netGmvFen') as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(money.xAxis.data).toEqual(['12-01', '12-02']);
    expect(money.series[0]?.data).toEqual([100, -5]);
    const visitors = trendOption(trend, 'visitors') as { series: { data: number[] }[] };
    expect(visitors.series[0]?.data).toEqual([40, 7]);
  });
});

describe('KPI pace labels', () => {
  it('says how far behind and what is needed per remaining day (rounded up to the fen)', () => {
    expect(paceText(kpi({ neededPerDay: 400_000.4 }))).toBe('剩余每天需 ¥4,000.01');
    expect(paceText(kpi({ metric: 'newMembers', target: 300, actual: 100, neededPerDay: 13.2, pace: 'ahead' }))).toBe('剩余每天需 14');
  });
  it('has no target, a reached target, and rates without a per-day figure', () => {
    expect(paceText(kpi({ target: null, progress: null, pace: null, neededPerDay: null }))).toBe('');
    expect(paceText(kpi({ progress: 1.2, neededPerDay: 0, pace: 'ahead' }))).toBe('已达成目标');
    expect(paceText(kpi({ metric: 'repurchaseRate', target: 0.3, actual: 0.29, progress: 0.9667, neededPerDay: null, pace: 'on_track' }))).toBe('');
  });
  it('caps the bar at 100 % and shows each metric in its unit', () => {
    expect(progressPercent(1.5)).toBe(100);
    expect(progressPercent(0.4567)).toBe(45.7);
    expect(progressPercent(null)).toBe(0);
    expect(formatKpiValue('gmvFen', 5_000_000_00)).toBe('¥5,000,000.00');
    expect(formatKpiValue('repurchaseRate', 0.355)).toBe('35.50%');
    expect(formatKpiValue('activeMembers', 1200)).toBe('1,200');
  });
  it('turns the repurchase target between a fraction and the form’s percentage', () => {
    expect(rateToPercentInput(0.355)).toBe(35.5);
    expect(percentInputToRate(35.5)).toBe(0.355);
    expect(percentInputToRate(12.34)).toBe(0.1234);
    expect(percentInputToRate(null)).toBeNull();
  });
});

describe('inbox links and exports', () => {
  it('opens console pages in the console and downloads API files', () => {
    expect(linkTarget('/dashboard')).toEqual({ kind: 'page', to: '/dashboard' });
    expect(linkTarget('/admin/exports')).toEqual({ kind: 'page', to: '/exports' });
    expect(linkTarget('/api/admin/exports/3/download')).toEqual({ kind: 'download', url: '/api/admin/exports/3/download' });
    expect(linkTarget(null)).toBeNull();
    expect(linkTarget('https://evil.example/')).toBeNull();
  });
  it('polls while an export is queued or running and names reports in Chinese', () => {
    const row = { id: 1, report: 'funnel', totalRows: 10, doneRows: 5, progress: 0.5, downloadUrl: null, error: null, createdAt: '', finishedAt: null };
    expect(hasRunning([{ ...row, status: 'running' }])).toBe(true);
    expect(hasRunning([{ ...row, status: 'queued' }])).toBe(true);
    expect(
      hasRunning([
        { ...row, status: 'done' },
        { ...row, status: 'failed' },
      ]),
    ).toBe(false);
    expect(reportLabel('cohorts')).toBe('留存与 LTV');
  });
});

describe('a link’s range', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  it('takes a good ?from&to (the 日报 links to its day) and refuses bad ones', () => {
    expect(linkedRange('2026-12-05', '2026-12-05', now)).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(linkedRange('2026-12-05', '2026-12-01', now)).toBeNull();
    expect(linkedRange('2026-12-05', '2026-12-07', now)).toBeNull();
    expect(linkedRange('2026-02-30', '2026-03-01', now)).toBeNull();
    expect(linkedRange(null, '2026-12-01', now)).toBeNull();
  });
});
