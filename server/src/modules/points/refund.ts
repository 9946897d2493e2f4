/**
 * Refunds and points, cumulative over an order's refunds so partial refunds add up exactly:
 * (a) points the order earned come back by floor(earned × refunded / payable), less what earlier
 *     refunds already took (the first-purchase bonus too, once the whole order is refunded);
 * (b) points spent on the order return by floor(spent × refunded / payable), less what earlier
 *     refunds returned, as a new lot usable at once.
 * `refunded` is Σ amount of the order's succeeded refunds plus this refund, whatever its status, so the
 * function may run when the refund succeeds (the refund flow calls it inside REFUND.SUCCESS) or
 * before the refund is sent (a caller that wants to take `deductionFen` off the amount).
 */
import { eq, inArray } from 'drizzle-orm';
import { expiryFor, pointsValueFen, type MembershipSettings } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { orders, pointsEntries, refunds } from '../../db/schema';
import { loadMembershipSettings } from '../membership/settings';
import { creditNewLot, takeFromLots } from './ledger';
import { appendEntries, lockAccount, lotsForReversal, type EntryRow, type NewEntry } from './repo';

export interface RefundPointsResult {
  /** Points this refund took back from lots (or below 0 when the store allows a negative balance). */
  reversedPoints: number;
  /**
   * Points it should have taken back but could not (the member had spent them and the store does not
   * allow a negative balance), and their value at the redemption rate (rounded down): recorded as a
   * 'deduction' entry of 0 points whose reason names both. A caller running before the refund is
   * sent takes `deductionFen` off the amount; run at REFUND.SUCCESS it is a record for staff.
   */
  uncoveredPoints: number;
  deductionFen: number;
  /** Points spent on the order that came back as a new lot. */
  returnedPoints: number;
}

interface OrderFacts {
  id: number;
  orderNo: string;
  memberId: number;
  payableFen: number;
}

/** The ledger's facts about an order, read by operation key (indexed) in one query. */
interface OrderLedger {
  earned: number;
  bonus: number;
  spent: number;
  released: number;
  /** Taken back so far: reverse entries and the uncovered points of deductions. */
  reversed: number;
  returned: number;
  entries: EntryRow[];
}

/** 'refund:<id>:deduction:<uncovered points>:<value in fen>'. */
const DEDUCTION_KEY = /^refund:\d+:deduction:(\d+):(\d+)$/;
const keysOf = (refundId: number) => ({ reverse: `refund:${refundId}:reverse`, returned: `refund:${refundId}:points_return` });
const share = (points: number, refundedFen: number, payableFen: number) =>
  payableFen <= 0 ? 0 : Math.floor((points * Math.min(refundedFen, payableFen)) / payableFen);
const sum = (entries: readonly EntryRow[], keep: (entry: EntryRow) => boolean) => entries.filter(keep).reduce((total, entry) => total + entry.delta, 0);
const uncoveredOf = (entry: EntryRow) => Number(DEDUCTION_KEY.exec(entry.sourceKey)?.[1] ?? 0);

async function readOrderLedger(tx: ServiceContext, order: OrderFacts, refundIds: readonly number[]): Promise<OrderLedger> {
  const reverseKeys = refundIds.map((id) => keysOf(id).reverse);
  const returnKeys = refundIds.map((id) => keysOf(id).returned);
  const earnKey = `order:${order.id}:earn`;
  const bonusKey = `first_purchase:${order.memberId}`;
  const spendKey = `order:${order.id}:points`;
  const entries = await tx.db
    .select()
    .from(pointsEntries)
    .where(inArray(pointsEntries.operationKey, [earnKey, bonusKey, spendKey, `${spendKey}:release`, ...reverseKeys, ...returnKeys]));
  const reverseEntries = entries.filter((entry) => reverseKeys.includes(entry.operationKey));
  return {
    earned: sum(entries, (entry) => entry.operationKey === earnKey),
    bonus: sum(entries, (entry) => entry.operationKey === bonusKey && entry.orderId === order.id),
    spent: -sum(entries, (entry) => entry.operationKey === spendKey && entry.kind === 'spend'),
    released: sum(entries, (entry) => entry.operationKey === `${spendKey}:release` && entry.kind === 'release'),
    reversed: -sum(reverseEntries, (entry) => entry.kind === 'reverse') + reverseEntries.reduce((total, entry) => total + uncoveredOf(entry), 0),
    returned: sum(entries, (entry) => returnKeys.includes(entry.operationKey)),
    entries,
  };
}

/** (a) Takes back `need` points: the order's own lots first, then the member's others; the rest is a debt or a deduction. */
async function reverseEarned(tx: ServiceContext, order: OrderFacts, refundId: number, need: number, settings: MembershipSettings): Promise<NewEntry[]> {
  const operationKey = keysOf(refundId).reverse;
  const base = { memberId: order.memberId, operationKey, orderId: order.id, reason: `订单 ${order.orderNo} 退款扣回积分` };
  const written: NewEntry[] = [];
  const lots = await lotsForReversal(tx.db, order.memberId, order.id, tx.now);
  const taken = await takeFromLots(tx, lots, need, (lot, points) => {
    const entry: NewEntry = { ...base, delta: -points, kind: 'reverse', sourceKey: `${operationKey}:lot:${lot.id}`, lotId: lot.id };
    written.push(entry);
    return entry;
  });
  const uncovered = need - taken;
  if (uncovered <= 0) return written;
  const fen = pointsValueFen(uncovered, settings.pointsPerYuanRedeemed);
  const last: NewEntry = settings.allowNegativeBalance
    ? { ...base, delta: -uncovered, kind: 'reverse', sourceKey: `${operationKey}:negative`, lotId: null, reason: `${base.reason}（积分不足，余额为负）` }
    : {
        ...base,
        delta: 0,
        kind: 'deduction',
        sourceKey: `refund:${refundId}:deduction:${uncovered}:${fen}`,
        lotId: null,
        reason: `积分已使用，${uncovered} 积分无法扣回，折合 ${fen} 分从退款中扣除`,
      };
  await appendEntries(tx.db, [last], tx.now);
  return [...written, last];
}

/** What the ledger holds for this refund, so a replay answers the same as the first call. */
function resultOf(refundId: number, entries: readonly Pick<EntryRow, 'operationKey' | 'kind' | 'delta' | 'sourceKey'>[]): RefundPointsResult {
  const keys = keysOf(refundId);
  const deduction = entries
    .filter((entry) => entry.operationKey === keys.reverse)
    .map((entry) => DEDUCTION_KEY.exec(entry.sourceKey))
    .find((match) => match !== null);
  return {
    reversedPoints: -entries
      .filter((entry) => entry.operationKey === keys.reverse && entry.kind === 'reverse')
      .reduce((total, entry) => total + entry.delta, 0),
    uncoveredPoints: Number(deduction?.[1] ?? 0),
    deductionFen: Number(deduction?.[2] ?? 0),
    returnedPoints: entries.filter((entry) => entry.operationKey === keys.returned).reduce((total, entry) => total + entry.delta, 0),
  };
}

/**
 * Reverses the points of refund `refundId` of order `orderId` in the caller's transaction (which
 * should hold the order's lock, as the refund flow does), under the member's account lock.
 * Idempotent: the amounts are cumulative targets, so a replay finds nothing left to do.
 */
export async function reverseOrderPointsForRefund(tx: ServiceContext, orderId: number, refundId: number): Promise<RefundPointsResult> {
  const [order] = await tx.db
    .select({ id: orders.id, orderNo: orders.orderNo, memberId: orders.memberId, payableFen: orders.payableFen })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) throw new Error(`order ${orderId} does not exist`);
  const account = await lockAccount(tx.db, order.memberId);
  const settings = await loadMembershipSettings(tx.db);
  const orderRefunds = await tx.db
    .select({ id: refunds.id, status: refunds.status, amountFen: refunds.amountFen })
    .from(refunds)
    .where(eq(refunds.orderId, order.id));
  const refundedFen = orderRefunds
    .filter((refund) => refund.status === 'succeeded' || refund.id === refundId)
    .reduce((total, refund) => total + refund.amountFen, 0);
  const ledger = await readOrderLedger(tx, order, [...new Set([...orderRefunds.map((refund) => refund.id), refundId])]);
  const written: Pick<EntryRow, 'operationKey' | 'kind' | 'delta' | 'sourceKey'>[] = [...ledger.entries];
  const need = share(ledger.earned, refundedFen, order.payableFen) + (refundedFen >= order.payableFen ? ledger.bonus : 0) - ledger.reversed;
  if (need > 0) written.push(...(await reverseEarned(tx, order, refundId, need, settings)));
  const give = share(ledger.spent - ledger.released, refundedFen, order.payableFen) - ledger.returned;
  if (give > 0) {
    const balance = account.pointsBalance + written.slice(ledger.entries.length).reduce((total, entry) => total + entry.delta, 0);
    const sourceKey = keysOf(refundId).returned;
    const credit = {
      memberId: order.memberId,
      amount: give,
      source: 'refund_return',
      sourceKey,
      reason: `订单 ${order.orderNo} 退款退回积分`,
      orderId: order.id,
      availableAt: tx.now,
      expiresAt: expiryFor(tx.now, settings.pointsExpiryYears),
      kind: 'earn' as const,
    };
    await creditNewLot(tx, credit, balance);
    written.push({ operationKey: sourceKey, kind: 'earn', delta: give, sourceKey });
  }
  return resultOf(refundId, written);
}
