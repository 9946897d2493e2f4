import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { wecomMonthlySends } from '../../db/schema';
import { queryRows } from '../../lib/sql';

/**
 * Our count of mass sends per customer per calendar month (China time), checked before add_msg_template:
 * WeCom lets a customer receive at most days-in-month mass messages a month, all senders combined
 * (messaging-protocols.md §1.8, §4 rule 12). A reservation is one atomic conditional upsert, so parallel
 * sends cannot pass the cap; a send that did not go out gives its reservation back.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function chinaMonth(now: Date): { month: string; days: number } {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  const year = china.getUTCFullYear();
  const month = china.getUTCMonth();
  return { month: `${year}-${String(month + 1).padStart(2, '0')}`, days: new Date(Date.UTC(year, month + 1, 0)).getUTCDate() };
}

/** Takes one of the customer's sends of this month: false when the month's cap is reached. */
export async function reserveMonthlySend(db: Executor, externalUserId: string, now: Date): Promise<boolean> {
  const { month, days } = chinaMonth(now);
  const rows = await queryRows<{ sends: number }>(
    db,
    sql`insert into wecom_monthly_sends (external_user_id, month, sends) values (${externalUserId}, ${month}, 1)
        on conflict (external_user_id, month) do update set sends = wecom_monthly_sends.sends + 1
        where wecom_monthly_sends.sends < ${days}
        returning sends`,
  );
  return rows.length > 0;
}

/** Gives back a reservation whose send did not happen (rejected, not a friend). */
export async function releaseMonthlySend(db: Executor, externalUserId: string, now: Date): Promise<void> {
  const { month } = chinaMonth(now);
  await db
    .update(wecomMonthlySends)
    .set({ sends: sql`greatest(${wecomMonthlySends.sends} - 1, 0)` })
    .where(and(eq(wecomMonthlySends.externalUserId, externalUserId), eq(wecomMonthlySends.month, month)));
}
