import { and, between, eq, inArray, sql } from 'drizzle-orm';
import { addDays, formatFen, monthOf, toFen, type DailyReportContent } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { kpiTargets, statsDaily } from '../../db/schema';

type DayFigures = DailyReportContent['previous'];

const ZERO: DayFigures = { gmvFen: toFen(0), netGmvFen: toFen(0), paidOrders: 0, payingMembers: 0, aovFen: toFen(0), visitors: 0, newMembers: 0 };

/** round(gmv / orders), half up, integer fen; 0 without orders (docs/metrics.md). */
function aov(gmvFen: number, paidOrders: number): number {
  return paidOrders === 0 ? 0 : Math.floor((2 * gmvFen + paidOrders) / (2 * paidOrders));
}

/**
 * The 日报 of a China day, from the roll-ups only (stats_daily: one row per day, so a day's paying members and
 * visitors are that day's distinct counts; kpi_targets for the month's GMV target). Days without a row are zeros.
 */
export async function buildDailyReportContent(db: Executor, day: string): Promise<DailyReportContent> {
  const previousDay = addDays(day, -1);
  const rows = await db
    .select()
    .from(statsDaily)
    .where(inArray(statsDaily.day, [day, previousDay]));
  const figures = (d: string): DayFigures => {
    const row = rows.find((r) => r.day === d);
    if (!row) return { ...ZERO };
    return {
      gmvFen: toFen(row.gmvFen),
      netGmvFen: toFen(row.gmvFen - row.refundFen),
      paidOrders: row.paidOrders,
      payingMembers: row.payingMembers,
      aovFen: toFen(aov(row.gmvFen, row.paidOrders)),
      visitors: row.visitors,
      newMembers: row.newMembers,
    };
  };
  const month = monthOf(day);
  const [monthRow] = await db
    .select({ gmv: sql<string | number | null>`coalesce(sum(${statsDaily.gmvFen}), 0)` })
    .from(statsDaily)
    .where(between(statsDaily.day, month, day));
  const [target] = await db
    .select({ target: kpiTargets.target })
    .from(kpiTargets)
    .where(and(eq(kpiTargets.month, month), eq(kpiTargets.metric, 'gmvFen')));
  return {
    day,
    ...figures(day),
    previous: figures(previousDay),
    monthGmv: { actualFen: toFen(Number(monthRow?.gmv ?? 0)), targetFen: target ? toFen(target.target) : null },
  };
}

/** ¥1,234.56 from fen (the shared integer formatter). */
export function yuan(fen: number): string {
  return formatFen(toFen(fen));
}

/** ↑12.3% / ↓4.0% / → against the day before (— when the day before was 0). */
export function change(value: number, previous: number): string {
  if (value === previous) return '→ 持平';
  if (previous === 0) return value > 0 ? '↑ 新增' : '↓';
  const pct = (Math.abs(value - previous) * 1000) / Math.abs(previous);
  const text = `${(Math.round(pct) / 10).toFixed(1)}%`;
  return value > previous ? `<font color="info">↑${text}</font>` : `<font color="warning">↓${text}</font>`;
}

const LINES: { key: keyof DayFigures; label: string; money: boolean }[] = [
  { key: 'gmvFen', label: '支付金额 GMV', money: true },
  { key: 'netGmvFen', label: '净 GMV（扣退款）', money: true },
  { key: 'paidOrders', label: '支付订单数', money: false },
  { key: 'payingMembers', label: '支付会员数', money: false },
  { key: 'aovFen', label: '客单价', money: true },
  { key: 'visitors', label: '访客数', money: false },
  { key: 'newMembers', label: '新增会员', money: false },
];

/** The robot's markdown (well under the 4,096-byte limit: a fixed number of short lines). */
export function dailyReportMarkdown(content: DailyReportContent): string {
  const lines = [`## 私域商城日报 ${content.day}`];
  for (const line of LINES) {
    const value = content[line.key];
    const shown = line.money ? yuan(value) : value.toLocaleString('en-US');
    lines.push(`> ${line.label}：**${shown}**  ${change(value, content.previous[line.key])}`);
  }
  const { actualFen, targetFen } = content.monthGmv;
  if (targetFen !== null && targetFen > 0) {
    const pct = Math.round((actualFen * 1000) / targetFen) / 10;
    lines.push(`本月 GMV ${yuan(actualFen)} / 目标 ${yuan(targetFen)}（完成 ${pct.toFixed(1)}%）`);
  } else {
    lines.push(`本月 GMV ${yuan(actualFen)}`);
  }
  lines.push('较前一日对比；详情见管理后台「数据概况」。');
  return lines.join('\n');
}

/** The in-app message's plain text. */
export function dailyReportText(content: DailyReportContent): string {
  const parts = LINES.map((line) => `${line.label} ${line.money ? yuan(content[line.key]) : content[line.key]}`);
  return parts.join('；');
}
