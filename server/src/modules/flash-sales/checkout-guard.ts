/**
 * The flash-sale fast path of order creation: when a running flash sale of the cart is sold out, or the
 * member already holds its per-member limit, and the total the member was shown can only be a price with
 * that sale applied, the order is refused before pricing, in one query and without a transaction. In a
 * live-stream sale almost every attempt is such a loser; pricing each one (~12 queries inside a
 * transaction) is what made buyers wait for their phone's timeout.
 *
 * Only a fast path: it reads committed state and may let through attempts that then lose; the
 * authoritative conditional updates in the order transaction (promotions/reservations.ts) still decide
 * who gets a unit. Sold out is `sold_units >= total_units`, read live; outside a transaction a sell-out
 * this process has seen is also remembered for about a second (sold-out-memo.ts), so a rush's losers
 * cost no round trip at all.
 */
import { sql } from 'drizzle-orm';
import type { OrderCreateBody } from '@siyu/shared';
import { isTransaction, type Executor } from '../../db/client';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { forgetSoldOut, rememberSoldOut, soldOutSaleOf } from './sold-out-memo';

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
  endsAt: Date;
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
 * costs one round trip (the replay check rides along instead of being a second query). Written as one SQL
 * text: on the hot path, building it with the query builder cost more CPU than PostgreSQL spent running it.
 */
async function loadCartFlashFacts(db: Executor, attempt: FlashCheckoutAttempt, skuIds: number[]): Promise<CartFlashRow[]> {
  const { memberId, idempotencyKey } = attempt;
  const now = attempt.now.toISOString();
  const keyTaken = idempotencyKey ? sql`exists (select 1 from orders o where o.member_id = ${memberId} and o.idempotency_key = ${idempotencyKey})` : sql`false`;
  const result = await db.execute(sql`
    select s.id as sku_id, s.private_price_fen, f.id as flash_sale_id, f.flash_price_fen, f.total_units, f.sold_units, f.per_member_limit, f.ends_at,
      coalesce(p.quantity, 0) as held_by_member, ${keyTaken} as key_taken
    from skus s
    left join flash_sales f on f.sku_id = s.id and f.starts_at <= ${now}::timestamptz and f.ends_at > ${now}::timestamptz
      and f.stopped_at is null and f.approval_status in ('not_required', 'approved')
    left join flash_sale_member_purchases p on p.flash_sale_id = f.id and p.member_id = ${memberId}
    where s.id in (${sql.join(
      skuIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map(toCartFlashRow);
}

/** One of the cart's SKUs: its private price, whether the key placed an order, and its running sale if any. */
interface CartFlashRow {
  skuId: number;
  privatePriceFen: number;
  keyTaken: boolean;
  sale: RunningSale | null;
}

/** A raw row of either driver (int8 arrives as a string from pg, as a number or bigint from PGlite). */
function toCartFlashRow(row: Record<string, unknown>): CartFlashRow {
  const skuId = Number(row.sku_id);
  const privatePriceFen = Number(row.private_price_fen);
  // The left join found no running sale: every sale column is null.
  const sale: RunningSale | null =
    row.flash_sale_id === null || row.flash_sale_id === undefined
      ? null
      : {
          flashSaleId: Number(row.flash_sale_id),
          endsAt: new Date(row.ends_at as string | Date),
          skuId,
          flashPriceFen: Number(row.flash_price_fen),
          privatePriceFen,
          totalUnits: Number(row.total_units),
          soldUnits: Number(row.sold_units),
          perMemberLimit: Number(row.per_member_limit),
          heldByMember: Number(row.held_by_member),
        };
  return { skuId, privatePriceFen, keyTaken: row.key_taken === true, sale };
}

/** What one unit at the flash price saves at most, times the units a quote could have priced that way. */
function flashSavingFen(sale: Pick<RunningSale, 'privatePriceFen' | 'flashPriceFen' | 'perMemberLimit'>, quantity: number): number {
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
export async function refuseLostFlashAttempt(db: Executor, attempt: FlashCheckoutAttempt): Promise<{ isKeyTaken: boolean | null }> {
  const skuIds = [...new Set(attempt.lines.map((line) => line.skuId))];
  const isInTransaction = isTransaction(db);
  if (!isInTransaction) refuseFromMemo(db, attempt, skuIds);
  const rows = await loadCartFlashFacts(db, attempt, skuIds);
  // What the query learnt of the key rides along, so the caller need not ask again (null: no row, unknown).
  const isKeyTaken = rows.length === 0 ? null : rows.some((row) => row.keyTaken);
  if (isKeyTaken) return { isKeyTaken };
  const quantityOf = (skuId: number) => attempt.lines.filter((line) => line.skuId === skuId).reduce((sum, line) => sum + line.quantity, 0);
  let listTotalFen = attempt.shippingFeeFen;
  for (const skuId of skuIds) listTotalFen += (rows.find((row) => row.skuId === skuId)?.privatePriceFen ?? 0) * quantityOf(skuId);
  for (const { sale } of rows) {
    if (sale === null) continue;
    const code = blockCode(sale);
    if (!isInTransaction) {
      if (code === 'FLASH_SALE_SOLD_OUT') await rememberSoldOut(db, { ...sale, seenAt: attempt.now });
      else forgetSoldOut(db, sale.skuId);
    }
    const savingFen = flashSavingFen(sale, quantityOf(sale.skuId));
    if (code === null || savingFen === 0 || attempt.expectedPayableFen > listTotalFen - savingFen) continue;
    const details = code === 'FLASH_SALE_SOLD_OUT' ? { flashSaleId: sale.flashSaleId } : { flashSaleId: sale.flashSaleId, limit: sale.perMemberLimit };
    throw new AppError(code, undefined, details);
  }
  return { isKeyTaken };
}

/**
 * The same rule without a round trip, for a one-SKU cart (a flash rush) whose sale this process saw sold out
 * within the last second, by a member who holds none of its units (holders may be retrying a placed order).
 */
function refuseFromMemo(db: Executor, attempt: FlashCheckoutAttempt, skuIds: number[]): void {
  const [skuId] = skuIds;
  if (skuIds.length !== 1 || skuId === undefined) return;
  const sale = soldOutSaleOf(db, skuId, attempt.now);
  if (!sale || sale.holders.has(attempt.memberId)) return;
  const quantity = attempt.lines.reduce((sum, line) => sum + line.quantity, 0);
  const listTotalFen = attempt.shippingFeeFen + sale.privatePriceFen * quantity;
  const savingFen = flashSavingFen(sale, quantity);
  if (savingFen > 0 && attempt.expectedPayableFen <= listTotalFen - savingFen)
    throw new AppError('FLASH_SALE_SOLD_OUT', undefined, { flashSaleId: sale.flashSaleId });
}
