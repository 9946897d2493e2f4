import { Readable } from 'node:stream';
import { and, desc, lt } from 'drizzle-orm';
import { maskPhone, orderCsvHead, orderCsvRecord, orderCsvRows, type OrderFilter } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { orders } from '../../db/schema';
import { findBuyers } from '../members';
import { withOrderLines } from '../orders/repo';
import { toOrder } from '../orders/views';
import { orderFilterConditions } from './filters';

/** Orders read per query while streaming: memory stays flat however many orders match. */
export const EXPORT_PAGE_SIZE = 200;

/** One page of export rows below `beforeId` (newest first), and the last id for the next page. */
async function exportPage(sc: ServiceContext, deps: AppDeps, filter: OrderFilter, beforeId: number | null) {
  const conditions = orderFilterConditions(deps, filter);
  if (beforeId !== null) conditions.push(lt(orders.id, beforeId));
  const rows = await sc.db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(EXPORT_PAGE_SIZE);
  const buyers = await findBuyers(
    sc.db,
    deps.phoneCrypto,
    rows.map((row) => row.memberId),
  );
  const records = (await withOrderLines(sc.db, rows)).map(({ row, lines }) => {
    const order = toOrder(row, lines, deps.phoneCrypto);
    // A file leaves the console: the recipient's phone is masked like in the list.
    return orderCsvRecord({ ...order, address: { ...order.address, phone: maskPhone(order.address.phone) } }, buyers.get(row.memberId));
  });
  return { csv: orderCsvRows(records), lastId: rows.length === EXPORT_PAGE_SIZE ? (rows[rows.length - 1]?.id ?? null) : null };
}

/**
 * GET /api/admin/orders/export.csv: the filtered list (every page, newest first) as a UTF-8 CSV with a
 * byte order mark, streamed page by page with a keyset on the id, so a large export never sits in memory.
 */
export function streamOrdersCsv(sc: ServiceContext, deps: AppDeps, filter: OrderFilter): Readable {
  async function* chunks() {
    yield orderCsvHead();
    let beforeId: number | null = null;
    do {
      const page = await exportPage(sc, deps, filter, beforeId);
      if (page.csv) yield page.csv;
      beforeId = page.lastId;
    } while (beforeId !== null);
  }
  return Readable.from(chunks());
}
