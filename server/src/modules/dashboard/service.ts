import {
  addDays,
  chinaDate,
  KPI_METRICS,
  previousRange,
  UNATTRIBUTED_CHANNEL_NAME,
  type AnalyticsSettings,
  type AnalyticsSettingsBody,
  type DashboardBreakdown,
  type DashboardOverview,
  type KpiMetric,
  type KpiProgress,
  type KpiReport,
  type KpiTargetsBody,
  type MetricValue,
  type OverviewTrendDay,
  type ReportRangeQuery,
  toFen,
} from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { analyticsSettings } from '../../db/schema';
import { analyticsAsOf } from '../analytics';
import { assertReportRange, readAnalyticsSettings } from '../analytics-settings';
import { recordAudit } from '../audit';
import { channelRows, dailyRows, deleteKpiTarget, kpiTargetRows, monthActuals, rangeTotals, upsertKpiTarget, type RangeTotals } from './repo';

/** Rounded to 4 decimals (rates and changes). */
export const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

/** a / b to 4 decimals, 0 when b is 0. */
export const rate = (a: number, b: number): number => (b === 0 ? 0 : round4(a / b));

/** round(gmv / orders), half up, integer fen; 0 without orders. Integer arithmetic: exact for any realistic sum. */
export function aovFen(gmvFen: number, paidOrders: number): number {
  if (paidOrders === 0) return 0;
  return Math.floor((2 * gmvFen + paidOrders) / (2 * paidOrders));
}

function metric(value: number, previous: number): MetricValue {
  return { value, previous, change: previous === 0 ? null : round4((value - previous) / previous) };
}

interface Figures {
  gmvFen: number;
  netGmvFen: number;
  paidOrders: number;
  payingMembers: number;
  aovFen: number;
  visitors: number;
  conversionRate: number;
  newMembers: number;
  repurchaseRate: number;
}

/** The overview's metrics from a range's totals (definitions: docs/metrics.md). */
export function figuresOf(totals: RangeTotals): Figures {
  return {
    gmvFen: totals.gmvFen,
    netGmvFen: totals.gmvFen - totals.refundFen,
    paidOrders: totals.paidOrders,
    payingMembers: totals.payingMembers,
    aovFen: aovFen(totals.gmvFen, totals.paidOrders),
    visitors: totals.visitors,
    conversionRate: rate(totals.payingMembers, totals.visitors),
    newMembers: totals.newMembers,
    repurchaseRate: rate(totals.repeatMembers, totals.payingMembers),
  };
}

/** GET /api/admin/dashboard/overview: the range and the previous range in parallel, the trend, asOf. */
export async function dashboardOverview(sc: ServiceContext, range: ReportRangeQuery): Promise<DashboardOverview> {
  await assertReportRange(sc.db, range, sc.now, { events: true });
  const previous = previousRange(range.from, range.to);
  const [current, before, days, asOf] = await Promise.all([
    rangeTotals(sc.db, range.from, range.to),
    rangeTotals(sc.db, previous.from, previous.to),
    dailyRows(sc.db, range.from, range.to),
    analyticsAsOf(sc.db),
  ]);
  const now = figuresOf(current);
  const then = figuresOf(before);
  const byDay = new Map(days.map((row) => [row.day, row]));
  const trend: OverviewTrendDay[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const row = byDay.get(day);
    trend.push({
      day,
      gmvFen: toFen(row?.gmvFen ?? 0),
      netGmvFen: toFen((row?.gmvFen ?? 0) - (row?.refundFen ?? 0)),
      paidOrders: row?.paidOrders ?? 0,
      payingMembers: row?.payingMembers ?? 0,
      visitors: row?.visitors ?? 0,
      newMembers: row?.newMembers ?? 0,
    });
  }
  return {
    from: range.from,
    to: range.to,
    previous,
    gmvFen: metric(now.gmvFen, then.gmvFen),
    netGmvFen: metric(now.netGmvFen, then.netGmvFen),
    paidOrders: metric(now.paidOrders, then.paidOrders),
    payingMembers: metric(now.payingMembers, then.payingMembers),
    aovFen: metric(now.aovFen, then.aovFen),
    visitors: metric(now.visitors, then.visitors),
    conversionRate: metric(now.conversionRate, then.conversionRate),
    newMembers: metric(now.newMembers, then.newMembers),
    repurchaseRate: metric(now.repurchaseRate, then.repurchaseRate),
    trend,
    asOf: asOf ? asOf.toISOString() : null,
  };
}

/** GET /api/admin/dashboard/breakdown: per acquisition channel, largest GMV first (then channel id). */
export async function dashboardBreakdown(sc: ServiceContext, range: ReportRangeQuery): Promise<DashboardBreakdown> {
  await assertReportRange(sc.db, range, sc.now, { events: true });
  const rows = await channelRows(sc.db, range.from, range.to);
  const channels = rows
    .map((row) => ({
      channelId: row.channelId,
      channelName: row.channelId === 0 ? UNATTRIBUTED_CHANNEL_NAME : (row.channelName ?? `渠道 ${row.channelId}`),
      gmvFen: toFen(row.gmvFen),
      netGmvFen: toFen(row.gmvFen - row.refundFen),
      paidOrders: row.paidOrders,
      payingMembers: row.payingMembers,
      newMembers: row.newMembers,
      visitors: row.visitors,
    }))
    .sort((a, b) => b.gmvFen - a.gmvFen || a.channelId - b.channelId);
  return { from: range.from, to: range.to, channels };
}

/* ---------- KPI targets ---------- */

/** The month 'YYYY-MM' as its days: first, last and how many. */
export function monthDays(month: string): { first: string; last: string; days: number } {
  const first = `${month}-01`;
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { first, last: addDays(first, days - 1), days };
}

/** Basis points of a rate target (kpi_targets.target for repurchaseRate). */
const BP = 10_000;

/** The pace of a metric: progress against the share of the month gone (rates: against the target itself), ±5 points. */
function paceOf(progress: number, expected: number): KpiProgress['pace'] {
  if (progress > expected + 0.05) return 'ahead';
  if (progress < expected - 0.05) return 'behind';
  return 'on_track';
}

/** GET /api/admin/kpi?month: each KPI's target, actual so far, progress and the pace needed. */
export async function kpiReport(sc: ServiceContext, month: string): Promise<KpiReport> {
  const { first, last, days } = monthDays(month);
  const today = chinaDate(sc.now);
  const daysElapsed = today < first ? 0 : today > last ? days : Number(today.slice(8, 10));
  const over = today > last;
  const [targets, actuals] = await Promise.all([
    kpiTargetRows(sc.db, first),
    daysElapsed === 0
      ? Promise.resolve({ gmvFen: 0, newMembers: 0, payingMembers: 0, repeatMembers: 0, activeMembers: 0 })
      : monthActuals(sc.db, first, over ? last : today),
  ]);
  const targetOf = new Map(targets.map((row) => [row.metric, row.target]));
  const timeElapsed = round4(daysElapsed / days);
  // Days still to go, today included (today is not over yet).
  const remainingDays = days - daysElapsed + (daysElapsed > 0 ? 1 : 0);
  const actualOf: Record<KpiMetric, number> = {
    gmvFen: actuals.gmvFen,
    newMembers: actuals.newMembers,
    repurchaseRate: rate(actuals.repeatMembers, actuals.payingMembers),
    activeMembers: actuals.activeMembers,
  };
  const metrics = KPI_METRICS.map((name): KpiProgress => {
    const stored = targetOf.get(name);
    const target = stored === undefined ? null : name === 'repurchaseRate' ? stored / BP : stored;
    const actual = actualOf[name];
    if (target === null) return { metric: name, target: null, actual, progress: null, timeElapsed, neededPerDay: null, pace: null };
    const progress = target === 0 ? 1 : round4(actual / target);
    const additive = name === 'gmvFen' || name === 'newMembers';
    const neededPerDay = !additive || over ? null : Math.max(0, Math.ceil((target - actual) / Math.max(1, remainingDays)));
    const pace = paceOf(progress, name === 'repurchaseRate' ? 1 : timeElapsed);
    return { metric: name, target, actual, progress, timeElapsed, neededPerDay, pace };
  });
  return { month, daysInMonth: days, daysElapsed, metrics };
}

/** PUT /api/admin/kpi/targets/:month: sets (or with null removes) targets, audited; answers the month's report. */
export async function setKpiTargets(sc: ServiceContext, month: string, body: KpiTargetsBody): Promise<KpiReport> {
  const staff = requireStaffActor(sc);
  const { first } = monthDays(month);
  await inTransaction(sc, async (tx) => {
    const before = Object.fromEntries((await kpiTargetRows(tx.db, first)).map((row) => [row.metric, row.target]));
    const after: Record<string, number> = { ...before };
    for (const name of KPI_METRICS) {
      const value = body.targets[name];
      if (value === undefined) continue;
      if (value === null) {
        await deleteKpiTarget(tx.db, first, name);
        delete after[name];
      } else {
        const stored = name === 'repurchaseRate' ? Math.round(value * BP) : value;
        await upsertKpiTarget(tx.db, first, name, stored, staff.id, tx.now);
        after[name] = stored;
      }
    }
    await recordAudit(tx, { action: 'kpi.targets_set', targetType: 'kpi_month', targetId: month, before, after });
  });
  return kpiReport(sc, month);
}

/* ---------- analytics settings ---------- */

export async function getAnalyticsSettings(sc: ServiceContext, robotConfigured: boolean): Promise<AnalyticsSettings> {
  return { ...(await readAnalyticsSettings(sc.db)), robotConfigured };
}

/** PUT /api/admin/analytics/settings: changes the given fields of row 1 (inserting it when missing), audited. */
export async function updateAnalyticsSettings(sc: ServiceContext, body: AnalyticsSettingsBody, robotConfigured: boolean): Promise<AnalyticsSettings> {
  await inTransaction(sc, async (tx) => {
    const before = await readAnalyticsSettings(tx.db);
    const after = { ...before, ...body };
    await tx.db
      .insert(analyticsSettings)
      .values({ id: 1, ...after, updatedAt: tx.now })
      .onConflictDoUpdate({ target: analyticsSettings.id, set: { ...after, updatedAt: tx.now } });
    await recordAudit(tx, { action: 'analytics.settings_update', targetType: 'analytics_settings', targetId: 1, before, after });
  });
  return getAnalyticsSettings(sc, robotConfigured);
}
