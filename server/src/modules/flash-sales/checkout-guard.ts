/**
 * The flash-sale fast path of order creation: when a running flash sale of the cart is sold out, or the
 * member already holds its per-member limit, and the total the member was shown can only be a price with
 * that sale applied, the order is refused before pricing, in one query and without a transaction. In a
 * live-stream sale almost every attempt is such a loser; pricing each one (~12 queries inside a
 * transaction) is what made buyers wait for their phone's timeout.
 *
 * Only a fast path: it reads committed state and may let through attempts that then lose; the
 * authoritative conditional updates in the order transaction (promotions/reservations.ts) still decide
 * who gets a unit. A closed unpaid order gives its units back (sold_units − q), which reopens the sale
 * here at once: sold out is `sold_units >= total_units`, read live, never a flag that could go stale.
 */
import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { OrderCreateBody } from '@siyu/shared';
import type { Executor } from '../../db/client';
import type { AppDeps } from '../../deps';
import { flashSaleMemberPurchases, flashSales, orders, skus } from '../../db/schema';
import { AppError } from '../../lib/errors';

export interface FlashCheckoutAttempt {
  memberId: number;
  lines: { skuId: number; quantity: number }[];
  /** The payable total the member was shown (the order body's expectedPayableFen). */
  expectedPayableFen: number;
  /** The store's shipping fee: an upper bound of what any quote charges for shipping. */
  shippingFeeFen: number;
  now: Date;
  /** The request's Idempotency-Key: an order already placed with it is never refused here (the caller replays it). */
  idempotencyKey?: string | undefined;
}

/** The fast path's view of an order request. */
export function flashAttemptOf(deps: AppDeps, memberId: number, body: OrderCreateBody, now: Date, idempotencyKey?: string): FlashCheckoutAttempt {
  return { memberId, lines: body.lines, expectedPayableFen: body.expectedPayableFen, shippingFeeFen: deps.config.commerce.shippingFeeFen, now, idempotencyKey };
}

/** A running flash sale of one of the cart's SKUs, with the SKU's private price and the member's holding. */
interface RunningSale {
  flashSaleId: number;
  skuId: number;
  flashPriceFen: number;
  privatePriceFen: number;
  totalUnits: number;
  soldUnits: number;
  perMemberLimit: number;
  heldByMember: number;
}

/**
 * The cart's SKUs with their private price, their running, approved flash sale (if any) and the member's
 * holding, and whether the request's key already placed an order: one indexed query, so that a loser
 * costs one round trip (the replay check rides along instead of being a second query).
 */
async function loadCartFlashFacts(db: Executor, attempt: FlashCheckoutAttempt, skuIds: number[]) {
  const { memberId, now, idempotencyKey } = attempt;
  const keyTaken = idempotencyKey
    ? sql<boolean>`exists (select 1 from ${orders} where ${orders.memberId} = ${memberId} and ${orders.idempotencyKey} = ${idempotencyKey})`
    : sql<boolean>`false`;
  return db
    .select({
      skuId: skus.id,
      privatePriceFen: skus.privatePriceFen,
      flashSaleId: flashSales.id,
      flashPriceFen: flashSales.flashPriceFen,
      totalUnits: flashSales.totalUnits,
      soldUnits: flashSales.soldUnits,
      perMemberLimit: flashSales.perMemberLimit,
      heldByMember: sql<number>`coalesce(${flashSaleMemberPurchases.quantity}, 0)`.mapWith(Number),
      keyTaken,
    })
    .from(skus)
    .leftJoin(
      flashSales,
      and(
        eq(flashSales.skuId, skus.id),
        lte(flashSales.startsAt, now),
        gt(flashSales.endsAt, now),
        isNull(flashSales.stoppedAt),
        inArray(flashSales.approvalStatus, ['not_required', 'approved']),
      ),
    )
    .leftJoin(flashSaleMemberPurchases, and(eq(flashSaleMemberPurchases.flashSaleId, flashSales.id), eq(flashSaleMemberPurchases.memberId, memberId)))
    .where(inArray(skus.id, skuIds));
}

type CartFlashRow = Awaited<ReturnType<typeof loadCartFlashFacts>>[number];

/** The row's flash sale, or null when the SKU has no running sale (the left join found none). */
function runningSaleOf(row: CartFlashRow): RunningSale | null {
  const { flashSaleId, flashPriceFen, totalUnits, soldUnits, perMemberLimit } = row;
  if (flashSaleId === null || flashPriceFen === null || totalUnits === null || soldUnits === null || perMemberLimit === null) return null;
  return { skuId: row.skuId, privatePriceFen: row.privatePriceFen, heldByMember: row.heldByMember, flashSaleId, flashPriceFen, totalUnits, soldUnits, perMemberLimit };
}

/** What one unit at the flash price saves at most, times the units a quote could have priced that way. */
function flashSavingFen(sale: RunningSale, quantity: number): number {
  return Math.max(0, sale.privatePriceFen - sale.flashPriceFen) * Math.min(quantity, sale.perMemberLimit);
}

function blockCode(sale: RunningSale): 'FLASH_SALE_SOLD_OUT' | 'FLASH_SALE_LIMIT_EXCEEDED' | null {
  if (sale.soldUnits >= sale.totalUnits) return 'FLASH_SALE_SOLD_OUT';
  if (sale.heldByMember >= sale.perMemberLimit) return 'FLASH_SALE_LIMIT_EXCEEDED';
  return null;
}

/**
 * Refuses (409 FLASH_SALE_SOLD_OUT / FLASH_SALE_LIMIT_EXCEEDED) an order that counts on a flash sale it
 * can no longer have. "Counts on": the shown total is at most the cart at private prices plus shipping
 * minus that sale's saving — no quote without the sale could be cheaper than that unless other discounts
 * (coupons, tier prices, points) save as much as the flash price did. A member who accepted the full
 * price after the sell-out shows a higher total and is priced normally.
 */
export async function refuseLostFlashAttempt(db: Executor, attempt: FlashCheckoutAttempt): Promise<void> {
  const skuIds = [...new Set(attempt.lines.map((line) => line.skuId))];
  const rows = await loadCartFlashFacts(db, attempt, skuIds);
  if (rows.some((row) => row.keyTaken)) return;
  const quantityOf = (skuId: number) => attempt.lines.filter((line) => line.skuId === skuId).reduce((sum, line) => sum + line.quantity, 0);
  let listTotalFen = attempt.shippingFeeFen;
  for (const skuId of skuIds) listTotalFen += (rows.find((row) => row.skuId === skuId)?.privatePriceFen ?? 0) * quantityOf(skuId);
  for (const sale of rows.map(runningSaleOf)) {
    if (sale === null) continue;
    const code = blockCode(sale);
    const savingFen = flashSavingFen(sale, quantityOf(sale.skuId));
    if (code === null || savingFen === 0 || attempt.expectedPayableFen > listTotalFen - savingFen) continue;
    const details = code === 'FLASH_SALE_SOLD_OUT' ? { flashSaleId: sale.flashSaleId } : { flashSaleId: sale.flashSaleId, limit: sale.perMemberLimit };
    throw new AppError(code, undefined, details);
  }
}
