import { and, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { ORDER_STATUSES, orderSearchKind, type OrderFilter, type OrderStatusCounts } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import type { Executor } from '../../db/client';
import { members, orders } from '../../db/schema';
import { escapeLike } from '../../lib/sql';

/**
 * The search box: a phone matches the buyer exactly through the members' phone lookup hash (phones are
 * stored encrypted, so there is nothing to LIKE), an order number matches exactly, anything else is a
 * part of the buyer's nickname or of the recipient's name.
 */
function searchCondition(deps: AppDeps, q: string): SQL {
  const kind = orderSearchKind(q);
  if (kind === 'phone') {
    const buyers = sql`(select ${members.id} from ${members} where ${members.phoneHash} = ${deps.phoneCrypto.hash(q)})`;
    return inArray(orders.memberId, buyers);
  }
  const pattern = `%${escapeLike(q)}%`;
  const byName = or(
    inArray(orders.memberId, sql`(select ${members.id} from ${members} where ${members.nickname} ilike ${pattern})`),
    ilike(sql`${orders.address} ->> 'recipientName'`, pattern),
  ) as SQL;
  return kind === 'order_no' ? (or(eq(orders.orderNo, q), byName) as SQL) : byName;
}

/** The WHERE conditions of the admin order list, its tabs' counts and its CSV export (one definition for all three). */
export function orderFilterConditions(deps: AppDeps, filter: Partial<OrderFilter>): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.orderNo) conditions.push(eq(orders.orderNo, filter.orderNo));
  if (filter.memberId) conditions.push(eq(orders.memberId, filter.memberId));
  if (filter.from) conditions.push(gte(orders.createdAt, new Date(filter.from)));
  if (filter.to) conditions.push(lt(orders.createdAt, new Date(filter.to)));
  if (filter.q) conditions.push(searchCondition(deps, filter.q));
  return conditions;
}

/** GET /api/admin/orders/status-counts: orders per status under the filters (status aside), and their total. */
export async function countOrdersByStatus(db: Executor, deps: AppDeps, filter: Omit<Partial<OrderFilter>, 'status'>): Promise<OrderStatusCounts> {
  const rows = await db
    .select({ status: orders.status, count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(...orderFilterConditions(deps, filter)))
    .groupBy(orders.status);
  const byStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, rows.find((row) => row.status === status)?.count ?? 0]));
  return { all: rows.reduce((sum, row) => sum + row.count, 0), byStatus: byStatus as OrderStatusCounts['byStatus'] };
}
