import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/*
 * stats_cohort_months (db/schema/reports.ts), kept by analytics-core: a member's member-days give, per calendar
 * month, 1 active (a paid order that month) and their net paid. The cells are sums over members, so a batch takes
 * its members' contribution out before refreshing them and adds it back after (exact, whatever changed).
 */

/** Per (cohort, channel, month): active members and net paid of the member-days `where` selects, times `sign`. */
function contribution(where: SQL, sign: 1 | -1): SQL {
  return sql`
    select cohort_month, channel_id, month, ${sign}::int * (count(*) filter (where orders > 0))::int as active_members, ${sign}::int * sum(net)::bigint as net_fen
    from (
      select member_id, cohort_month, channel_id, date_trunc('month', day)::date as month, sum(paid_orders) as orders, sum(paid_fen - refund_fen) as net
      from stats_member_days where cohort_month is not null and ${where}
      group by 1, 2, 3, 4
    ) x
    group by 1, 2, 3`;
}

/** Adds (sign 1) or takes out (sign −1) these members' current stats_member_days from stats_cohort_months. */
export async function addCohortMonths(db: Executor, memberIds: readonly number[], sign: 1 | -1): Promise<void> {
  if (memberIds.length === 0) return;
  const members = sql`member_id in (select (jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb))::int)`;
  await db.execute(sql`
    insert into stats_cohort_months (cohort_month, channel_id, month, active_members, net_fen)
    ${contribution(members, sign)}
    on conflict (cohort_month, channel_id, month) do update
      set active_members = stats_cohort_months.active_members + excluded.active_members, net_fen = stats_cohort_months.net_fen + excluded.net_fen`);
  if (sign === 1) await db.execute(sql`delete from stats_cohort_months where active_members = 0 and net_fen = 0`);
}

/** Recomputes stats_cohort_months whole from stats_member_days (the rebuild). */
export async function rebuildCohortMonths(db: Executor): Promise<void> {
  await db.execute(sql`delete from stats_cohort_months`);
  await db.execute(sql`insert into stats_cohort_months (cohort_month, channel_id, month, active_members, net_fen) ${contribution(sql`true`, 1)}`);
  await db.execute(sql`delete from stats_cohort_months where active_members = 0 and net_fen = 0`);
}
