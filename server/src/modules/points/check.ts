/** The ledger check behind `npm run ledger:check` and the property test. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { rowsOf } from './repo';

export interface LedgerMismatch {
  memberId: number;
  /** member_accounts.points_balance. */
  balance: number;
  /** Σ points_entries.delta. */
  entries: number;
  /** Σ points_lots.remaining. */
  lots: number;
}

export interface LedgerCheck {
  /** Members with an account, a lot or an entry. */
  members: number;
  mismatches: LedgerMismatch[];
}

/**
 * Checks every member with points data. A member is a mismatch when any of these fails:
 * 1. balance = Σ entries (a missing account counts as balance 0);
 * 2. Σ lots.remaining = max(Σ entries, 0): a member at or above 0 holds exactly their balance in lots,
 *    and a member below 0 (a refund's debt, when the store allows it) holds nothing in lots;
 * 3. every lot's remaining = Σ delta of the entries on that lot (its earn entry less what was taken).
 */
export async function checkLedger(db: Executor): Promise<LedgerCheck> {
  const rows = rowsOf(
    await db.execute(sql`
      with ids as (
        select member_id from member_accounts union select member_id from points_entries union select member_id from points_lots
      ),
      entry_sums as (select member_id, sum(delta)::bigint as total from points_entries group by member_id),
      lot_sums as (select member_id, sum(remaining)::bigint as total from points_lots group by member_id),
      bad_lots as (
        select l.member_id from points_lots l
        left join (select lot_id, sum(delta)::bigint as total from points_entries where lot_id is not null group by lot_id) e on e.lot_id = l.id
        where l.remaining <> coalesce(e.total, 0)
        group by l.member_id
      )
      select ids.member_id,
        coalesce(a.points_balance, 0)::bigint as balance,
        coalesce(es.total, 0)::bigint as entries,
        coalesce(ls.total, 0)::bigint as lots,
        (bl.member_id is not null) as has_bad_lot
      from ids
      left join member_accounts a on a.member_id = ids.member_id
      left join entry_sums es on es.member_id = ids.member_id
      left join lot_sums ls on ls.member_id = ids.member_id
      left join bad_lots bl on bl.member_id = ids.member_id
      order by ids.member_id`),
  );
  const mismatches: LedgerMismatch[] = [];
  for (const row of rows) {
    const found = { memberId: Number(row.member_id), balance: Number(row.balance), entries: Number(row.entries), lots: Number(row.lots) };
    const isBad = found.balance !== found.entries || found.lots !== Math.max(found.entries, 0) || row.has_bad_lot === true;
    if (isBad) mismatches.push(found);
  }
  return { members: rows.length, mismatches };
}
