import { adminOrderListQuerySchema, orderSearchSchema, type OrderStatus } from '@siyu/shared';
import dayjs, { type Dayjs } from 'dayjs';
import type { OrderListQuery } from '../../api/orders';

/**
 * The order list's filter in its three shapes: the form's values, the URL's search parameters (so a
 * filtered list survives a visit to an order and can be linked to, e.g. from a member), and the API
 * query. Dates are whole days in the browser's time zone, both ends included; the API takes instants
 * with an exclusive end, so "to 1 March" becomes "before 2 March 00:00".
 */

/** What the filter form holds. */
export interface OrderFilterValues {
  status?: OrderStatus | null;
  orderNo?: string | null;
  q?: string | null;
  memberId?: number | null;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** The filter as the URL keeps it: ?status=paid&orderNo=S2026…&memberId=12&from=2026-03-01&to=2026-03-31. */
export interface OrderFilter {
  status?: OrderStatus;
  orderNo?: string;
  /** The buyer search: an 11-digit phone (exact) or part of a nickname / recipient name. */
  q?: string;
  memberId?: number;
  /** First day, YYYY-MM-DD. */
  from?: string;
  /** Last day (included), YYYY-MM-DD. */
  to?: string;
}

const DAY = 'YYYY-MM-DD';
const schema = adminOrderListQuerySchema.shape;

/** "s2026…" typed in lower case finds "S2026…": order numbers are upper case. */
export function normalizeOrderNo(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
}

/** A real calendar day written YYYY-MM-DD, or undefined (2026-02-30 is not one). */
function dayOf(value: string | null | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = dayjs(value);
  return day.isValid() && day.format(DAY) === value ? value : undefined;
}

/** Keeps only the keys that have a value, so two equal filters serialize equally. */
function compact(filter: OrderFilter): OrderFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as OrderFilter;
}

/** The form's values → the filter (the form's rules have already checked the order number). */
export function filterOfValues(values: OrderFilterValues): OrderFilter {
  const [start, end] = values.dates ?? [];
  return compact({
    status: values.status ?? undefined,
    orderNo: normalizeOrderNo(values.orderNo),
    q: values.q?.trim() || undefined,
    memberId: values.memberId ?? undefined,
    from: start ? start.format(DAY) : undefined,
    to: end ? end.format(DAY) : undefined,
  });
}

/** The filter → the form's values (to show what the URL asked for). */
export function valuesOfFilter(filter: OrderFilter): OrderFilterValues {
  return {
    status: filter.status ?? null,
    orderNo: filter.orderNo ?? null,
    q: filter.q ?? null,
    memberId: filter.memberId ?? null,
    dates: filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null,
  };
}

/** The URL's parameters → the filter; anything the API would refuse (a typed URL) is left out. */
export function filterOfSearchParams(params: URLSearchParams): OrderFilter {
  const pick = <T>(parsed: { success: true; data: T } | { success: false }) => (parsed.success ? parsed.data : undefined);
  const orderNo = normalizeOrderNo(params.get('orderNo'));
  return compact({
    status: pick(schema.status.safeParse(params.get('status') ?? undefined)),
    orderNo: orderNo === undefined ? undefined : pick(schema.orderNo.safeParse(orderNo)),
    q: pick(orderSearchSchema.safeParse(params.get('q') ?? undefined)),
    memberId: pick(schema.memberId.safeParse(params.get('memberId') ?? undefined)),
    from: dayOf(params.get('from')),
    to: dayOf(params.get('to')),
  });
}

/** The filter → the URL's parameters. */
export function searchParamsOfFilter(filter: OrderFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(compact(filter)).map(([key, value]) => [key, String(value)]));
}

/** The filter → GET /api/admin/orders: days become instants, the last day's end exclusive. */
export function listQueryOf(filter: OrderFilter): OrderListQuery {
  const { from, to, ...rest } = filter;
  const query: OrderListQuery = { ...rest };
  if (from) query.from = dayjs(from).startOf('day').toISOString();
  if (to) query.to = dayjs(to).add(1, 'day').startOf('day').toISOString();
  return query;
}
