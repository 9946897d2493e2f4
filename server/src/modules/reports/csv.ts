import {
  FUNNEL_STEP_LABELS,
  FUNNEL_STEPS,
  fenToYuanString,
  protectCell,
  serializeCsv,
  type CohortsReport,
  type Fen,
  type FunnelReport,
  type RepurchaseReport,
} from '@siyu/shared';

/*
 * The reports as UTF-8 CSV with a byte order mark (Excel), Chinese headers, money in yuan, rates as percentages
 * with two decimals — like the channel report's CSV. Each file is one table; a 类型 column tells its parts apart.
 */

const yuan = (fen: number) => fenToYuanString(fen as Fen);
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
const optional = (value: number | null) => (value === null ? '' : String(value));

export function funnelCsv(report: FunnelReport): string {
  const steps = (counts: Record<(typeof FUNNEL_STEPS)[number], number>) => FUNNEL_STEPS.map((step) => String(counts[step]));
  return serializeCsv(
    [
      ['类型', '名称', ...FUNNEL_STEPS.map((step) => FUNNEL_STEP_LABELS[step]), '支付转化率'],
      ['合计', `${report.from}至${report.to}`, ...steps(report.total), percent(report.total.visit > 0 ? report.total.paid / report.total.visit : 0)],
      ...report.channels.map((row) => [
        '渠道',
        protectCell(row.channelName),
        ...steps(row.steps),
        percent(row.steps.visit > 0 ? row.steps.paid / row.steps.visit : 0),
      ]),
      ...report.days.map((day) => ['日期', day.day, ...steps(day), percent(day.visit > 0 ? day.paid / day.visit : 0)]),
    ],
    { bom: true },
  );
}

export function cohortsCsv(report: CohortsReport): string {
  return serializeCsv(
    [
      ['类型', '名称', '会员数', '首单后第几月', '活跃会员', '留存率', '人均累计净支付（元）'],
      ...report.cohorts.flatMap((cohort) =>
        cohort.ltvFen.map((ltv, k) => [
          '首单月份',
          cohort.month.slice(0, 7),
          String(cohort.members),
          String(k),
          String(cohort.active[k] ?? 0),
          percent(cohort.retention[k] ?? 0),
          yuan(ltv),
        ]),
      ),
      ...report.ltvByChannel.flatMap((channel) =>
        channel.ltvFen.map((ltv, k) => ['获客渠道', protectCell(channel.channelName), String(channel.members), String(k), '', '', yuan(ltv)]),
      ),
    ],
    { bom: true },
  );
}

export function repurchaseCsv(report: RepurchaseReport): string {
  const bucketHeader =
    report.categories[0]?.buckets.map((bucket) => (bucket.toDays === null ? `${bucket.fromDays}天以上` : `${bucket.fromDays}-${bucket.toDays}天`)) ?? [];
  const blanks = (n: number) => new Array<string>(n).fill('');
  return serializeCsv(
    [
      ['类型', '名称', '首单会员', '可统计会员', '复购会员', '复购率', '复购次数', '间隔中位数（天）', '间隔P25（天）', '间隔P75（天）', ...bucketHeader],
      ...report.windows.map((window) => [
        '复购窗口',
        `${window.days}天内`,
        String(report.firstBuyers),
        String(window.eligible),
        String(window.repurchased),
        percent(window.rate),
        ...blanks(4 + bucketHeader.length),
      ]),
      ...report.categories.map((category) => [
        '品类复购间隔',
        protectCell(category.categoryName),
        ...blanks(4),
        String(category.repeats),
        optional(category.medianDays),
        optional(category.p25Days),
        optional(category.p75Days),
        ...category.buckets.map((bucket) => String(bucket.repeats)),
      ]),
    ],
    { bom: true },
  );
}
