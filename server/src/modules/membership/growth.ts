/**
 * The growth ledger (成长值): append-only, every entry under a unique source key, so a replayed
 * completion, sweep or refund books nothing twice.
 *
 * An order's growth is whole yuan of its payable amount, shipping included (what the member paid) ×
 * growthPerYuan. The order is always credited its full growth under `order:<id>:growth`; refunds
 * take back floor(full × refunded_fen / payable_fen) cumulatively (`refund:<refundId>:growth` books
 * the difference to what was taken before), so partial refunds add up exactly. Refunds settled before
 * the credit are taken back beside it (`order:<id>:growth:refunded-before`), so the same formula holds
 * whenever the credit happens. Every change re-evaluates the member's tier.
 */
import crypto from 'node:crypto';
import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { orderGrowthFull, refundedGrowth, type GrowthEntryView, type MembershipSettings } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { orders, refunds } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { ensureMemberAccount, evaluateMemberTier } from './evaluation';
import { findEntryByKey, insertGrowthEntry, lockAccount, sumGrowth, sumOrderReversals } from './repo';
import { loadMembershipSettings } from './settings';
import { toGrowthEntryView } from './views';

const DAY_MS = 24 * 3600 * 1000;
type OrderRow = typeof orders.$inferSelect;

/** Statuses whose growth the delayed credit books (refunds in flight wait until they settle). */
const DELAYED_CREDIT_STATUSES = ['paid', 'shipped', 'completed', 'partially_refunded'];

export const orderGrowthKey = (orderId: number) => `order:${orderId}:growth`;

async function lockOrder(tx: ServiceContext, orderId: number): Promise<OrderRow> {
  const [order] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return order;
}

/** Completed (credit on completion), or paid N days ago (delayed credit); never unpaid or cancelled. */
function isGrowthDue(order: OrderRow, settings: MembershipSettings, now: Date): boolean {
  if (!order.paidAt || order.status === 'pending_payment' || order.status === 'cancelled') return false;
  if (settings.growthCreditDelayDays === null) return order.completedAt !== null;
  return order.paidAt.getTime() + settings.growthCreditDelayDays * DAY_MS <= now.getTime();
}

/**
 * Credits an order's growth once it is due (completed, or `growthCreditDelayDays` after payment when
 * set), then re-evaluates the member's tier. The growth credited net of refunds so far; 0 when not
 * due, already credited or nothing to credit. Locks the order row, then the member's account.
 */
export async function creditOrderGrowth(tx: ServiceContext, orderId: number): Promise<number> {
  const order = await lockOrder(tx, orderId);
  const settings = await loadMembershipSettings(tx.db);
  if (!isGrowthDue(order, settings, tx.now) || (await findEntryByKey(tx.db, orderGrowthKey(orderId)))) return 0;
  const full = orderGrowthFull(order.payableFen, settings.growthPerYuan);
  const alreadyRefunded = refundedGrowth(full, order.payableFen, order.refundedFen);
  if (full - alreadyRefunded <= 0) return 0;
  await ensureMemberAccount(tx.db, order.memberId, tx.now);
  const base = { memberId: order.memberId, orderId, staffId: null, createdAt: tx.now };
  const credited = await insertGrowthEntry(tx.db, {
    ...base,
    delta: full,
    source: 'order',
    sourceKey: orderGrowthKey(orderId),
    reason: `订单 ${order.orderNo}`,
  });
  if (!credited) return 0;
  if (alreadyRefunded > 0) {
    await insertGrowthEntry(tx.db, {
      ...base,
      delta: -alreadyRefunded,
      source: 'refund',
      sourceKey: `${orderGrowthKey(orderId)}:refunded-before`,
      reason: `订单 ${order.orderNo} 计入前已退款`,
    });
  }
  await evaluateMemberTier(tx, order.memberId);
  return full - alreadyRefunded;
}

/**
 * Takes back the growth of an order's refunded share after refund `refundId` (call it once the order's
 * refunded_fen includes the refund): cumulative reversal = floor(credited × refunded_fen / payable_fen).
 * 0 when the order's growth was never credited or the share is already taken; re-evaluates the tier
 * (a downgrade still waits for the grace period).
 */
export async function reverseRefundGrowth(tx: ServiceContext, orderId: number, refundId: number): Promise<number> {
  const order = await lockOrder(tx, orderId);
  const [refund] = await tx.db
    .select({ outRefundNo: refunds.outRefundNo })
    .from(refunds)
    .where(and(eq(refunds.id, refundId), eq(refunds.orderId, orderId)));
  if (!refund) throw new AppError('REFUND_NOT_FOUND');
  const credit = await findEntryByKey(tx.db, orderGrowthKey(orderId));
  if (!credit) return 0;
  const target = refundedGrowth(credit.delta, order.payableFen, order.refundedFen);
  const taken = -(await sumOrderReversals(tx.db, order.memberId, orderId));
  const delta = target - taken;
  if (delta <= 0) return 0;
  const entry = await insertGrowthEntry(tx.db, {
    memberId: order.memberId,
    orderId,
    staffId: null,
    createdAt: tx.now,
    delta: -delta,
    source: 'refund',
    sourceKey: `refund:${refundId}:growth`,
    reason: `订单 ${order.orderNo} 退款 ${refund.outRefundNo}`,
  });
  if (!entry) return 0;
  await evaluateMemberTier(tx, order.memberId);
  return delta;
}

/**
 * The sweeper's growth pass: credits due orders not credited yet, each in its own transaction — paid
 * at least `growthCreditDelayDays` ago when set, otherwise completed ones (a safety net beside the
 * completion hook). The number of orders credited.
 */
export async function creditDueOrderGrowth(sc: ServiceContext, limit = 100): Promise<number> {
  const settings = await loadMembershipSettings(sc.db);
  if (settings.growthPerYuan === 0) return 0;
  const due =
    settings.growthCreditDelayDays === null
      ? and(isNotNull(orders.completedAt), inArray(orders.status, ['completed', 'partially_refunded']))
      : and(lte(orders.paidAt, new Date(sc.now.getTime() - settings.growthCreditDelayDays * DAY_MS)), inArray(orders.status, DELAYED_CREDIT_STATUSES));
  const rows = await sc.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        due,
        sql`${orders.payableFen} >= 100 and ${orders.refundedFen} < ${orders.payableFen}`,
        sql`not exists (select 1 from growth_entries g where g.source_key = 'order:' || ${orders.id} || ':growth')`,
      ),
    )
    .orderBy(orders.id)
    .limit(limit);
  let credited = 0;
  for (const { id } of rows) {
    if ((await inTransaction(sc, (tx) => creditOrderGrowth(tx, id))) > 0) credited += 1;
  }
  return credited;
}

export type GrowthAction = 'profile_completed' | 'first_review';

/** Growth for an action, once per member (`action:<action>:<memberId>`); the growth credited, or 0. */
export async function creditActionGrowth(tx: ServiceContext, memberId: number, action: GrowthAction): Promise<number> {
  const settings = await loadMembershipSettings(tx.db);
  const amount = action === 'profile_completed' ? settings.growthForProfileCompleted : settings.growthForFirstReview;
  if (amount <= 0) return 0;
  await ensureMemberAccount(tx.db, memberId, tx.now);
  const reason = action === 'profile_completed' ? '完善资料' : '首次评价';
  const entry = await insertGrowthEntry(tx.db, {
    memberId,
    orderId: null,
    staffId: null,
    createdAt: tx.now,
    delta: amount,
    source: 'action',
    sourceKey: `action:${action}:${memberId}`,
    reason,
  });
  if (!entry) return 0;
  await evaluateMemberTier(tx, memberId);
  return amount;
}

/**
 * A staff adjustment of a member's growth (audited, reason required), then tier evaluation. The total
 * may not go below 0 (409 GROWTH_WOULD_GO_NEGATIVE); checked under the member's account lock.
 */
export async function adjustGrowth(tx: ServiceContext, memberId: number, delta: number, reason: string): Promise<GrowthEntryView> {
  const actor = requireStaffActor(tx);
  await ensureMemberAccount(tx.db, memberId, tx.now);
  await lockAccount(tx.db, memberId);
  const before = await sumGrowth(tx.db, memberId, null);
  if (before + delta < 0) throw new AppError('GROWTH_WOULD_GO_NEGATIVE', undefined, { growthTotal: before, delta });
  const entry = await insertGrowthEntry(tx.db, {
    memberId,
    orderId: null,
    staffId: actor.id,
    createdAt: tx.now,
    delta,
    source: 'manual',
    sourceKey: `manual:${memberId}:${crypto.randomUUID()}`,
    reason,
  });
  if (!entry) throw new Error('growth adjustment insert returned nothing');
  await recordAudit(tx, {
    action: 'member.growth_adjust',
    targetType: 'member',
    targetId: memberId,
    before: { growthTotal: before },
    after: { growthTotal: before + delta, delta, reason, entryId: entry.id },
  });
  await evaluateMemberTier(tx, memberId);
  return toGrowthEntryView(entry);
}
