/**
 * Redeeming a points mall item: one transaction whose rollback is the compensation of every step, with
 * one lock order for every path (item row → the member's counter → [goods: SKU stock] → the member's
 * points account → [coupons: the coupon template]), so redemptions never deadlock with each other or
 * with checkout (stock before points).
 *
 * Steps: replay check → lock the item (on sale, tier) → claim the idempotency key (the redemption row)
 * → take a unit of the item (409 POINTS_MALL_SOLD_OUT) → take one of the member's allowance (409
 * POINTS_MALL_LIMIT_REACHED) → coupon: spend the points, grant the coupon; goods: create the order
 * (stock taken), spend the points under the order's key so closing the unpaid order gives them back.
 */
import { eq } from 'drizzle-orm';
import type { PointsMallRedemptionView, pointsMallRedeemBodySchema } from '@siyu/shared';
import type { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../context';
import { orders, pointsMallRedemptions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findMemberAddress } from '../addresses';
import { grantCoupon } from '../coupons';
import { findMemberById } from '../members';
import { spendPoints } from '../points';
import { meetsTier } from './eligibility';
import { createMallOrder } from './goods-order';
import { claimRedemption, findRedemptionByKey, lockItem, takeItemUnit, takeMemberUnit } from './repo';
import { toRedemptionView, type ItemRow, type RedemptionRow } from './views';

type RedeemBody = z.output<typeof pointsMallRedeemBodySchema>;

/** Thrown inside the transaction when another request already holds the key: roll back, then replay. */
class IdempotentReplay extends Error {}

export interface RedeemRequest {
  memberId: number;
  itemId: number;
  idempotencyKey: string;
  body: RedeemBody;
  paymentWindowMinutes: number;
}

export interface RedeemResult {
  redemption: PointsMallRedemptionView;
  /** True when this request repeated an earlier one with the same key. */
  isReplay: boolean;
  /** When the cash part of a goods order is due (the caller schedules the order's close job), else null. */
  paymentDueAt: Date | null;
}

async function viewOf(sc: ServiceContext, row: RedemptionRow): Promise<PointsMallRedemptionView> {
  if (row.orderId === null) return toRedemptionView(row, null);
  const [order] = await sc.db.select({ status: orders.status }).from(orders).where(eq(orders.id, row.orderId));
  return toRedemptionView(row, order?.status ?? null);
}

async function replay(sc: ServiceContext, row: RedemptionRow, itemId: number): Promise<RedeemResult> {
  if (row.itemId !== itemId) throw new AppError('IDEMPOTENCY_KEY_REUSED', undefined, { redemptionId: row.id, itemId: row.itemId });
  return { redemption: await viewOf(sc, row), isReplay: true, paymentDueAt: null };
}

/** POST /api/points-mall/items/:id/redeem. */
export async function redeemItem(sc: ServiceContext, request: RedeemRequest): Promise<RedeemResult> {
  const existing = await findRedemptionByKey(sc.db, request.memberId, request.idempotencyKey);
  if (existing) return replay(sc, existing, request.itemId);
  try {
    return await inTransaction(sc, (tx) => redeemInTransaction(tx, request));
  } catch (error) {
    if (!(error instanceof IdempotentReplay)) throw error;
    const winner = await findRedemptionByKey(sc.db, request.memberId, request.idempotencyKey);
    if (!winner) throw new Error('idempotency key claimed but no redemption found');
    return replay(sc, winner, request.itemId);
  }
}

/** The item, locked, if the member may redeem it at all: on sale (404 otherwise) and their tier is high enough (403). */
async function lockRedeemableItem(tx: ServiceContext, request: RedeemRequest): Promise<ItemRow> {
  const item = await lockItem(tx.db, request.itemId);
  if (!item || item.status !== 'on_sale') throw new AppError('POINTS_MALL_ITEM_NOT_FOUND');
  const member = await findMemberById(tx.db, request.memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  if (!meetsTier(member.tierCode, item.minTier))
    throw new AppError('POINTS_MALL_TIER_REQUIRED', undefined, { minTier: item.minTier, tierCode: member.tierCode });
  return item;
}

async function redeemInTransaction(tx: ServiceContext, request: RedeemRequest): Promise<RedeemResult> {
  const item = await lockRedeemableItem(tx, request);
  const { memberId } = request;
  const address = item.kind === 'goods' ? await findMemberAddress(tx.db, memberId, requireAddressId(request.body)) : null;
  const isPaidLater = item.kind === 'goods' && item.cashFen > 0;
  const claimed = await claimRedemption(
    tx.db,
    {
      itemId: item.id,
      memberId,
      points: item.pointsPrice,
      cashFen: item.cashFen,
      status: isPaidLater ? 'pending_payment' : 'completed',
      idempotencyKey: request.idempotencyKey,
    },
    tx.now,
  );
  if (!claimed) throw new IdempotentReplay();
  if (!(await takeItemUnit(tx.db, item.id, tx.now))) throw new AppError('POINTS_MALL_SOLD_OUT', undefined, { itemId: item.id });
  if (!(await takeMemberUnit(tx.db, item.id, memberId, item.perMemberLimit))) {
    throw new AppError('POINTS_MALL_LIMIT_REACHED', undefined, { itemId: item.id, perMemberLimit: item.perMemberLimit });
  }
  const reason = `积分商城兑换「${item.title}」`;
  let link: Pick<RedemptionRow, 'memberCouponId' | 'orderId'>;
  if (address === null) {
    await spendPoints(tx, { memberId, points: item.pointsPrice, operationKey: `mall:${claimed.id}`, reason });
    const coupon = await grantCoupon(tx, { templateId: item.couponTemplateId as number, memberId, source: 'perk', sourceKey: `mall:${claimed.id}` });
    link = { memberCouponId: coupon.id, orderId: null };
  } else {
    const orderId = await createMallOrder(tx, { item, redemption: claimed, address, paymentWindowMinutes: request.paymentWindowMinutes });
    await spendPoints(tx, { memberId, points: item.pointsPrice, operationKey: `order:${orderId}:points`, reason, orderId });
    link = { memberCouponId: null, orderId };
  }
  const [row] = await tx.db.update(pointsMallRedemptions).set(link).where(eq(pointsMallRedemptions.id, claimed.id)).returning();
  if (!row) throw new Error('redemption vanished inside its transaction');
  const redemption = toRedemptionView(row, isPaidLater ? 'pending_payment' : null);
  return { redemption, isReplay: false, paymentDueAt: isPaidLater ? new Date(tx.now.getTime() + request.paymentWindowMinutes * 60_000) : null };
}

function requireAddressId(body: RedeemBody): number {
  if (body.addressId === undefined) throw new AppError('POINTS_MALL_ADDRESS_REQUIRED');
  return body.addressId;
}
