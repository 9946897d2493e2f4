/** Spending points (checkout, points mall, negative adjustments) and putting them back when an unpaid order closes. */
import type { ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { takeFromLots } from './ledger';
import { appendEntries, entriesOfOperation, hasOperation, lockAccount, lotsByIds, spendableLots, type EntryKind, type LotMove, type NewEntry } from './repo';

export interface SpendInput {
  memberId: number;
  points: number;
  /** Groups the spend's entries (one per lot, key `<operationKey>:lot:<id>`); a second call with it does nothing. */
  operationKey: string;
  reason: string;
  orderId?: number | null;
}

/**
 * Takes points from the member's available lots (available_at ≤ now < expires_at), soonest expiry
 * first, under the account lock: parallel spends of one member run one after another, so they can
 * never overdraw. 409 POINTS_INSUFFICIENT (details: available) before anything is written.
 */
export async function debitAvailable(
  tx: ServiceContext,
  input: SpendInput & { kind: Extract<EntryKind, 'spend' | 'adjust'>; staffId?: number | null },
): Promise<void> {
  if (!Number.isSafeInteger(input.points) || input.points < 0) throw new RangeError(`points must be a non-negative integer, got ${input.points}`);
  if (input.points === 0) return;
  await lockAccount(tx.db, input.memberId);
  if (await hasOperation(tx.db, input.operationKey)) return;
  const lots = await spendableLots(tx.db, input.memberId, tx.now);
  const available = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  if (available < input.points) throw new AppError('POINTS_INSUFFICIENT', undefined, { available, requested: input.points });
  await takeFromLots(tx, lots, input.points, (lot, taken) => ({
    memberId: input.memberId,
    delta: -taken,
    kind: input.kind,
    sourceKey: `${input.operationKey}:lot:${lot.id}`,
    operationKey: input.operationKey,
    lotId: lot.id,
    orderId: input.orderId ?? null,
    reason: input.reason,
    staffId: input.staffId ?? null,
  }));
}

/** Spends points in the caller's transaction; idempotent per operation key. */
export async function spendPoints(tx: ServiceContext, input: SpendInput): Promise<void> {
  await debitAvailable(tx, { ...input, kind: 'spend' });
}

/** Splits `repay` off the parts, taken from the last part backwards. */
function withoutRepaid(parts: { lotId: number; points: number }[], repay: number): { lotId: number; points: number }[] {
  let left = repay;
  return [...parts]
    .reverse()
    .map((part) => {
      const cut = Math.min(left, part.points);
      left -= cut;
      return { ...part, points: part.points - cut };
    })
    .reverse();
}

/**
 * An unpaid order closed (or a redemption was cancelled): the points of spend `operationKey` go back
 * into the very lots they came from (entries 'release', key `<operationKey>:release:lot:<id>`), once.
 * A lot already past expiry gets them back and loses them at once (an 'expire' entry beside the
 * release), as if they had stayed there; a debt is paid first. Returns the points back in the balance.
 */
export async function releaseSpentPoints(tx: ServiceContext, operationKey: string, reason: string): Promise<number> {
  const spends = (await entriesOfOperation(tx.db, operationKey)).filter((entry) => entry.kind === 'spend' && entry.lotId !== null);
  const first = spends[0];
  if (!first) return 0;
  const memberId = first.memberId;
  const account = await lockAccount(tx.db, memberId);
  const releaseKey = `${operationKey}:release`;
  if (await hasOperation(tx.db, releaseKey)) return 0;
  const total = spends.reduce((sum, entry) => sum - entry.delta, 0);
  const repay = Math.min(total, Math.max(0, -account.pointsBalance));
  const parts = withoutRepaid(
    spends.map((entry) => ({ lotId: entry.lotId as number, points: -entry.delta })),
    repay,
  );
  const lots = new Map(
    (
      await lotsByIds(
        tx.db,
        parts.map((part) => part.lotId),
      )
    ).map((lot) => [lot.id, lot]),
  );
  const base = { memberId, operationKey: releaseKey, orderId: first.orderId };
  const entries: NewEntry[] = [];
  const moves: LotMove[] = [];
  let expired = 0;
  for (const { lotId, points } of parts) {
    const lot = lots.get(lotId);
    if (!lot || points <= 0) continue;
    entries.push({ ...base, delta: points, kind: 'release', sourceKey: `${releaseKey}:lot:${lotId}`, lotId, reason });
    if (lot.expiresAt.getTime() <= tx.now.getTime()) {
      entries.push({ ...base, delta: -points, kind: 'expire', sourceKey: `${releaseKey}:lot:${lotId}:expire`, lotId, reason: '退回的积分已过期' });
      expired += points;
    } else {
      moves.push({ lotId, delta: points });
    }
  }
  if (repay > 0) entries.push({ ...base, delta: repay, kind: 'release', sourceKey: `${releaseKey}:debt`, lotId: null, reason: `${reason}（抵扣负积分）` });
  await appendEntries(tx.db, entries, tx.now, moves);
  return total - expired;
}
