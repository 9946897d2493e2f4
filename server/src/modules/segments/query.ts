import { sql, type SQL } from 'drizzle-orm';
import type { SegmentDefinition } from '@siyu/shared';
import { isTransaction, type Db, type Executor } from '../../db/client';
import { AppError, findPgError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { compileSegment, SEGMENT_FROM } from './compile';

/** How long one segment query may run before it is refused (422 SEGMENT_TOO_SLOW). */
export const SEGMENT_TIMEOUT_MS = 5000;

/**
 * Runs `work` in a transaction whose statements are cancelled after `timeoutMs` (SET LOCAL, so the
 * pooled connection keeps its default); a cancel (SQLSTATE 57014) becomes 422 SEGMENT_TOO_SLOW. PGlite
 * runs the query on the JavaScript thread and has no timer to cancel it: there the limit does not apply.
 */
export async function withSegmentTimeout<T>(db: Executor, work: (tx: Executor) => Promise<T>, timeoutMs = SEGMENT_TIMEOUT_MS): Promise<T> {
  const run = (db as Db).transaction(async (tx) => {
    // SET LOCAL takes no bind parameters; the value is an integer from this code, never from input.
    await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`));
    return work(tx);
  });
  try {
    return await run;
  } catch (error) {
    if (findPgError(error)?.code === '57014') throw new AppError('SEGMENT_TOO_SLOW');
    throw error;
  }
}

/** Members matching the definition. */
export async function countSegment(db: Executor, definition: SegmentDefinition, now: Date, timeoutMs?: number): Promise<number> {
  const where = compileSegment(definition, now);
  return withSegmentTimeout(
    db,
    async (tx) => {
      const [row] = await queryRows<{ count: number | string }>(tx, sql`select count(*)::int as count from ${SEGMENT_FROM} where ${where}`);
      return Number(row?.count ?? 0);
    },
    timeoutMs,
  );
}

/** The ids of the members matching the definition, ascending. */
export async function segmentMemberIds(db: Executor, definition: SegmentDefinition, now: Date, timeoutMs?: number): Promise<number[]> {
  const where = compileSegment(definition, now);
  return withSegmentTimeout(
    db,
    async (tx) => {
      const rows = await queryRows<{ id: number }>(tx, sql`select m.id from ${SEGMENT_FROM} where ${where} order by m.id`);
      return rows.map((row) => Number(row.id));
    },
    timeoutMs,
  );
}

export interface SegmentMemberRow {
  id: number;
  nickname: string;
  avatar_url: string | null;
  phone_cipher: string | null;
  tier_code: string;
  lifecycle: string;
  rfm_cell: string | null;
  paid_orders: number;
  net_paid_fen: number | string;
  last_paid_at: Date | string | null;
}

/** One page of matching members after `afterId` (id order), `limit + 1` rows to tell whether more follow. */
export async function segmentMemberRows(db: Executor, where: SQL, afterId: number, limit: number): Promise<SegmentMemberRow[]> {
  const inner = async (tx: Executor) =>
    queryRows<SegmentMemberRow>(
      tx,
      sql`select m.id, m.nickname, m.avatar_url, m.phone_cipher, m.tier_code, coalesce(f.lifecycle, 'prospect') as lifecycle,
        f.rfm_cell, coalesce(f.paid_orders, 0) as paid_orders, coalesce(f.net_paid_fen, 0) as net_paid_fen, f.last_paid_at
      from ${SEGMENT_FROM} where m.id > ${afterId} and ${where} order by m.id limit ${limit + 1}`,
    );
  return isTransaction(db) ? inner(db) : withSegmentTimeout(db, inner);
}
