import { eq, inArray, sql } from 'drizzle-orm';
import { expiryFor, pointsForPayment } from '@siyu/shared';
import type { Executor } from '../db/client';
import { memberAccounts, memberSkuPurchases, orderEvents, pointsEntries, pointsLots, refunds, skus, stockMovements, tiers } from '../db/schema';
import type { NewDomainEvent } from '../modules/events';
import type { DomainEventType } from '../modules/events/types';
import { loadMembershipSettings } from '../modules/membership/settings';
import { chunks, DAY, HOUR, MINUTE, type DemoRng, type PlannedOrder, type SellableSku } from './demo-channels';
import type { DemoOrderHeader } from './seed-channel-orders';

type LotValues = typeof pointsLots.$inferInsert;

/** Inserts lots and their earn entries (delta = amount, on the lot), as creditNewLot does. */
export async function insertLotsWithEntries(db: Executor, lots: LotValues[], reasonOf: (lot: LotValues) => string): Promise<void> {
  for (const part of chunks(lots)) {
    const ids = await db.insert(pointsLots).values(part).returning({ id: pointsLots.id });
    await db.insert(pointsEntries).values(
      part.map((lot, index) => ({
        memberId: lot.memberId,
        delta: lot.amount,
        kind: 'earn',
        sourceKey: lot.sourceKey,
        operationKey: lot.sourceKey,
        lotId: ids[index]?.id ?? null,
        orderId: lot.orderId ?? null,
        reason: reasonOf(lot),
        createdAt: lot.createdAt,
      })),
    );
  }
}

interface DemoOrders {
  plan: PlannedOrder[];
  headers: DemoOrderHeader[];
  ids: number[];
}

/**
 * The refunds (仅退款 in full, before shipping, restocked) as the refund flow leaves them, and the stock the
 * orders took: one movement per line reserve and per restock, in time order with the stock each left, the
 * SKUs' stock, and the purchase quota the members still hold. Answers how many refunds.
 */
export async function seedDemoRefundsAndStock(
  db: Executor,
  now: Date,
  { pick, between }: DemoRng,
  sellable: SellableSku[],
  orders: DemoOrders,
  events: NewDomainEvent<DomainEventType>[],
): Promise<number> {
  const { plan, headers, ids } = orders;
  const movements: (typeof stockMovements.$inferInsert)[] = [];
  const timeline: (typeof orderEvents.$inferInsert)[] = [];
  const held = new Map<string, { memberId: number; skuId: number; quantity: number }>();
  const refunded: { index: number; at: Date }[] = [];
  for (const [index, order] of plan.entries()) {
    const orderId = ids[index] ?? 0;
    for (const [lineIndex, line] of order.lines.entries()) {
      movements.push({
        skuId: line.sku.id,
        delta: -line.quantity,
        stockAfter: 0,
        reason: `订单 ${String(orderId)} 下单占用`,
        sourceKey: `order:${String(orderId)}:line:${String(lineIndex + 1)}:reserve`,
        createdAt: order.createdAt,
      });
      if (order.refunded) continue;
      const key = `${String(order.memberId)}:${String(line.sku.id)}`;
      const current = held.get(key) ?? { memberId: order.memberId, skuId: line.sku.id, quantity: 0 };
      current.quantity += line.quantity;
      held.set(key, current);
    }
    if (order.refunded) refunded.push({ index, at: new Date(Math.min(order.paidAt.getTime() + between(3, 40) * HOUR, now.getTime() - MINUTE)) });
  }
  const refundValues = refunded.map(({ index, at }) => ({
    orderId: ids[index] ?? 0,
    outRefundNo: `R${headers[index]?.orderNo.slice(1) ?? ''}`,
    status: 'succeeded',
    lines: (plan[index]?.lines ?? []).map((line, lineIndex) => ({
      lineNo: lineIndex + 1,
      quantity: line.quantity,
      amountFen: line.sku.privatePriceFen * line.quantity,
    })),
    shippingFen: 0,
    amountFen: headers[index]?.payableFen ?? 0,
    reason: pick(['不想要了', '拍错了/多拍了', '地址填写错误']),
    kind: 'refund_only',
    orderStatusBefore: 'paid',
    restock: true,
    reviewNote: '演示数据：同意退款',
    wechatRefundId: `5030${String(3_000_000_000 + index * 17)}`,
    completedAt: at,
    createdAt: new Date(at.getTime() - between(10, 60) * MINUTE),
    updatedAt: at,
  }));
  const refundIds: number[] = [];
  for (const part of chunks(refundValues)) refundIds.push(...(await db.insert(refunds).values(part).returning({ id: refunds.id })).map((row) => row.id));
  for (const [position, { index, at }] of refunded.entries()) {
    const orderId = ids[index] ?? 0;
    const refund = refundValues[position];
    const refundId = refundIds[position] ?? 0;
    for (const [lineIndex, line] of (plan[index]?.lines ?? []).entries())
      movements.push({
        skuId: line.sku.id,
        delta: line.quantity,
        stockAfter: 0,
        reason: `退款 ${refund?.outRefundNo ?? ''} 退回库存`,
        sourceKey: `refund:${String(refundId)}:line:${String(lineIndex + 1)}`,
        createdAt: at,
      });
    const amountFen = refund?.amountFen ?? 0;
    timeline.push(
      {
        orderId,
        type: 'refund_requested',
        fromStatus: 'paid',
        toStatus: 'refunding',
        actorType: 'member',
        data: { refundId },
        createdAt: refund?.createdAt ?? at,
      },
      {
        orderId,
        type: 'refunded',
        fromStatus: 'refunding',
        toStatus: 'refunded',
        actorType: 'wechat',
        data: { refundId, amountFen, restock: true },
        createdAt: at,
      },
    );
    events.push({
      type: 'refund.succeeded',
      occurredAt: at,
      memberId: plan[index]?.memberId ?? null,
      orderId,
      payload: { refundId, amountFen, succeededAt: at.toISOString() },
    });
  }
  // In time order, each with the stock it left (reserves and restocks interleave).
  movements.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  const original = new Map(sellable.map((sku) => [sku.id, sku.stock]));
  const stock = new Map(original);
  for (const movement of movements) {
    movement.stockAfter = (stock.get(movement.skuId) ?? 0) + movement.delta;
    stock.set(movement.skuId, movement.stockAfter);
  }
  for (const part of chunks(movements)) await db.insert(stockMovements).values(part);
  for (const part of chunks(timeline)) await db.insert(orderEvents).values(part);
  for (const part of chunks([...held.values()])) await db.insert(memberSkuPurchases).values(part);
  for (const [skuId, left] of stock) if (left !== original.get(skuId)) await db.update(skus).set({ stock: left }).where(eq(skus.id, skuId));
  return refundIds.length;
}

/**
 * Points the payments earned: per order (pending for the store's pending days) and the first-purchase bonus,
 * added to the balances. A fully refunded order's points were earned and reversed, so it leaves none.
 */
export async function seedDemoOrderPoints(db: Executor, now: Date, orders: DemoOrders): Promise<void> {
  const settings = await loadMembershipSettings(db);
  const [bronze] = await db.select({ multiplierBp: tiers.pointsMultiplierBp }).from(tiers).where(eq(tiers.code, 'bronze'));
  const multiplierBp = bronze?.multiplierBp ?? 10_000;
  const lots: LotValues[] = [];
  const reasons = new Map<string, string>();
  const buyers = new Set<number>();
  for (const [index, order] of orders.plan.entries()) {
    const header = orders.headers[index];
    const orderId = orders.ids[index] ?? null;
    const isFirst = !buyers.has(order.memberId);
    buyers.add(order.memberId);
    if (order.refunded || !header) continue;
    const window = {
      availableAt: new Date(header.paidAt.getTime() + settings.pointsPendingDays * DAY),
      expiresAt: expiryFor(header.paidAt, settings.pointsExpiryYears),
    };
    const credit = (amount: number, source: string, sourceKey: string, reason: string) => {
      if (amount <= 0) return;
      reasons.set(sourceKey, reason);
      lots.push({ memberId: order.memberId, amount, remaining: amount, source, sourceKey, orderId, ...window, createdAt: header.paidAt });
    };
    credit(
      pointsForPayment(header.payableFen, settings.pointsPerYuan, multiplierBp),
      'order',
      `order:${String(orderId)}:earn`,
      `订单 ${header.orderNo} 消费得积分`,
    );
    if (isFirst) credit(settings.firstPurchasePoints, 'first_purchase', `first_purchase:${String(order.memberId)}`, `首单奖励（订单 ${header.orderNo}）`);
  }
  await insertLotsWithEntries(db, lots, (lot) => reasons.get(lot.sourceKey) ?? '订单积分');
  const perMember = new Map<number, number>();
  for (const lot of lots) perMember.set(lot.memberId, (perMember.get(lot.memberId) ?? 0) + lot.amount);
  for (const part of chunks([...perMember.keys()])) {
    const cases = sql.join(
      part.map((memberId) => sql`when ${memberId} then ${perMember.get(memberId) ?? 0}`),
      sql` `,
    );
    await db
      .update(memberAccounts)
      .set({ pointsBalance: sql`${memberAccounts.pointsBalance} + (case ${memberAccounts.memberId} ${cases} else 0 end)`, updatedAt: now })
      .where(inArray(memberAccounts.memberId, part));
  }
}
