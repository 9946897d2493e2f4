import type { AdminOrder, AdminRefund, AfterSaleSettings, OrderNote, OrderStatus, OrderStatusCounts, RefundStatus, ShipImportReport } from '@siyu/shared';
import { download } from './catalog-io';
import { api, send } from './client';
import type { Page } from './types';

/** The query of GET /api/admin/orders (adminOrderListQuerySchema without paging); `to` is exclusive. */
export interface OrderListQuery {
  status?: OrderStatus;
  orderNo?: string;
  /** The search box: an order number, an 11-digit phone, or part of a nickname / recipient name. */
  q?: string;
  memberId?: number;
  from?: string;
  to?: string;
}

async function put<T>(path: string, body: unknown): Promise<T> {
  const response = await send('PUT', path, { body });
  return (await response.json()) as T;
}

/** A row of the staff order list: the order without its events and payments. */
export type AdminOrderSummary = Omit<AdminOrder, 'events' | 'payments'>;

/** Staff orders (server/src/modules/admin-orders): list, detail with events and payments, shipping. */
export const ordersApi = {
  list: (query: OrderListQuery, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminOrderSummary>>('/api/admin/orders', { ...query, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AdminOrder>(`/api/admin/orders/${id}`, undefined, signal),
  ship: (id: number, body: { carrier: string; trackingNo: string }) => api.post<AdminOrder>(`/api/admin/orders/${id}/ship`, body),
  /** Orders per status tab under the same filters (status aside). */
  counts: (query: Omit<OrderListQuery, 'status'>, signal?: AbortSignal) => api.get<OrderStatusCounts>('/api/admin/orders/status-counts', { ...query }, signal),
  exportCsv: (query: OrderListQuery, onProgress: (fraction: number | null) => void) => download('/api/admin/orders/export.csv', { ...query }, onProgress),
  shipImport: (csv: string, dryRun: boolean) => api.post<ShipImportReport>('/api/admin/orders/ship-import', { csv, dryRun }),
  updateTracking: (id: number, body: { carrier: string; trackingNo: string }) => put<AdminOrder>(`/api/admin/orders/${id}/tracking`, body),
  notes: (id: number, signal?: AbortSignal) => api.get<{ items: OrderNote[] }>(`/api/admin/orders/${id}/notes`, undefined, signal),
  addNote: (id: number, note: string) => api.post<OrderNote>(`/api/admin/orders/${id}/notes`, { note }),
};

/** Refund review (server/src/modules/refunds): list by status, approve (restock or not), reject with a note. */
export const refundsApi = {
  list: (status: RefundStatus | undefined, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminRefund>>('/api/admin/refunds', { status, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AdminRefund>(`/api/admin/refunds/${id}`, undefined, signal),
  approve: (id: number, restock: boolean) => api.post<AdminRefund>(`/api/admin/refunds/${id}/approve`, { restock }),
  reject: (id: number, note: string) => api.post<AdminRefund>(`/api/admin/refunds/${id}/reject`, { note }),
  /** 退货退款: the returned goods arrived; the money goes back now. */
  confirmReceipt: (id: number) => api.post<AdminRefund>(`/api/admin/refunds/${id}/confirm-receipt`, {}),
  settings: (signal?: AbortSignal) => api.get<AfterSaleSettings>('/api/admin/refunds/settings', undefined, signal),
  saveSettings: (body: AfterSaleSettings) => put<AfterSaleSettings>('/api/admin/refunds/settings', body),
};
