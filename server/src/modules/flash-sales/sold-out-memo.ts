/**
 * The sold-out flag of the flash-sale fast path, kept in the process: once a request has seen a running
 * sale sold out, attempts on that SKU by members who hold none of its units are refused without a database
 * round trip, and the database is asked again about twice a second. In a live-stream rush that is almost every request, and on these machines
 * a round trip (a socket write and read) costs more than the rest of the refusal.
 *
 * Safe by construction: it only ever refuses, never admits (the order transaction's conditional updates still
 * decide every unit); holders are left to the database path, so a winner's retry with its key still replays
 * its order; an entry is answered from for at most 2 × SOLD_OUT_MEMO_MS and never past the sale's end. The
 * cost, documented: a unit that comes back (an unpaid order closed) may be offered again up to one second later
 * on a process that saw the sale sold out.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { flashSaleMemberPurchases } from '../../db/schema';

/** How long a seen sell-out is trusted without asking the database again. */
export const SOLD_OUT_MEMO_MS = 500;

export interface SoldOutSale {
  flashSaleId: number;
  skuId: number;
  privatePriceFen: number;
  flashPriceFen: number;
  perMemberLimit: number;
  endsAt: Date;
  /** Members holding units of the sale when it was seen sold out (their retries go to the database). */
  holders: ReadonlySet<number>;
  seenAt: Date;
  /** Set when one request after expiry went to ask the database; the others keep this answer meanwhile. */
  isRefreshing?: boolean;
}

/** Sold-out sales by SKU id, one map per database handle (per app: tests run several apps in one process). */
const memos = new WeakMap<object, Map<number, SoldOutSale>>();
/** Holder lists being loaded, so that the burst of requests that sees a sell-out loads them once. */
const loading = new WeakMap<object, Map<number, Promise<void>>>();

function mapOf<V>(maps: WeakMap<object, Map<number, V>>, db: Executor): Map<number, V> {
  let map = maps.get(db);
  if (!map) {
    map = new Map();
    maps.set(db, map);
  }
  return map;
}

/**
 * The sold-out entry of a SKU that this process may answer from. Fresh for SOLD_OUT_MEMO_MS; after that the
 * first caller is sent to the database (which refreshes or forgets the entry) while the others keep the answer
 * for at most one more period — so a rush asks the database about once a second, not once per request.
 */
export function soldOutSaleOf(db: Executor, skuId: number, now: Date): SoldOutSale | undefined {
  const memo = memos.get(db);
  const entry = memo?.get(skuId);
  if (!memo || !entry) return undefined;
  const ageMs = now.getTime() - entry.seenAt.getTime();
  if (ageMs < 0 || now >= entry.endsAt || ageMs >= 2 * SOLD_OUT_MEMO_MS) {
    memo.delete(skuId);
    return undefined;
  }
  if (ageMs < SOLD_OUT_MEMO_MS || entry.isRefreshing) return entry;
  entry.isRefreshing = true;
  return undefined;
}

/** The database says the SKU's sale is not sold out (units came back, or it is over): stop refusing from memory. */
export function forgetSoldOut(db: Executor, skuId: number): void {
  memos.get(db)?.delete(skuId);
}

/** Records a sale seen sold out, with who holds its units (one small query per SKU and period, shared by a burst). */
export async function rememberSoldOut(db: Executor, sale: Omit<SoldOutSale, 'holders'>): Promise<void> {
  const current = memos.get(db)?.get(sale.skuId);
  if (current && !current.isRefreshing && sale.seenAt.getTime() - current.seenAt.getTime() < SOLD_OUT_MEMO_MS) return;
  const inFlight = loading.get(db)?.get(sale.skuId);
  if (inFlight) return inFlight;
  const load = (async () => {
    const rows = await db
      .select({ memberId: flashSaleMemberPurchases.memberId })
      .from(flashSaleMemberPurchases)
      .where(and(eq(flashSaleMemberPurchases.flashSaleId, sale.flashSaleId), gt(flashSaleMemberPurchases.quantity, 0)));
    mapOf(memos, db).set(sale.skuId, { ...sale, holders: new Set(rows.map((row) => row.memberId)) });
  })().finally(() => loading.get(db)?.delete(sale.skuId));
  mapOf(loading, db).set(sale.skuId, load);
  return load;
}
