import { sql } from 'drizzle-orm';
import type { AttributionModel, ChannelKind } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';

/** A channel as the report needs it: name, period, cost model and plan. */
export interface ReportChannel {
  id: number;
  kind: ChannelKind;
  name: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  fixedCostFen: number;
  unitCostMilliFen: number;
  plannedReach: number;
  plannedConversionBp: number;
  plannedOrdersPerMemberX100: number;
  plannedAovFen: number;
}

/** One day of one channel (0: none) in the roll-up, for one model. */
export interface DailyFigures {
  day: string;
  channelId: number;
  touches: number;
  newMembers: number;
  firstOrderMembers: number;
  orders: number;
  paidFen: number;
  refundedFen: number;
  repurchaseMembers: number;
}

export async function loadReportChannels(db: Executor): Promise<ReportChannel[]> {
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select id, kind, name, status, starts_on::text as starts_on, ends_on::text as ends_on, fixed_cost_fen::text as fixed_cost_fen,
      unit_cost_milli_fen::text as unit_cost_milli_fen, planned_reach, planned_conversion_bp, planned_orders_per_member_x100,
      planned_aov_fen::text as planned_aov_fen
    from channels order by id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind as ChannelKind,
    name: String(row.name),
    status: String(row.status),
    startsOn: row.starts_on === null ? null : String(row.starts_on),
    endsOn: row.ends_on === null ? null : String(row.ends_on),
    fixedCostFen: Number(row.fixed_cost_fen),
    unitCostMilliFen: Number(row.unit_cost_milli_fen),
    plannedReach: Number(row.planned_reach),
    plannedConversionBp: Number(row.planned_conversion_bp),
    plannedOrdersPerMemberX100: Number(row.planned_orders_per_member_x100),
    plannedAovFen: Number(row.planned_aov_fen),
  }));
}

/** The roll-up's rows of the model between two days (both included), by day then channel. */
export async function loadDaily(db: Executor, model: AttributionModel, from: string, to: string): Promise<DailyFigures[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`select day::text as day, channel_id, touches, new_members, first_order_members, orders, paid_fen::text as paid_fen,
      refunded_fen::text as refunded_fen, repurchase_members
    from channel_daily where model = ${model} and day between ${from}::date and ${to}::date
    order by day, channel_id`,
  );
  return rows.map((row) => ({
    day: String(row.day),
    channelId: Number(row.channel_id),
    touches: Number(row.touches),
    newMembers: Number(row.new_members),
    firstOrderMembers: Number(row.first_order_members),
    orders: Number(row.orders),
    paidFen: Number(row.paid_fen),
    refundedFen: Number(row.refunded_fen),
    repurchaseMembers: Number(row.repurchase_members),
  }));
}

/** Σ reach per channel between two Asia/Shanghai days (both included), read from channel_reach itself. */
export async function loadReach(db: Executor, from: string, to: string): Promise<Map<number, number>> {
  const rows = await queryRows<{ channel_id: number; reach: string }>(
    db,
    sql`select channel_id, sum(quantity)::text as reach from channel_reach
    where occurred_at >= (${from}::date::timestamp - interval '8 hours') at time zone 'UTC'
      and occurred_at < (${to}::date::timestamp + interval '16 hours') at time zone 'UTC'
    group by channel_id`,
  );
  return new Map(rows.map((row) => [Number(row.channel_id), Number(row.reach)]));
}
