/**
 * The two moves of the points ledger, under the member's account lock:
 * - crediting a new lot (earnings, positive adjustments, points returned by a refund), and
 * - taking points from lots (spends, expiry, reversals, negative adjustments), one entry per lot.
 *
 * Invariants (checked by `checkLedger` and the property test):
 * 1. balance = Σ entries, moved in the same statement batch as every entry;
 * 2. each lot's remaining = Σ delta of the entries on that lot (its earn entry less what was taken);
 * 3. entries without a lot exist only where the store lets a refund take the balance below 0: that
 *    debt is recorded only when every lot is empty, and any later credit pays it back before it fills
 *    a lot, so a member with a debt has no points in lots and a member at ≥ 0 has no debt
 *    (Σ lots.remaining = max(balance, 0)).
 */
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import { memberAccounts } from '../../db/schema';
import { appendEntries, hasOperation, insertLotWithEntry, type EntryKind, type LotMove, type LotRow, type NewEntry } from './repo';

/** The balance of a member whose account row the transaction holds. */
export async function lockedBalance(tx: ServiceContext, memberId: number): Promise<number> {
  const [row] = await tx.db.select({ balance: memberAccounts.pointsBalance }).from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  return row?.balance ?? 0;
}

export interface CreditInput {
  memberId: number;
  amount: number;
  /** The lot's source ('order', 'checkin', 'refund_return', 'manual'…). */
  source: string;
  /** Unique key of the credit: the lot's key, its entry's key and the operation key. */
  sourceKey: string;
  reason: string;
  orderId: number | null;
  availableAt: Date;
  expiresAt: Date;
  kind: Extract<EntryKind, 'earn' | 'adjust'>;
  staffId?: number | null;
}

/**
 * Credits `amount` points as a new lot, once per `sourceKey` (false when an operation with that key
 * exists). A debt (`balance` below 0) is paid first by an entry without a lot (`<key>:debt`), and only
 * the rest becomes a lot. The caller holds the account lock and passes the balance as it stands.
 */
export async function creditNewLot(tx: ServiceContext, input: CreditInput, balance: number): Promise<boolean> {
  const lot = {
    memberId: input.memberId,
    source: input.source,
    sourceKey: input.sourceKey,
    orderId: input.orderId,
    availableAt: input.availableAt,
    expiresAt: input.expiresAt,
  };
  const entry = { kind: input.kind, reason: input.reason, staffId: input.staffId ?? null };
  if (balance >= 0) return insertLotWithEntry(tx.db, { ...lot, amount: input.amount }, entry, tx.now);
  if (await hasOperation(tx.db, input.sourceKey)) return false;
  const repay = Math.min(input.amount, -balance);
  const debt: NewEntry = {
    memberId: input.memberId,
    kind: input.kind,
    operationKey: input.sourceKey,
    orderId: input.orderId,
    staffId: entry.staffId,
    delta: repay,
    sourceKey: `${input.sourceKey}:debt`,
    lotId: null,
    reason: `${input.reason}（抵扣负积分）`,
  };
  // The lot first: its statement refuses a key that an operation (this debt entry too) already used.
  if (input.amount > repay) await insertLotWithEntry(tx.db, { ...lot, amount: input.amount - repay }, entry, tx.now);
  await appendEntries(tx.db, [debt], tx.now);
  return true;
}

/**
 * Takes up to `points` from `lots` in their order, one entry per lot touched (made by `entryOf` for
 * the points taken, as a positive number). Returns the points taken.
 */
export async function takeFromLots(
  tx: ServiceContext,
  lots: readonly LotRow[],
  points: number,
  entryOf: (lot: LotRow, taken: number) => NewEntry,
): Promise<number> {
  let left = points;
  const entries: NewEntry[] = [];
  const moves: LotMove[] = [];
  for (const lot of lots) {
    if (left <= 0) break;
    const taken = Math.min(lot.remaining, left);
    if (taken <= 0) continue;
    moves.push({ lotId: lot.id, delta: -taken });
    entries.push(entryOf(lot, taken));
    left -= taken;
  }
  await appendEntries(tx.db, entries, tx.now, moves);
  return points - left;
}
