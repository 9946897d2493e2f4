import type { AdminOrder, AdminRefund, OrderStatus, RefundStatus } from '@siyu/shared';
import { api } from './client';
import type { Page } from './types';

/** The query of GET /api/admin/orders (adminOrderListQuerySchema without paging); `to` is exclusive. */
export interface OrderListQuery {
  status?: OrderStatus;
  orderNo?: string;
  memberId?: number;
  from?: string;
  to?: string;
}

/** A row of the staff order list: the order without its events and payments. */
export type AdminOrderSummary = Omit<AdminOrder, 'events' | 'payments'>;

/** Staff orders (server/src/modules/admin-orders): list, detail with events and payments, shipping. */
export const ordersApi = {
  list: (query: OrderListQuery, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminOrderSummary>>('/api/admin/orders', { ...query, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AdminOrder>(`/api/admin/orders/${id}`, undefined, signal),
  ship: (id: number, body: { carrier: string; trackingNo: string }) => api.post<AdminOrder>(`/api/admin/orders/${id}/ship`, body),
};

/** Refund review (server/src/modules/refunds): list by status, approve (restock or not), reject with a note. */
export const refundsApi = {
  list: (status: RefundStatus | undefined, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminRefund>>('/api/admin/refunds', { status, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AdminRefund>(`/api/admin/refunds/${id}`, undefined, signal),
  approve: (id: number, restock: boolean) => api.post<AdminRefund>(`/api/admin/refunds/${id}/approve`, { restock }),
  reject: (id: number, note: string) => api.post<AdminRefund>(`/api/admin/refunds/${id}/reject`, { note }),
};
