/** Reading the points ledger: the member's summary and ledger, staff's member view, the liability report. */
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import {
  checkinPointsFor,
  chinaDay,
  chinaMonth,
  nextCheckinStreak,
  pointsBalanceOf,
  pointsLotState,
  pointsValueFen,
  type PointsBalance,
  previousDay,
  type AdminMemberPointsView,
  type PointsEntryView,
  type PointsLedgerPage,
  type PointsLiabilityView,
  type PointsLotView,
  type PointsSummaryView,
} from '@siyu/shared';
import type { Executor } from '../../db/client';
import { memberAccounts, memberCheckins, pointsEntries, pointsLots } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { loadMembershipSettings } from '../membership/settings';
import { memberExists, rowsOf, type EntryRow, type LotRow } from './repo';

/**
 * The member's lots that still hold points (remaining > 0), read once; `pointsBalanceOf` (shared) is
 * the one definition of available / pending / expiring that every page and API shows.
 */
async function liveLots(db: Executor, memberId: number): Promise<LotRow[]> {
  return db
    .select()
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, memberId), gt(pointsLots.remaining, 0)));
}

/** The member's points by the shared definition (available, pending, total, expiring soon). */
export async function memberPointsBalance(db: Executor, memberId: number, now: Date): Promise<PointsBalance> {
  return pointsBalanceOf(await liveLots(db, memberId), now);
}

/** Points the member can spend now (the shared definition's `available`). */
export async function availablePoints(db: Executor, memberId: number, now: Date): Promise<number> {
  return (await memberPointsBalance(db, memberId, now)).available;
}

/** The member's points: balance (Σ entries), available, pending, expiring within 30 days, today's check-in. */
export async function pointsSummary(db: Executor, memberId: number, now: Date): Promise<PointsSummaryView> {
  // One query after another: `db` may be a transaction, whose connection runs one query at a time.
  const settings = await loadMembershipSettings(db);
  const totals = await memberPointsBalance(db, memberId, now);
  const [account] = await db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  const today = chinaDay(now);
  const last = account?.lastCheckinDay ?? null;
  const checkedInToday = last === today;
  const streak = checkedInToday || last === previousDay(today) ? (account?.checkinStreak ?? 0) : 0;
  let todayPoints = checkinPointsFor(nextCheckinStreak(last, account?.checkinStreak ?? 0, today), settings);
  if (checkedInToday) {
    const [checkin] = await db
      .select({ points: memberCheckins.points })
      .from(memberCheckins)
      .where(and(eq(memberCheckins.memberId, memberId), eq(memberCheckins.day, today)));
    todayPoints = checkin?.points ?? 0;
  }
  return { balance: account?.pointsBalance ?? 0, ...totals, pointsPerYuan: settings.pointsPerYuanRedeemed, checkin: { checkedInToday, streak, todayPoints } };
}

export function toEntryView(row: EntryRow): PointsEntryView {
  return {
    id: row.id,
    delta: row.delta,
    kind: row.kind,
    reason: row.reason,
    orderId: row.orderId,
    createdAt: row.createdAt.toISOString(),
    source: row.operationKey.split(':')[0] ?? row.kind,
  };
}

function toLotView(lot: LotRow, now: Date): PointsLotView {
  return {
    id: lot.id,
    amount: lot.amount,
    remaining: lot.remaining,
    source: lot.source,
    orderId: lot.orderId,
    availableAt: lot.availableAt.toISOString(),
    expiresAt: lot.expiresAt.toISOString(),
    createdAt: lot.createdAt.toISOString(),
    status: pointsLotState(lot, now),
  };
}

/** The member's entries, newest first, keyset-paged by id. */
export async function ledgerPage(db: Executor, memberId: number, query: { cursor?: string | undefined; limit: number }): Promise<PointsLedgerPage> {
  const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['id'])[0];
  const rows = await db
    .select()
    .from(pointsEntries)
    .where(and(eq(pointsEntries.memberId, memberId), beforeId === undefined ? undefined : lt(pointsEntries.id, beforeId)))
    .orderBy(desc(pointsEntries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toEntryView), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

const ADMIN_LOTS = 100;

/** GET /api/admin/members/:id/points: summary, the latest 100 lots, a page of entries; 404 for an unknown member. */
export async function memberPointsForStaff(
  db: Executor,
  memberId: number,
  now: Date,
  query: { cursor?: string | undefined; limit: number },
): Promise<AdminMemberPointsView> {
  if (!(await memberExists(db, memberId))) throw new AppError('MEMBER_NOT_FOUND');
  const lots = await db.select().from(pointsLots).where(eq(pointsLots.memberId, memberId)).orderBy(desc(pointsLots.id)).limit(ADMIN_LOTS);
  const page = await ledgerPage(db, memberId, query);
  return {
    memberId,
    summary: await pointsSummary(db, memberId, now),
    lots: lots.map((lot) => toLotView(lot, now)),
    entries: page.items,
    nextCursor: page.nextCursor,
  };
}

/**
 * The points liability: points outstanding (Σ remaining of unexpired lots, pending included) and their
 * value in fen at the redemption rate (rounded down), pending points, members holding points, points
 * expiring by China month, and negative balances (debts from refunds when the store allows them).
 */
export async function pointsLiability(db: Executor, now: Date): Promise<PointsLiabilityView> {
  const iso = now.toISOString();
  const settings = await loadMembershipSettings(db);
  const byExpiry = rowsOf(
    await db.execute(sql`
      select (extract(epoch from expires_at) * 1000)::bigint as expires_ms,
        sum(remaining)::bigint as points,
        coalesce(sum(remaining) filter (where available_at > ${iso}::timestamptz), 0)::bigint as pending
      from points_lots where remaining > 0 and expires_at > ${iso}::timestamptz
      group by expires_at order by expires_at`),
  );
  const [holders] = rowsOf(
    await db.execute(sql`select count(distinct member_id)::int as members from points_lots where remaining > 0 and expires_at > ${iso}::timestamptz`),
  );
  const [negative] = rowsOf(
    await db.execute(sql`select count(*)::int as members, coalesce(sum(-points_balance), 0)::bigint as points from member_accounts where points_balance < 0`),
  );
  const months = new Map<string, number>();
  let outstandingPoints = 0;
  let pendingPoints = 0;
  for (const row of byExpiry) {
    const month = chinaMonth(new Date(Number(row.expires_ms)));
    months.set(month, (months.get(month) ?? 0) + Number(row.points));
    outstandingPoints += Number(row.points);
    pendingPoints += Number(row.pending);
  }
  const rate = settings.pointsPerYuanRedeemed;
  return {
    outstandingPoints,
    outstandingValueFen: pointsValueFen(outstandingPoints, rate),
    pendingPoints,
    members: Number(holders?.members ?? 0),
    expiringByMonth: [...months].map(([month, points]) => ({ month, points, valueFen: pointsValueFen(points, rate) })),
    negativeBalances: { members: Number(negative?.members ?? 0), points: Number(negative?.points ?? 0) },
  };
}
