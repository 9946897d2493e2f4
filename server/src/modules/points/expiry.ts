/** The expiry job: lots past their expiry lose what is left; members are warned 7 days ahead. */
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { chinaDay } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { pointsLots } from '../../db/schema';
import { appendEntries, lockAccount, rowsOf } from './repo';

const WARNING_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Records one 'points_expiring' notice per member and expiry day for points expiring within 7 days
 * (key `points_expiring:<memberId>:<China day>`, data: points, expiresAt, lotIds): a journey sends one
 * reminder per notice, so a member with thirty check-in lots expiring together gets one, not thirty.
 */
async function recordExpiryNotices(sc: ServiceContext): Promise<void> {
  const until = new Date(sc.now.getTime() + WARNING_DAYS * DAY_MS);
  const rows = await sc.db
    .select({
      memberId: pointsLots.memberId,
      expiresAt: pointsLots.expiresAt,
      points: sql<string>`sum(${pointsLots.remaining})`,
      lotIds: sql<number[]>`array_agg(${pointsLots.id}::int order by ${pointsLots.id})`,
    })
    .from(pointsLots)
    .where(and(gt(pointsLots.remaining, 0), gt(pointsLots.expiresAt, sc.now), lte(pointsLots.expiresAt, until)))
    .groupBy(pointsLots.memberId, pointsLots.expiresAt);
  for (const row of rows) {
    const key = `points_expiring:${row.memberId}:${chinaDay(row.expiresAt)}`;
    const data = { points: Number(row.points), expiresAt: row.expiresAt.toISOString(), lotIds: row.lotIds.map(Number) };
    await sc.db.execute(sql`
      insert into member_notices (member_id, kind, data, source_key, created_at)
      values (${row.memberId}::int, 'points_expiring', ${JSON.stringify(data)}::jsonb, ${key}, ${sc.now.toISOString()}::timestamptz)
      on conflict (source_key) do nothing`);
  }
}

/** Empties one member's expired lots (key `expire:lot:<id>`) in one transaction under the account lock. */
async function expireMemberLots(sc: ServiceContext, memberId: number, lotIds: number[]): Promise<number> {
  return inTransaction(sc, async (tx) => {
    await lockAccount(tx.db, memberId);
    // Read again under the lock: a spend or reversal may have emptied a lot since the scan.
    const lots = await tx.db
      .select()
      .from(pointsLots)
      .where(and(inArray(pointsLots.id, lotIds), gt(pointsLots.remaining, 0), lte(pointsLots.expiresAt, tx.now)));
    for (const lot of lots) await tx.db.update(pointsLots).set({ remaining: 0 }).where(eq(pointsLots.id, lot.id));
    await appendEntries(
      tx.db,
      lots.map((lot) => ({
        memberId,
        delta: -lot.remaining,
        kind: 'expire' as const,
        sourceKey: `expire:lot:${lot.id}`,
        operationKey: `expire:lot:${lot.id}`,
        lotId: lot.id,
        orderId: lot.orderId,
        reason: '积分过期',
      })),
      tx.now,
    );
    return lots.length;
  });
}

/**
 * The expiry job: up to `limit` lots past expiry with points left get an 'expire' entry for what is
 * left (one transaction per member, members in id order), after recording the 7-day warnings.
 * Returns the number of lots expired; run it until it answers less than `limit`.
 */
export async function expirePoints(sc: ServiceContext, limit = 500): Promise<number> {
  await recordExpiryNotices(sc);
  const due = rowsOf(
    await sc.db.execute(sql`
      select id, member_id from points_lots
      where remaining > 0 and expires_at <= ${sc.now.toISOString()}::timestamptz
      order by member_id, id
      limit ${limit}::int`),
  );
  const byMember = new Map<number, number[]>();
  for (const row of due) {
    const memberId = Number(row.member_id);
    byMember.set(memberId, [...(byMember.get(memberId) ?? []), Number(row.id)]);
  }
  let expired = 0;
  for (const [memberId, lotIds] of byMember) expired += await expireMemberLots(sc, memberId, lotIds);
  return expired;
}
