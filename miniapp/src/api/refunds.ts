import type { Refund, RefundCreateInput, ReturnShipmentInput } from '@siyu/shared';
import { api } from './index';

/** A member's refund requests on their own orders (issue 5 item 7). */

/** The order's refunds, newest first. Silent: the order page shows its refund records without them. */
export async function fetchOrderRefunds(orderId: number): Promise<Refund[]> {
  const body = await api.request<{ items: Refund[] }>(`/api/orders/${orderId}/refunds`, { isSilent: true });
  return body.items;
}

/** Asks for a refund of some units of some lines; the order moves to `refunding`. Failures are toasted. */
export function requestRefund(orderId: number, body: RefundCreateInput): Promise<Refund> {
  return api.request<Refund>(`/api/orders/${orderId}/refunds`, { method: 'POST', data: body });
}

/** 退货退款: the member's return carrier and tracking number, once the request is approved. Failures are toasted. */
export function sendReturnShipment(orderId: number, refundId: number, body: ReturnShipmentInput): Promise<Refund> {
  return api.request<Refund>(`/api/orders/${orderId}/refunds/${refundId}/return-shipment`, { method: 'POST', data: body });
}
