import type { CartMergeResponse, CartResponse, Category, MeResponse, ShopProductDetail, ShopProductSummary } from '@siyu/shared';
import { api } from './index';

/** Every endpoint the shop uses, typed with the shared contract. */

export interface CategoryNode extends Category {
  children: Category[];
}

export interface ProductPage {
  items: ShopProductSummary[];
  nextCursor: string | null;
}

export type ProductSort = 'default' | 'sales' | 'price_asc' | 'price_desc';

export interface ProductQuery {
  categoryId?: number;
  q?: string;
  sort?: ProductSort;
  cursor?: string | null;
  limit?: number;
}

export async function fetchCategories(): Promise<CategoryNode[]> {
  const body = await api.request<{ items: CategoryNode[] }>('/api/categories', { isSilent: true });
  return body.items;
}

export function fetchProducts(query: ProductQuery): Promise<ProductPage> {
  return api.request<ProductPage>('/api/products', {
    isSilent: true,
    query: { categoryId: query.categoryId, q: query.q, sort: query.sort, cursor: query.cursor ?? undefined, limit: query.limit ?? 10 },
  });
}

export function fetchProduct(id: number, options: { isSilent?: boolean } = {}): Promise<ShopProductDetail> {
  return api.request<ShopProductDetail>(`/api/products/${id}`, { isSilent: options.isSilent ?? true });
}

export function fetchMe(): Promise<MeResponse> {
  return api.request<MeResponse>('/api/me', { isSilent: true });
}

export function bindPhone(code: string): Promise<MeResponse> {
  return api.request<MeResponse>('/api/me/phone', { method: 'POST', data: { code } });
}

export function fetchCart(): Promise<CartResponse> {
  return api.request<CartResponse>('/api/cart', { isSilent: true });
}

export function addCartItem(skuId: number, quantity: number): Promise<CartResponse> {
  return api.request<CartResponse>('/api/cart/items', { method: 'POST', data: { skuId, quantity } });
}

export function updateCartItem(skuId: number, changes: { quantity?: number; isSelected?: boolean }): Promise<CartResponse> {
  return api.request<CartResponse>(`/api/cart/items/${skuId}`, { method: 'PATCH', data: changes });
}

export function removeCartItem(skuId: number, options: { isSilent?: boolean } = {}): Promise<CartResponse> {
  return api.request<CartResponse>(`/api/cart/items/${skuId}`, { method: 'DELETE', isSilent: options.isSilent ?? false });
}

export function setCartSelection(isSelected: boolean): Promise<CartResponse> {
  return api.request<CartResponse>('/api/cart/selection', { method: 'PUT', data: { isSelected } });
}

export function mergeCart(items: { skuId: number; quantity: number }[]): Promise<CartMergeResponse> {
  return api.request<CartMergeResponse>('/api/cart/merge', { method: 'POST', data: { items }, isSilent: true });
}
