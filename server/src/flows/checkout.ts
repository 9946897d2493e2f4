/**
 * Checkout: turn a member's lines into an order, in one database transaction whose compensation is its
 * rollback — a failed step leaves nothing behind (no order, no stock taken, no quota used).
 *
 * Steps: replay check → load member, address and SKUs → price (the server's quote is the one that counts)
 * → claim the idempotency key (order header) → take stock → claim per-member quotas → write lines,
 * adjustments, stock movements and the first event.
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Order, OrderCreateBody, Quote } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../context';
import type { AppDeps } from '../deps';
import { orderAdjustments, orderLines, orders, stockMovements } from '../db/schema';
import { AppError } from '../lib/errors';
import { findMemberAddress } from '../modules/addresses';
import { flashAttemptOf, refuseLostFlashAttempt } from '../modules/flash-sales';
import { withPromoCodeAttempts } from '../modules/live-sessions';
import { newOrderNo } from '../modules/orders/order-no';
import { addOrderEvent, claimPurchaseQuota, findOrderLines, takeStock, type CheckoutSku, type OrderRow } from '../modules/orders/repo';
import { toOrder, type AddressSnapshot } from '../modules/orders/views';
import { choicesOf, priceCheckout, reservePoints, reservePromotions, type PricedCheckout } from '../modules/promotions';
import { appendEvent } from '../modules/events';
import { orderAttributionAt } from '../modules/touches';

/** Thrown inside the transaction when another request already holds the idempotency key: roll back, then replay. */
class IdempotentReplay extends Error {}

export interface PlaceOrderResult {
  order: Order;
  /** True when this request repeated an earlier one (same key, same body). */
  isReplay: boolean;
}

function requestHash(body: OrderCreateBody): string {
  const canonical = { ...body, lines: [...body.lines].sort((a, b) => a.skuId - b.skuId) };
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

async function findByKey(sc: ServiceContext, memberId: number, key: string): Promise<OrderRow | undefined> {
  const [row] = await sc.db
    .select()
    .from(orders)
    .where(and(eq(orders.memberId, memberId), eq(orders.idempotencyKey, key)));
  return row;
}

async function replay(sc: ServiceContext, deps: AppDeps, row: OrderRow, hash: string): Promise<PlaceOrderResult> {
  if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', undefined, { orderNo: row.orderNo });
  return { order: toOrder(row, await findOrderLines(sc.db, row.id), deps.phoneCrypto), isReplay: true };
}

/** POST /api/orders: a typed promo code counts against the member's code attempts like a quote's. */
export async function placeOrder(sc: ServiceContext, deps: AppDeps, memberId: number, key: string, body: OrderCreateBody): Promise<PlaceOrderResult> {
  return withPromoCodeAttempts(
    sc,
    memberId,
    body.promoCode,
    () => placeOrderOnce(sc, deps, memberId, key, body),
    () => false,
  );
}

async function placeOrderOnce(sc: ServiceContext, deps: AppDeps, memberId: number, key: string, body: OrderCreateBody): Promise<PlaceOrderResult> {
  const hash = requestHash(body);
  // Flash-sale fast path (issue 11): a sold-out or over-limit attempt is refused before pricing, in one query and
  // without a transaction; an order already placed with this key is left to the replay below.
  const { isKeyTaken } = await refuseLostFlashAttempt(sc.db, flashAttemptOf(deps, memberId, body, sc.now, key));
  // The guard's query already says whether the key placed an order; a race after it ends in IdempotentReplay below.
  const existing = isKeyTaken === false ? undefined : await findByKey(sc, memberId, key);
  if (existing) return replay(sc, deps, existing, hash);
  try {
    return await inTransaction(sc, async (tx) => {
      const order = await createInTransaction(tx, deps, memberId, key, hash, body);
      // The close job commits with the order: a crash after the commit cannot leave it to the sweeper.
      await deps.jobs?.scheduleOrderClose(order.id, new Date(order.paymentExpiresAt), tx.db);
      return { order, isReplay: false };
    });
  } catch (error) {
    if (!(error instanceof IdempotentReplay)) throw error;
    const winner = await findByKey(sc, memberId, key);
    if (!winner) throw new Error('idempotency key claimed but no order found');
    return replay(sc, deps, winner, hash);
  }
}

async function createInTransaction(tx: ServiceContext, deps: AppDeps, memberId: number, key: string, hash: string, body: OrderCreateBody): Promise<Order> {
  // Again once a connection is ours: in a flash-sale rush the sale often sells out while a request waits for one.
  await refuseLostFlashAttempt(tx.db, flashAttemptOf(deps, memberId, body, tx.now));
  const address = await findMemberAddress(tx.db, memberId, body.addressId);
  const pricedCheckout = await priceCheckout(tx.db, {
    memberId,
    lines: body.lines,
    choices: choicesOf(body),
    commerce: deps.config.commerce,
    now: tx.now,
    addressId: body.addressId,
  });
  const { skus } = pricedCheckout;
  assertAsQuoted(pricedCheckout, body);
  const priced = pricedCheckout.quote;
  const snapshot: AddressSnapshot = {
    recipientName: address.recipientName,
    phoneCipher: address.phoneCipher,
    regionCodes: address.regionCodes,
    regionText: address.regionText,
    detail: address.detail,
  };
  const header = await claimOrderHeader(tx, deps, { memberId, key, hash, body, priced, snapshot });
  await reservePromotions(tx, header.id, memberId, pricedCheckout.selections);
  const stockAfter = await reserveLines(tx, memberId, body.lines, skus);
  await reservePoints(tx, header.id, memberId, pricedCheckout.selections);
  await writeLines(tx, header.id, body.lines, skus, priced, stockAfter);
  await addOrderEvent(tx.db, {
    orderId: header.id,
    type: 'created',
    toStatus: 'pending_payment',
    actorType: 'member',
    actorId: memberId,
    data: { payableFen: priced.payableTotalFen },
    now: tx.now,
  });
  await appendEvent(tx.db, {
    type: 'order.created',
    occurredAt: tx.now,
    memberId,
    orderId: header.id,
    payload: { payableFen: header.payableFen, firstChannelId: header.firstChannelId, lastChannelId: header.lastChannelId, lastCodeId: header.lastCodeId },
  });
  return toOrder(header, await findOrderLines(tx.db, header.id), deps.phoneCrypto);
}

/**
 * The order must be what the member was shown: a typed promo code that no longer applies, or a flash
 * sale sold out since the quote, is said precisely; any other difference is PRICE_CHANGED with the new quote.
 */
function assertAsQuoted(priced: PricedCheckout, body: OrderCreateBody): void {
  const fresh = { ...priced.quote, promotions: priced.promotions };
  if (body.promoCode && priced.promoCodeError) throw new AppError(priced.promoCodeError, undefined, { promoCode: body.promoCode, quote: fresh });
  if (priced.couponChoiceError) {
    const { code, memberCouponId, message } = priced.couponChoiceError;
    throw new AppError(code, message ?? undefined, { memberCouponId, quote: fresh });
  }
  if (priced.quote.payableTotalFen === body.expectedPayableFen) return;
  const flash = priced.unavailableFlashSales[0];
  if (flash) throw new AppError(flash.code, undefined, { flashSaleId: flash.flashSaleId, quote: fresh });
  throw new AppError('PRICE_CHANGED', undefined, { expectedPayableFen: body.expectedPayableFen, quote: fresh });
}

interface HeaderInput {
  memberId: number;
  key: string;
  hash: string;
  body: OrderCreateBody;
  priced: Quote;
  snapshot: AddressSnapshot;
}

/** Inserts the order header; a concurrent request with the same key makes this one roll back and replay. */
async function claimOrderHeader(tx: ServiceContext, deps: AppDeps, input: HeaderInput): Promise<OrderRow> {
  // Channel attribution is fixed at creation and never rewritten (first touch of the member, last touch in the window).
  const attribution = await orderAttributionAt(tx.db, input.memberId, tx.now);
  const [row] = await tx.db
    .insert(orders)
    .values({
      orderNo: newOrderNo(tx.now),
      memberId: input.memberId,
      status: 'pending_payment',
      goodsSubtotalFen: input.priced.goodsSubtotalFen,
      discountFen: input.priced.discountTotalFen,
      shippingFen: input.priced.shippingFeeFen,
      payableFen: input.priced.payableTotalFen,
      address: input.snapshot,
      remark: input.body.remark,
      explanation: input.priced.explanation,
      idempotencyKey: input.key,
      requestHash: input.hash,
      paymentExpiresAt: new Date(tx.now.getTime() + deps.config.commerce.paymentWindowMinutes * 60_000),
      ...attribution,
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .onConflictDoNothing({ target: [orders.memberId, orders.idempotencyKey] })
    .returning();
  if (!row) throw new IdempotentReplay();
  return row;
}

/**
 * Takes stock and per-member quota for every line (in SKU id order, so concurrent orders lock rows in
 * one order and cannot deadlock). Returns the stock left per SKU for the movement rows.
 */
async function reserveLines(
  tx: ServiceContext,
  memberId: number,
  lines: OrderCreateBody['lines'],
  skus: Map<number, CheckoutSku>,
): Promise<Map<number, number>> {
  const sorted = [...lines].sort((a, b) => a.skuId - b.skuId);
  const stockAfter = new Map<number, number>();
  const short: { skuId: number; requested: number; available: number }[] = [];
  for (const line of sorted) {
    const left = await takeStock(tx.db, line.skuId, line.quantity, tx.now);
    if (left === null) short.push({ skuId: line.skuId, requested: line.quantity, available: skus.get(line.skuId)?.stock ?? 0 });
    else stockAfter.set(line.skuId, left);
  }
  if (short.length > 0) throw new AppError('ORDER_STOCK_INSUFFICIENT', undefined, { lines: short });
  const overLimit: { skuId: number; limit: number }[] = [];
  for (const line of sorted) {
    const limit = skus.get(line.skuId)?.purchaseLimit ?? null;
    if (!(await claimPurchaseQuota(tx.db, memberId, line.skuId, line.quantity, limit))) overLimit.push({ skuId: line.skuId, limit: limit ?? 0 });
  }
  if (overLimit.length > 0) throw new AppError('ORDER_LIMIT_EXCEEDED', undefined, { lines: overLimit });
  return stockAfter;
}

/** Snapshots each line (title, specs, prices) with its share of discounts, and its stock movement. */
async function writeLines(
  tx: ServiceContext,
  orderId: number,
  lines: OrderCreateBody['lines'],
  skus: Map<number, CheckoutSku>,
  priced: Quote,
  stockAfter: Map<number, number>,
): Promise<void> {
  const values = priced.lines.map((pricedLine, index) => {
    const sku = skus.get(lines[index]?.skuId ?? -1) as CheckoutSku;
    return {
      orderId,
      lineNo: index + 1,
      skuId: sku.skuId,
      productId: sku.productId,
      title: sku.title,
      specs: sku.specs,
      image: sku.image,
      quantity: pricedLine.quantity,
      unitPriceFen: pricedLine.unitPriceFen,
      publicPriceFen: sku.publicPriceFen,
      subtotalFen: pricedLine.subtotalFen,
      discountFen: pricedLine.discountFen,
      payableFen: pricedLine.payableFen,
    };
  });
  await tx.db.insert(orderLines).values(values);
  await tx.db.insert(stockMovements).values(
    values.map((line) => ({
      skuId: line.skuId,
      delta: -line.quantity,
      stockAfter: stockAfter.get(line.skuId) ?? 0,
      reason: `订单 ${orderId} 下单占用`,
      sourceKey: `order:${orderId}:line:${line.lineNo}:reserve`,
      createdAt: tx.now,
    })),
  );
  if (priced.adjustments.length > 0) {
    await tx.db.insert(orderAdjustments).values(
      priced.adjustments.map((adjustment) => ({
        orderId,
        kind: adjustment.kind,
        sourceId: adjustment.id,
        label: adjustment.label,
        amountFen: adjustment.appliedFen,
        lineShares: priced.lines.map((line, index) => ({
          lineNo: index + 1,
          amountFen: line.adjustments.find((a) => a.adjustmentId === adjustment.id)?.amountFen ?? 0,
        })),
      })),
    );
  }
}
