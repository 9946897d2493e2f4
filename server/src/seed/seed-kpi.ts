import { sql } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
import type { Db } from '../db/client';
import { queryRows } from '../lib/sql';

/** The app_meta marker of a month's demo targets: set once per month, so a target the owner removed stays removed. */
export const demoKpiMarker = (month: string): string => `demo_kpi:${month}`;

/** a × ratio rounded up to a multiple of `step` (at least `min`). */
const goal = (actual: number, ratio: number, step: number, min: number): number => Math.max(min, Math.ceil((actual * ratio) / step) * step);

/**
 * This China month's KPI targets for the demo (issue 16), so the 月度目标 card shows progress: a little above the
 * demo's last 30 days — GMV ×1.2 (whole ¥100s), new members ×1.2, monthly active members ×1.2, repurchase rate 25 %.
 * Only on a seeded demo database, once per month (marker in app_meta, in the same transaction), never over a
 * target staff set. Reads the source tables once at start (not a dashboard request). Returns whether it wrote.
 */
export async function upgradeDemoKpi(db: Db, now = new Date()): Promise<boolean> {
  const month = chinaDate(now).slice(0, 7);
  const [seeded] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = 'demo_seed'`);
  if (!seeded) return false;
  return db.transaction(async (tx) => {
    const marker = await queryRows<{ key: string }>(
      tx,
      sql`insert into app_meta (key, value) values (${demoKpiMarker(month)}, ${JSON.stringify({ seededAt: now.toISOString() })}::jsonb)
        on conflict (key) do nothing returning key`,
    );
    if (marker.length === 0) return false;
    const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const [recent] = await queryRows<{ gmv: string; joined: string; active: string }>(
      tx,
      sql`select
          (select coalesce(sum(payable_fen), 0)::text from orders where paid_at >= ${since}::timestamptz) as gmv,
          (select count(*)::text from members where created_at >= ${since}::timestamptz) as joined,
          (select count(distinct member_id)::text from (
              select member_id from orders where paid_at >= ${since}::timestamptz
              union all select member_id from behaviour_events where occurred_at >= ${since}::timestamptz and member_id is not null) active) as active`,
    );
    const targets: [string, number][] = [
      ['gmvFen', goal(Number(recent?.gmv ?? 0), 1.2, 10_000, 1_000_000)],
      ['newMembers', goal(Number(recent?.joined ?? 0), 1.2, 10, 50)],
      ['repurchaseRate', 2_500],
      ['activeMembers', goal(Number(recent?.active ?? 0), 1.2, 10, 50)],
    ];
    for (const [metric, target] of targets) {
      await tx.execute(
        sql`insert into kpi_targets (month, metric, target, updated_at) values (${`${month}-01`}::date, ${metric}, ${target}, ${now.toISOString()}::timestamptz)
          on conflict (month, metric) do nothing`,
      );
    }
    return true;
  });
}
