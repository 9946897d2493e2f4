import { sql } from 'drizzle-orm';
import { addDays, FUNNEL_STEPS, rangeDays, type FunnelReport, type FunnelRow, type FunnelStep } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { channelNames, num } from './common';

export interface FunnelQuery {
  from: string;
  to: string;
  channelId?: number | undefined;
}

type StepCounts = Record<FunnelStep, number>;
const zero = (): StepCounts => ({ visit: 0, product_view: 0, add_to_cart: 0, checkout_start: 0, paid: 0 });

interface StepRow {
  key: string | number;
  visit: unknown;
  product_view: unknown;
  add_to_cart: unknown;
  checkout_start: unknown;
}

function addSteps(target: StepCounts, row: StepRow): void {
  target.visit += num(row.visit);
  target.product_view += num(row.product_view);
  target.add_to_cart += num(row.add_to_cart);
  target.checkout_start += num(row.checkout_start);
}

/** The step counts of visitors (stats_visits.steps bits: 2 product view, 4 add to cart, 8 checkout start); every visitor visited. */
const STEP_COLUMNS = sql.raw(`count(*) as visit, count(*) filter (where steps & 2 <> 0) as product_view,
  count(*) filter (where steps & 4 <> 0) as add_to_cart, count(*) filter (where steps & 8 <> 0) as checkout_start`);

/**
 * The funnel of a range (docs/metrics.md): distinct visitors of the range (stats_visits) reaching each step on any
 * day of it, then the paying members (stats_member_days). A visitor counts in one channel (the highest channel id of
 * its days — a visitor's channel is fixed once known, so they agree); paid counts by the member's acquisition
 * channel. `days` are the per-day funnels (daily distinct visitors, members paying that day).
 */
export async function funnelReport(db: Executor, query: FunnelQuery): Promise<FunnelReport> {
  const { from, to } = query;
  const visitChannel = query.channelId === undefined ? sql`` : sql` and channel_id = ${query.channelId}`;
  const [byChannel, paidByChannel, byDay, paidByDay] = await Promise.all([
    queryRows<StepRow>(
      db,
      sql`select channel_id as key, ${STEP_COLUMNS}
        from (select visitor, max(channel_id) as channel_id, bit_or(steps) as steps from stats_visits
              where day between ${from}::date and ${to}::date${visitChannel} group by visitor) v
        group by channel_id`,
    ),
    queryRows<{ key: number; paid: unknown }>(
      db,
      sql`select channel_id as key, count(*) as paid
        from (select member_id, max(channel_id) as channel_id from stats_member_days
              where day between ${from}::date and ${to}::date and paid_orders > 0${visitChannel} group by member_id) m
        group by channel_id`,
    ),
    queryRows<StepRow>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as key, ${STEP_COLUMNS} from stats_visits
        where day between ${from}::date and ${to}::date${visitChannel} group by day`,
    ),
    queryRows<{ key: string; paid: unknown }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as key, count(*) as paid from stats_member_days
        where day between ${from}::date and ${to}::date and paid_orders > 0${visitChannel} group by day`,
    ),
  ]);

  const channels = new Map<number, StepCounts>();
  const channelOf = (id: number) => {
    let counts = channels.get(id);
    if (!counts) channels.set(id, (counts = zero()));
    return counts;
  };
  for (const row of byChannel) addSteps(channelOf(Number(row.key)), row);
  for (const row of paidByChannel) channelOf(Number(row.key)).paid += num(row.paid);
  const total = zero();
  for (const counts of channels.values()) for (const step of FUNNEL_STEPS) total[step] += counts[step];

  const names = await channelNames(db, channels.keys());
  const rows: FunnelRow[] = [...channels.entries()]
    .map(([channelId, steps]) => ({ channelId, channelName: names.get(channelId) ?? `渠道 #${channelId}`, steps }))
    .sort((a, b) => b.steps.visit - a.steps.visit || b.steps.paid - a.steps.paid || a.channelId - b.channelId);

  const days = new Map<string, StepCounts>();
  for (let i = 0; i < rangeDays(from, to); i += 1) days.set(addDays(from, i), zero());
  for (const row of byDay) {
    const counts = days.get(String(row.key));
    if (counts) addSteps(counts, row);
  }
  for (const row of paidByDay) {
    const counts = days.get(String(row.key));
    if (counts) counts.paid += num(row.paid);
  }
  return { from, to, total, channels: rows, days: [...days.entries()].map(([day, counts]) => ({ day, ...counts })) };
}
