import {
  channelCostFen,
  channelPlan,
  CHANNEL_REPORT_MAX_DAYS,
  UNATTRIBUTED_CHANNEL_NAME,
  type AttributionModel,
  type ChannelReport,
  type ChannelReportDay,
  type ChannelReportRow,
  type ChannelReportTotals,
  type Fen,
} from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { loadDaily, loadReach, loadReportChannels, type DailyFigures, type ReportChannel } from './report-repo';

const DAY_MS = 86_400_000;

/** a / b rounded half away from zero (b > 0): integers in, integer out. */
export function divRound(a: number, b: number): number {
  const q = Math.floor((2 * Math.abs(a) + b) / (2 * b));
  return a < 0 ? -q : q;
}

/** Refuses from > to and ranges over CHANNEL_REPORT_MAX_DAYS days (both ends included). */
export function checkRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1 || days > CHANNEL_REPORT_MAX_DAYS) {
    throw new AppError('REPORT_RANGE_INVALID', `from ${from} to ${to}: ${days} days`, { from, to, maxDays: CHANNEL_REPORT_MAX_DAYS });
  }
}

type Sums = Omit<DailyFigures, 'day' | 'channelId'> & { reach: number };

const emptySums = (): Sums => ({
  reach: 0,
  touches: 0,
  newMembers: 0,
  firstOrderMembers: 0,
  orders: 0,
  paidFen: 0,
  refundedFen: 0,
  repurchaseMembers: 0,
});

function addInto(sums: Sums, day: Omit<DailyFigures, 'day' | 'channelId'>): void {
  sums.touches += day.touches;
  sums.newMembers += day.newMembers;
  sums.firstOrderMembers += day.firstOrderMembers;
  sums.orders += day.orders;
  sums.paidFen += day.paidFen;
  sums.refundedFen += day.refundedFen;
  sums.repurchaseMembers += day.repurchaseMembers;
}

/** The range overlaps the channel's period (an open end overlaps everything on its side). */
function overlaps(channel: ReportChannel, from: string, to: string): boolean {
  return (channel.startsOn === null || channel.startsOn <= to) && (channel.endsOn === null || channel.endsOn >= from);
}

/** Figures, cost, CAC, ROI and progress from the sums, the cost and the plan. */
function figures(sums: Sums, costFen: number, plan: { plannedMembers: number; plannedGmvFen: number }): ChannelReportTotals {
  const gmvFen = sums.paidFen - sums.refundedFen;
  return {
    ...sums,
    gmvFen: gmvFen as Fen,
    paidFen: sums.paidFen as Fen,
    refundedFen: sums.refundedFen as Fen,
    costFen: costFen as Fen,
    cacFen: sums.newMembers > 0 ? (divRound(costFen, sums.newMembers) as Fen) : null,
    roi: costFen > 0 ? divRound(gmvFen * 100, costFen) / 100 : null,
    plannedMembers: plan.plannedMembers,
    plannedGmvFen: plan.plannedGmvFen as Fen,
    memberProgress: plan.plannedMembers > 0 ? divRound(sums.newMembers * 1000, plan.plannedMembers) / 10 : null,
    gmvProgress: plan.plannedGmvFen > 0 ? divRound(gmvFen * 1000, plan.plannedGmvFen) / 10 : null,
    funnel: {
      reach: sums.reach,
      touches: sums.touches,
      newMembers: sums.newMembers,
      firstOrderMembers: sums.firstOrderMembers,
      repurchaseMembers: sums.repurchaseMembers,
    },
  };
}

function channelRow(channel: ReportChannel, sums: Sums, from: string, to: string): ChannelReportRow {
  const costFen = channelCostFen(overlaps(channel, from, to) ? channel.fixedCostFen : 0, channel.unitCostMilliFen, sums.reach);
  return { channelId: channel.id, channelName: channel.name, kind: channel.kind, ...figures(sums, costFen, channelPlan(channel)) };
}

const hasFigures = (sums: Sums) => Object.values(sums).some((value) => value !== 0);

function dailySeries(daily: DailyFigures[]): ChannelReportDay[] {
  return daily
    .filter((day) => day.newMembers !== 0 || day.orders !== 0 || day.paidFen !== 0 || day.refundedFen !== 0)
    .map((day) => ({
      date: day.day,
      channelId: day.channelId === 0 ? null : day.channelId,
      newMembers: day.newMembers,
      orders: day.orders,
      gmvFen: (day.paidFen - day.refundedFen) as Fen,
    }));
}

/**
 * GET /api/admin/channels/report: one row per channel (archived ones only when they have figures in the
 * range), then the 自然流量 row (channelId null: what no channel brought), totals that reconcile with all
 * paid orders and refunds of the range, and the daily series.
 */
export async function channelReport(db: Executor, query: { from: string; to: string; model: AttributionModel }): Promise<ChannelReport> {
  const { from, to, model } = query;
  checkRange(from, to);
  const [channels, daily, reach] = await Promise.all([loadReportChannels(db), loadDaily(db, model, from, to), loadReach(db, from, to)]);
  const sums = new Map<number, Sums>();
  const sumsOf = (channelId: number) => sums.get(channelId) ?? sums.set(channelId, emptySums()).get(channelId)!;
  for (const day of daily) addInto(sumsOf(day.channelId), day);
  for (const [channelId, quantity] of reach) sumsOf(channelId).reach += quantity;
  const known = new Set(channels.map((channel) => channel.id));
  const rows = channels
    .filter((channel) => channel.status !== 'archived' || hasFigures(sumsOf(channel.id)))
    .map((channel) => channelRow(channel, sumsOf(channel.id), from, to));
  // Figures of a channel id that is not in `channels` (never expected) stay in the totals, under 自然流量.
  const none = emptySums();
  for (const [channelId, channelSums] of sums) if (channelId === 0 || !known.has(channelId)) addInto(none, channelSums);
  rows.push({ channelId: null, channelName: UNATTRIBUTED_CHANNEL_NAME, kind: null, ...figures(none, 0, { plannedMembers: 0, plannedGmvFen: 0 }) });
  return { from, to, model, rows, totals: totalsOf(rows), daily: dailySeries(daily) };
}

function totalsOf(rows: ChannelReportRow[]): ChannelReportTotals {
  const sums = emptySums();
  let costFen = 0;
  const plan = { plannedMembers: 0, plannedGmvFen: 0 };
  for (const row of rows) {
    addInto(sums, row);
    sums.reach += row.reach;
    costFen += row.costFen;
    plan.plannedMembers += row.plannedMembers;
    plan.plannedGmvFen += row.plannedGmvFen;
  }
  return figures(sums, costFen, plan);
}
