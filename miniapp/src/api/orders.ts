import type { Address, AddressInput, Order, OrderStatus, Quote } from '@siyu/shared';
import { api } from './index';

/** Checkout, orders, payment and addresses: the endpoints of issue 5, typed with the shared contract. */

export interface CheckoutLineInput {
  skuId: number;
  quantity: number;
}

export interface OrderCreateInput {
  lines: CheckoutLineInput[];
  addressId: number;
  remark: string;
  /** The quote's payableTotalFen, as shown to the member. */
  expectedPayableFen: number;
}

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

/** What `wx.requestPayment` takes (WeChat Pay v3: signType RSA). */
export interface RequestPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface PayStart {
  requestPayment: RequestPaymentParams;
  prepayId: string;
  /** True when the server talks to the WeChat Pay simulator (H5 demo): the simulated sheet pays. */
  simulated: boolean;
}

export async function fetchAddresses(): Promise<Address[]> {
  const body = await api.request<{ items: Address[] }>('/api/me/addresses', { isSilent: true });
  return body.items;
}

export function createAddress(input: AddressInput): Promise<Address> {
  return api.request<Address>('/api/me/addresses', { method: 'POST', data: input });
}

export function updateAddress(id: number, changes: Partial<AddressInput>): Promise<Address> {
  return api.request<Address>(`/api/me/addresses/${id}`, { method: 'PATCH', data: changes });
}

export function deleteAddress(id: number): Promise<void> {
  return api.request<void>(`/api/me/addresses/${id}`, { method: 'DELETE' });
}

/** What the member will pay (no side effects). Silent: the checkout page shows the failure itself. */
export function quoteCheckout(lines: CheckoutLineInput[]): Promise<Quote> {
  return api.request<Quote>('/api/checkout/quote', { method: 'POST', data: { lines }, isSilent: true });
}

/** Places the order; the same key with the same body answers the same order (a safe retry). */
export function createOrder(idempotencyKey: string, input: OrderCreateInput): Promise<Order> {
  return api.request<Order>('/api/orders', { method: 'POST', data: input, header: { 'Idempotency-Key': idempotencyKey }, isSilent: true });
}

export function fetchOrders(query: { status?: OrderStatus; cursor?: string | null; limit?: number }): Promise<OrderPage> {
  return api.request<OrderPage>('/api/orders', {
    isSilent: true,
    query: { status: query.status, cursor: query.cursor ?? undefined, limit: query.limit ?? 10 },
  });
}

export function fetchOrder(id: number, options: { isSilent?: boolean } = {}): Promise<Order> {
  return api.request<Order>(`/api/orders/${id}`, { isSilent: options.isSilent ?? true });
}

export function cancelOrder(id: number, reason?: string): Promise<Order> {
  return api.request<Order>(`/api/orders/${id}/cancel`, { method: 'POST', data: reason ? { reason } : {} });
}

export function confirmReceipt(id: number): Promise<Order> {
  return api.request<Order>(`/api/orders/${id}/confirm-receipt`, { method: 'POST', data: {} });
}

/** Starts a WeChat Pay JSAPI payment for an unpaid order. */
export function startPayment(id: number): Promise<PayStart> {
  return api.request<PayStart>(`/api/orders/${id}/pay`, { method: 'POST', data: {} });
}
