/**
 * Points storage: the member's account row (the lock every ledger change of a member takes first),
 * lots and entries. Every write here runs under that lock, inside the caller's transaction.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { isSpendableLot } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { memberAccounts, members, pointsEntries, pointsLots } from '../../db/schema';
import { AppError } from '../../lib/errors';

export type AccountRow = typeof memberAccounts.$inferSelect;
export type LotRow = typeof pointsLots.$inferSelect;
export type EntryRow = typeof pointsEntries.$inferSelect;

/** 'earn' | 'spend' | 'expire' | 'reverse' | 'release' | 'adjust' | 'deduction'. */
export type EntryKind = 'earn' | 'spend' | 'expire' | 'reverse' | 'release' | 'adjust' | 'deduction';

export interface NewEntry {
  memberId: number;
  delta: number;
  kind: EntryKind;
  sourceKey: string;
  operationKey: string;
  lotId?: number | null;
  orderId?: number | null;
  reason: string;
  staffId?: number | null;
}

/** Raw rows of `db.execute` on either driver. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error('unexpected query result');
  return rows as Record<string, unknown>[];
}

async function selectAccountForUpdate(db: Executor, memberId: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId)).for('update');
  return row;
}

/**
 * The member's account row, locked until the transaction ends (created first when missing, its tier
 * counted from the member's sign-up). Serialises every points change of one member; 404 MEMBER_NOT_FOUND.
 */
export async function lockAccount(db: Executor, memberId: number): Promise<AccountRow> {
  const existing = await selectAccountForUpdate(db, memberId);
  if (existing) return existing;
  await db.execute(sql`
    insert into member_accounts (member_id, tier_since)
    select id, created_at from members where id = ${memberId}::int
    on conflict (member_id) do nothing`);
  const created = await selectAccountForUpdate(db, memberId);
  if (!created) throw new AppError('MEMBER_NOT_FOUND');
  return created;
}

/** True when the member exists. */
export async function memberExists(db: Executor, memberId: number): Promise<boolean> {
  const [row] = await db.select({ id: members.id }).from(members).where(eq(members.id, memberId));
  return row !== undefined;
}

export interface LotMove {
  lotId: number;
  /** Negative: taken from the lot; positive: put back. */
  delta: number;
}

/**
 * Appends entries (created at `now`), moves lots' remaining by `moves` (the check constraint keeps
 * each within 0…amount) and each member's balance by the entries' sum: one statement, in the
 * caller's transaction.
 */
export async function appendEntries(db: Executor, entries: readonly NewEntry[], now: Date, moves: readonly LotMove[] = []): Promise<void> {
  if (entries.length === 0 && moves.length === 0) return;
  const at = now.toISOString();
  const parts: SQL[] = [];
  if (moves.length > 0) {
    const values = sql.join(
      moves.map((move) => sql`(${move.lotId}::bigint, ${move.delta}::int)`),
      sql`, `,
    );
    parts.push(
      sql`moved as (update points_lots l set remaining = l.remaining + v.delta from (values ${values}) as v(id, delta) where l.id = v.id returning l.id)`,
    );
  }
  if (entries.length === 0) {
    await db.execute(sql`with ${sql.join(parts, sql`, `)} select count(*) from moved`);
    return;
  }
  const insert = db
    .insert(pointsEntries)
    .values(entries.map((entry) => ({ ...entry, lotId: entry.lotId ?? null, orderId: entry.orderId ?? null, staffId: entry.staffId ?? null, createdAt: now })))
    .returning({ memberId: pointsEntries.memberId, delta: pointsEntries.delta });
  // Drizzle puts an embedded query in parentheses: `inserted as (insert … returning …)`.
  parts.push(sql`inserted as ${insert}`);
  await db.execute(sql`
    with ${sql.join(parts, sql`, `)}
    update member_accounts a set points_balance = a.points_balance + s.total, updated_at = ${at}::timestamptz
    from (select member_id, sum(delta)::int as total from inserted group by member_id) s
    where a.member_id = s.member_id and s.total <> 0`);
}

/** True when an operation already wrote an entry (the idempotency check, under the account lock). */
export async function hasOperation(db: Executor, operationKey: string): Promise<boolean> {
  const [row] = await db.select({ id: pointsEntries.id }).from(pointsEntries).where(eq(pointsEntries.operationKey, operationKey)).limit(1);
  return row !== undefined;
}

export async function entriesOfOperation(db: Executor, operationKey: string): Promise<EntryRow[]> {
  return db.select().from(pointsEntries).where(eq(pointsEntries.operationKey, operationKey)).orderBy(asc(pointsEntries.id));
}

export interface NewLot {
  memberId: number;
  amount: number;
  source: string;
  sourceKey: string;
  orderId: number | null;
  availableAt: Date;
  expiresAt: Date;
}

/**
 * Inserts a lot, its entry (+amount on the lot; the lot's key is the entry's key and operation key)
 * and moves the balance, in one statement, unless an operation with the key already exists (false).
 * Run under the account lock, the statement's snapshot sees every committed entry of the member.
 */
export async function insertLotWithEntry(
  db: Executor,
  lot: NewLot,
  entry: { kind: EntryKind; reason: string; staffId: number | null },
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with lot as (
      insert into points_lots (member_id, amount, remaining, source, source_key, order_id, available_at, expires_at, created_at)
      select ${lot.memberId}::int, ${lot.amount}::int, ${lot.amount}::int, ${lot.source}, ${lot.sourceKey}, ${lot.orderId}::int,
        ${lot.availableAt.toISOString()}::timestamptz, ${lot.expiresAt.toISOString()}::timestamptz, ${at}::timestamptz
      where not exists (select 1 from points_entries where operation_key = ${lot.sourceKey})
      on conflict (source_key) do nothing
      returning id, member_id, amount, source_key, order_id
    ), entry as (
      insert into points_entries (member_id, delta, kind, source_key, operation_key, lot_id, order_id, reason, staff_id, created_at)
      select member_id, amount, ${entry.kind}, source_key, source_key, id, order_id, ${entry.reason}, ${entry.staffId}::int, ${at}::timestamptz from lot
      returning member_id, delta
    )
    update member_accounts a set points_balance = a.points_balance + entry.delta, updated_at = ${at}::timestamptz
    from entry where a.member_id = entry.member_id
    returning a.member_id`);
  return rowsOf(result).length > 0;
}

/** Lots that may be spent now (`isSpendableLot`, the shared definition of available), soonest expiry first, then oldest. */
export async function spendableLots(db: Executor, memberId: number, now: Date): Promise<LotRow[]> {
  const lots = await db
    .select()
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, memberId), gt(pointsLots.remaining, 0)))
    .orderBy(asc(pointsLots.expiresAt), asc(pointsLots.id));
  return lots.filter((lot) => isSpendableLot(lot, now));
}

/**
 * Every non-empty lot of the member in the order a refund reversal takes from them: the order's own
 * earned lots first (even pending), then available lots (soonest expiry first), then pending ones,
 * then lots past expiry that the job has not emptied yet.
 */
export async function lotsForReversal(db: Executor, memberId: number, orderId: number, now: Date): Promise<LotRow[]> {
  const iso = now.toISOString();
  return db
    .select()
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, memberId), gt(pointsLots.remaining, 0)))
    .orderBy(
      sql`case
        when ${pointsLots.orderId} = ${orderId}::int and ${pointsLots.source} in ('order', 'first_purchase') then 0
        when ${pointsLots.expiresAt} <= ${iso}::timestamptz then 3
        when ${pointsLots.availableAt} <= ${iso}::timestamptz then 1
        else 2 end`,
      asc(pointsLots.expiresAt),
      asc(pointsLots.id),
    );
}

export async function lotsByIds(db: Executor, ids: number[]): Promise<LotRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(pointsLots).where(inArray(pointsLots.id, ids));
}
