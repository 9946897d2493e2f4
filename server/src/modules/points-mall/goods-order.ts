/**
 * The order that ships a goods item: one line of the SKU priced at the item's cash part (0 for points
 * only), free shipping, stock taken like checkout takes it (conditional UPDATE + a movement row keyed by
 * source, so closing the order returns it once). Points only → paid at once; points + cash → waits for
 * the member to pay the cash through the usual /api/orders/:id/pay.
 */
import { eq } from 'drizzle-orm';
import { fenToYuanString, toFen } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { orderLines, orders, stockMovements } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { AddressRow } from '../addresses';
import { appendEvent } from '../events';
import { orderAttributionAt } from '../touches';
import { newOrderNo } from '../orders/order-no';
import { addOrderEvent, claimPurchaseQuota, loadCheckoutSkus, takeStock, type OrderRow } from '../orders/repo';
import type { AddressSnapshot } from '../orders/views';
import type { ItemRow, RedemptionRow } from './views';

export interface MallOrderInput {
  item: ItemRow;
  redemption: RedemptionRow;
  address: AddressRow;
  paymentWindowMinutes: number;
}

function snapshotOf(address: AddressRow): AddressSnapshot {
  return {
    recipientName: address.recipientName,
    phoneCipher: address.phoneCipher,
    regionCodes: address.regionCodes,
    regionText: address.regionText,
    detail: address.detail,
  };
}

/** One line of the order: 说明 what the member exchanged. */
export function mallOrderExplanation(item: Pick<ItemRow, 'title' | 'pointsPrice' | 'cashFen'>): string[] {
  const cash = item.cashFen > 0 ? ` + ¥${fenToYuanString(toFen(item.cashFen))}` : '';
  return [`积分商城兑换「${item.title}」：${item.pointsPrice} 积分${cash}`];
}

async function insertHeader(tx: ServiceContext, input: MallOrderInput): Promise<OrderRow> {
  const { item, redemption } = input;
  const attribution = await orderAttributionAt(tx.db, redemption.memberId, tx.now);
  const [row] = await tx.db
    .insert(orders)
    .values({
      orderNo: newOrderNo(tx.now),
      memberId: redemption.memberId,
      status: 'pending_payment',
      goodsSubtotalFen: item.cashFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen: item.cashFen,
      address: snapshotOf(input.address),
      explanation: mallOrderExplanation(item),
      // The redemption already holds the member's key; the order's key only has to be unique per member.
      idempotencyKey: `points-mall-${redemption.id}`,
      requestHash: 'points-mall',
      paymentExpiresAt: new Date(tx.now.getTime() + input.paymentWindowMinutes * 60_000),
      pointsUsed: item.pointsPrice,
      ...attribution,
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .returning();
  if (!row) throw new Error('order insert returned nothing');
  return row;
}

/** Takes one unit of the SKU (409 POINTS_MALL_SOLD_OUT when the warehouse has none) and writes the line and its movement. */
async function writeLine(tx: ServiceContext, order: OrderRow, skuId: number, cashFen: number): Promise<void> {
  const sku = (await loadCheckoutSkus(tx.db, [skuId])).get(skuId);
  const left = sku && !sku.isDeleted ? await takeStock(tx.db, skuId, 1, tx.now) : null;
  if (!sku || left === null) throw new AppError('POINTS_MALL_SOLD_OUT', undefined, { skuId, reason: 'sku_stock' });
  // Counted like any purchase (no limit enforced), so that closing the order gives back exactly what it took.
  await claimPurchaseQuota(tx.db, order.memberId, skuId, 1, null);
  await tx.db.insert(orderLines).values({
    orderId: order.id,
    lineNo: 1,
    skuId,
    productId: sku.productId,
    title: sku.title,
    specs: sku.specs,
    image: sku.image,
    quantity: 1,
    unitPriceFen: cashFen,
    publicPriceFen: sku.publicPriceFen,
    subtotalFen: cashFen,
    discountFen: 0,
    payableFen: cashFen,
  });
  await tx.db
    .insert(stockMovements)
    .values({ skuId, delta: -1, stockAfter: left, reason: `订单 ${order.id} 积分兑换占用`, sourceKey: `order:${order.id}:line:1:reserve`, createdAt: tx.now });
}

/** Points only: nothing to pay, so the order is paid at once (and then ships like any order). */
async function markPaid(tx: ServiceContext, order: OrderRow): Promise<void> {
  await tx.db.update(orders).set({ status: 'paid', paidAt: tx.now, updatedAt: tx.now }).where(eq(orders.id, order.id));
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'paid',
    fromStatus: 'pending_payment',
    toStatus: 'paid',
    actorType: 'system',
    data: { pointsMall: true },
    now: tx.now,
  });
  await appendEvent(tx.db, {
    type: 'order.paid',
    occurredAt: tx.now,
    memberId: order.memberId,
    orderId: order.id,
    payload: { paidFen: 0, paidAt: tx.now.toISOString() },
  });
}

/** Creates the goods item's order inside the redemption's transaction; returns the order id. */
export async function createMallOrder(tx: ServiceContext, input: MallOrderInput): Promise<number> {
  const skuId = input.item.skuId;
  if (skuId === null) throw new Error(`goods item ${input.item.id} without a SKU`);
  const order = await insertHeader(tx, input);
  await writeLine(tx, order, skuId, input.item.cashFen);
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'created',
    toStatus: 'pending_payment',
    actorType: 'member',
    actorId: order.memberId,
    data: { pointsMall: true, redemptionId: input.redemption.id, points: input.item.pointsPrice, payableFen: order.payableFen },
    now: tx.now,
  });
  await appendEvent(tx.db, {
    type: 'order.created',
    occurredAt: tx.now,
    memberId: order.memberId,
    orderId: order.id,
    payload: { payableFen: order.payableFen, firstChannelId: order.firstChannelId, lastChannelId: order.lastChannelId, lastCodeId: order.lastCodeId },
  });
  if (input.item.cashFen === 0) await markPaid(tx, order);
  return order.id;
}
