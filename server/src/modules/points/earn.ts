/** Earning points: the general credit, paid orders (with the first-purchase bonus) and sign-up. */
import { and, eq, isNotNull, lt, ne, or } from 'drizzle-orm';
import { expiryFor, pointsForPayment } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { members, orders, tiers } from '../../db/schema';
import { loadMembershipSettings } from '../membership/settings';
import { creditNewLot } from './ledger';
import { hasOperation, lockAccount } from './repo';

const DAY_MS = 24 * 3600 * 1000;

export interface EarnInput {
  memberId: number;
  amount: number;
  source: string;
  /** Unique per earning: a replay of the same key credits nothing. */
  sourceKey: string;
  reason: string;
  orderId?: number | null;
  /** When the points become usable (default: now). */
  availableAt?: Date;
  /** When they expire (default: the end of the year `pointsExpiryYears` after now, China time). */
  expiresAt?: Date;
}

function assertPoints(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`points must be a non-negative integer, got ${amount}`);
}

/**
 * Credits earned points as a new lot (and its 'earn' entry) under the member's account lock, in the
 * caller's transaction. False when the source key was already used (idempotent) or the amount is 0.
 */
export async function earnPoints(tx: ServiceContext, input: EarnInput): Promise<boolean> {
  assertPoints(input.amount);
  if (input.amount === 0) return false;
  const account = await lockAccount(tx.db, input.memberId);
  const expiresAt = input.expiresAt ?? expiryFor(tx.now, (await loadMembershipSettings(tx.db)).pointsExpiryYears);
  const credit = {
    memberId: input.memberId,
    amount: input.amount,
    source: input.source,
    sourceKey: input.sourceKey,
    reason: input.reason,
    orderId: input.orderId ?? null,
    availableAt: input.availableAt ?? tx.now,
    expiresAt,
    kind: 'earn' as const,
  };
  return creditNewLot(tx, credit, account.pointsBalance);
}

/** True when no other order of the member was paid before this one (ties broken by id). */
async function isFirstPaidOrder(tx: ServiceContext, order: { id: number; memberId: number; paidAt: Date }): Promise<boolean> {
  const [earlier] = await tx.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.memberId, order.memberId),
        ne(orders.id, order.id),
        isNotNull(orders.paidAt),
        or(lt(orders.paidAt, order.paidAt), and(eq(orders.paidAt, order.paidAt), lt(orders.id, order.id))),
      ),
    )
    .limit(1);
  return earlier === undefined;
}

/**
 * On payment: floor(payable / ¥1) × pointsPerYuan × the member's tier multiplier, pending for
 * `pointsPendingDays` after payment (key `order:<id>:earn`), plus the first-purchase bonus on the
 * member's first paid order (key `first_purchase:<memberId>`, same window). Returns the points
 * credited by this call (0 on a replay or for an unpaid order).
 */
export async function earnOrderPoints(tx: ServiceContext, orderId: number): Promise<number> {
  const [order] = await tx.db
    .select({
      id: orders.id,
      orderNo: orders.orderNo,
      memberId: orders.memberId,
      payableFen: orders.payableFen,
      paidAt: orders.paidAt,
      multiplierBp: tiers.pointsMultiplierBp,
    })
    .from(orders)
    .innerJoin(members, eq(members.id, orders.memberId))
    .innerJoin(tiers, eq(tiers.code, members.tierCode))
    .where(eq(orders.id, orderId));
  if (!order?.paidAt) return 0;
  const paidAt = order.paidAt;
  const settings = await loadMembershipSettings(tx.db);
  const window = { availableAt: new Date(paidAt.getTime() + settings.pointsPendingDays * DAY_MS), expiresAt: expiryFor(paidAt, settings.pointsExpiryYears) };
  const points = pointsForPayment(order.payableFen, settings.pointsPerYuan, order.multiplierBp);
  let credited = 0;
  const base = { memberId: order.memberId, orderId: order.id, ...window };
  if (await earnPoints(tx, { ...base, amount: points, source: 'order', sourceKey: `order:${order.id}:earn`, reason: `订单 ${order.orderNo} 消费得积分` }))
    credited += points;
  const bonus = settings.firstPurchasePoints;
  const bonusKey = `first_purchase:${order.memberId}`;
  // Checked again under the account lock by earnPoints; this read only skips the work for returning buyers.
  const isBonusDue = bonus > 0 && !(await hasOperation(tx.db, bonusKey)) && (await isFirstPaidOrder(tx, { id: order.id, memberId: order.memberId, paidAt }));
  if (
    isBonusDue &&
    (await earnPoints(tx, { ...base, amount: bonus, source: 'first_purchase', sourceKey: bonusKey, reason: `首单奖励（订单 ${order.orderNo}）` }))
  )
    credited += bonus;
  return credited;
}

/** Sign-up points (settings.signupPoints), usable at once, once per member (key `signup:<memberId>`). */
export async function awardSignupPoints(tx: ServiceContext, memberId: number): Promise<boolean> {
  const settings = await loadMembershipSettings(tx.db);
  return earnPoints(tx, { memberId, amount: settings.signupPoints, source: 'signup', sourceKey: `signup:${memberId}`, reason: '注册有礼' });
}

/** Referral points for the inviter (used by the referral issue), once per invited member. */
export async function awardReferralPoints(tx: ServiceContext, memberId: number, invitedMemberId: number): Promise<boolean> {
  const settings = await loadMembershipSettings(tx.db);
  return earnPoints(tx, { memberId, amount: settings.referralPoints, source: 'referral', sourceKey: `referral:${invitedMemberId}`, reason: '邀请好友奖励' });
}
