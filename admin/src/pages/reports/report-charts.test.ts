import '../../testing/jsdom';
import { toFen, type Fen } from '@siyu/shared';
import type { ChannelReportRow } from '../../api/channels';
import type { CohortsReport, MembersReport, ProductsReport, PromotionRow, RepurchaseReport } from '../../api/reports';
import { cacRoiOption, membersGmvOption } from './channel-charts';
import { presetOf, rangeFromSearch } from './RangePicker';
import {
  bucketLabel,
  budgetOption,
  funnelStepTexts,
  heatColor,
  heatMapRows,
  histogramOption,
  lifecycleFlowSeries,
  ltvOption,
  medianBucketIndex,
  monthsSinceCount,
  rateText,
  roleMixOption,
  rolePieOption,
  tierPieOption,
} from './report-charts';

const fen = (value: number): Fen => toFen(value);
type Series = { name?: string; data?: unknown[]; yAxisIndex?: number; type?: string };
const seriesOf = (option: { series?: unknown }): Series[] => option.series as Series[];

describe('report chart transforms', () => {
  it('labels each funnel step with its count and the rate from the step before', () => {
    const texts = funnelStepTexts({ visit: 2000, product_view: 800, add_to_cart: 200, checkout_start: 0, paid: 0 });
    expect(texts).toEqual(['访客  2,000', '浏览商品  800（40.0%）', '加入购物车  200（25.0%）', '提交订单  0（0.0%）', '支付  0']);
  });

  it('makes heat-map cells per months since, empty where the month has not come yet', () => {
    const report: CohortsReport = {
      from: '2026-09-01',
      to: '2026-11-30',
      cohorts: [
        { month: '2026-09-01', members: 40, active: [40, 10, 3], retention: [1, 0.25, 0.075], ltvFen: [fen(10000), fen(12000), fen(12500)] },
        { month: '2026-10-01', members: 8, active: [8, 6], retention: [1, 0.75], ltvFen: [fen(9000), fen(15000)] },
        { month: '2026-11-01', members: 0, active: [], retention: [], ltvFen: [] },
      ],
      ltvByChannel: [],
    };
    expect(monthsSinceCount(report)).toBe(3);
    const rows = heatMapRows(report);
    expect(rows.map((row) => row.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(rows[0]?.cells.map((cell) => cell?.text)).toEqual(['100.0%', '25.0%', '7.5%']);
    expect(rows[1]?.cells[2]).toBeNull();
    expect(rows[2]?.cells).toEqual([null, null, null]);
    expect(rows[1]?.cells[1]).toMatchObject({ active: 6, retention: 0.75, background: 'rgba(22, 119, 255, 0.75)', color: '#fff' });
    expect(heatColor(0.2)).toEqual({ background: 'rgba(22, 119, 255, 0.2)', color: 'rgba(0, 0, 0, 0.88)' });
    expect(heatColor(3).background).toBe('rgba(22, 119, 255, 1)');
  });

  it('draws one LTV line per channel in yuan over the longest curve', () => {
    const option = ltvOption({
      from: '2026-01-01',
      to: '2026-11-30',
      cohorts: [],
      ltvByChannel: [
        { channelId: 0, channelName: '自然流量', members: 1200, ltvFen: [fen(8850), fen(12001)] },
        { channelId: 3, channelName: '短信', members: 5, ltvFen: [fen(100), fen(200), fen(350)] },
      ],
    });
    expect((option.xAxis as { data: string[] }).data).toEqual(['第 0 月', '第 1 月', '第 2 月']);
    expect(seriesOf(option).map((series) => [series.name, series.data])).toEqual([
      ['自然流量（1,200 人）', [88.5, 120.01]],
      ['短信（5 人）', [1, 2, 3.5]],
    ]);
  });

  it('labels histogram buckets and highlights the bucket of the median', () => {
    const category: RepurchaseReport['categories'][number] = {
      categoryId: 1,
      categoryName: '面霜',
      repeats: 9,
      medianDays: 52,
      p25Days: 40,
      p75Days: 61,
      buckets: [
        { fromDays: 0, toDays: 14, repeats: 0 },
        { fromDays: 15, toDays: 29, repeats: 1 },
        { fromDays: 30, toDays: 44, repeats: 2 },
        { fromDays: 45, toDays: 59, repeats: 5 },
        { fromDays: 60, toDays: null, repeats: 1 },
      ],
    };
    expect(category.buckets.map(bucketLabel)).toEqual(['0–14 天', '15–29 天', '30–44 天', '45–59 天', '60 天以上']);
    expect(medianBucketIndex(category)).toBe(3);
    expect(medianBucketIndex({ ...category, medianDays: 200 })).toBe(4);
    expect(medianBucketIndex({ ...category, medianDays: null })).toBeNull();
    const data = seriesOf(histogramOption(category))[0]?.data as { value: number; itemStyle: { color: string } }[];
    expect(data.map((bar) => bar.value)).toEqual([0, 1, 2, 5, 1]);
    expect(data.map((bar) => bar.itemStyle.color)).toEqual(['#1677ff', '#1677ff', '#1677ff', '#fa8c16', '#1677ff']);
  });

  it('compares discount with budget only for promotions that have one', () => {
    const row = (name: string, discountFen: number, budgetFen: number | null): PromotionRow => ({
      kind: 'coupon',
      promotionId: name.length,
      name,
      claimed: 10,
      orders: 3,
      buyers: 3,
      gmvFen: fen(30000),
      discountFen: fen(discountFen),
      budgetFen: budgetFen === null ? null : fen(budgetFen),
      incrementalGmvFen: null,
    });
    const option = budgetOption([row('新人券', 1500, 10000), row('无预算', 900, null), row('满减', 20000, 20000)]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['新人券', '满减']);
    expect(seriesOf(option).map((series) => series.data)).toEqual([
      [100, 200],
      [15, 200],
    ]);
  });

  it('counts lifecycle flows into each stage per month, leaving out members who stayed', () => {
    const flows: MembersReport['lifecycleFlows'] = [
      { month: '2026-10-01', from: 'new', to: 'active', members: 4 },
      { month: '2026-10-01', from: 'prospect', to: 'active', members: 1 },
      { month: '2026-11-01', from: 'active', to: 'silent', members: 2 },
      { month: '2026-11-01', from: 'active', to: 'active', members: 50 },
    ];
    expect(lifecycleFlowSeries(flows)).toEqual({
      months: ['2026-10', '2026-11'],
      stages: ['active', 'silent'],
      values: [
        [5, 0],
        [0, 2],
      ],
    });
  });

  it('pies the tiers by members and bars the product roles in yuan with their sales share', () => {
    const tiers: MembersReport['tiers'] = [
      { tier: 'normal', tierName: '普通会员', members: 90, gmvFen: fen(100), gmvShare: 0.1 },
      { tier: 'gold', tierName: '金卡', members: 10, gmvFen: fen(900), gmvShare: 0.9 },
    ];
    expect(seriesOf(tierPieOption(tiers))[0]?.data).toEqual([
      { name: '普通会员', value: 90 },
      { name: '金卡', value: 10 },
    ]);
    const roles: ProductsReport['roles'] = [
      { role: 'traffic', salesFen: fen(12345), marginFen: fen(-100), salesShare: 0.25 },
      { role: 'profit', salesFen: fen(37035), marginFen: null, salesShare: 0.75 },
    ];
    const option = roleMixOption(roles);
    expect((option.xAxis as { data: string[] }).data).toEqual(['引流品', '利润品']);
    expect(seriesOf(option).map((series) => series.data)).toEqual([
      [123.45, 370.35],
      [-1, null],
    ]);
    // A role without sales is no slice (its label would sit on nothing).
    expect(seriesOf(rolePieOption([{ role: 'hero', salesFen: fen(0), marginFen: null, salesShare: 0 }, ...roles]))[0]?.data).toEqual([
      { name: '引流品', value: 123.45 },
      { name: '利润品', value: 370.35 },
    ]);
    expect(rateText(0.12345)).toBe('12.3%');
    expect(rateText(null)).toBe('—');
  });

  it('draws members and GMV, CAC and ROI of the channels on two axes', () => {
    const base = { kind: null, reach: 0, touches: 0, firstOrderMembers: 0, orders: 0, paidFen: 0, refundedFen: 0, repurchaseMembers: 0, costFen: 0 };
    const rows = [
      { ...base, channelId: 1, channelName: '门店', newMembers: 12, gmvFen: 123456, cacFen: 250, roi: 3.5 },
      { ...base, channelId: 2, channelName: '短信', newMembers: 0, gmvFen: 0, cacFen: null, roi: null },
    ] as unknown as ChannelReportRow[];
    expect(seriesOf(membersGmvOption(rows)).map((series) => [series.name, series.yAxisIndex ?? 0, series.data])).toEqual([
      ['新会员', 0, [12, 0]],
      ['GMV', 1, [1234.56, 0]],
    ]);
    expect(seriesOf(cacRoiOption(rows)).map((series) => [series.name, series.type, series.data])).toEqual([
      ['CAC', 'bar', [2.5, null]],
      ['ROI', 'line', [3.5, null]],
    ]);
  });
});

describe('report range picker', () => {
  // 2026-12-06 03:00 UTC = 11:00 China time.
  const now = new Date('2026-12-06T03:00:00Z');

  it('recognises the presets in China days and calls anything else custom', () => {
    expect(presetOf({ from: '2026-12-06', to: '2026-12-06' }, now)).toBe('today');
    expect(presetOf({ from: '2026-11-30', to: '2026-12-06' }, now)).toBe('7d');
    expect(presetOf({ from: '2026-11-07', to: '2026-12-06' }, now)).toBe('30d');
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, now)).toBe('custom');
    // 23:30 UTC on the 5th is already the 6th in China.
    expect(presetOf({ from: '2026-12-06', to: '2026-12-06' }, new Date('2026-12-05T23:30:00Z'))).toBe('today');
  });

  it('takes ?from&to only when the server would accept them', () => {
    const search = (query: string) => new URLSearchParams(query);
    expect(rangeFromSearch(search('from=2026-11-01&to=2026-11-30'), now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(rangeFromSearch(search('from=2026-11-30&to=2026-11-01'), now)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(rangeFromSearch(search('from=2026-02-30&to=2026-03-01'), now)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(rangeFromSearch(search('from=2026-12-01&to=2026-12-07'), now, '7d')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(rangeFromSearch(search('from=2024-01-01&to=2026-12-01'), now)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
  });
});
