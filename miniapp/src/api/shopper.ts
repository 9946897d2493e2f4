import type { FavoriteItem, FavoriteState, MeResponse, OrderCounts, OrderRewards } from '@siyu/shared';
import { api } from './index';

/** The shopper's own space: profile setup, order badges, favourites, hot words and order rewards. */

export function updateNickname(nickname: string): Promise<MeResponse> {
  return api.request<MeResponse>('/api/me', { method: 'PATCH', data: { nickname } });
}

/** The picture as base64 (no data: prefix); the server checks it is a PNG, JPEG or WebP. */
export function uploadAvatar(base64: string): Promise<MeResponse> {
  return api.request<MeResponse>('/api/me/avatar', { method: 'POST', data: { image: base64 } });
}

export function fetchOrderCounts(): Promise<OrderCounts> {
  return api.request<OrderCounts>('/api/me/order-counts', { isSilent: true });
}

export function fetchFavorites(cursor: string | null): Promise<{ items: FavoriteItem[]; nextCursor: string | null }> {
  return api.request('/api/me/favorites', { isSilent: true, query: { cursor: cursor ?? undefined, limit: 20 } });
}

export function fetchFavoriteState(productId: number): Promise<FavoriteState> {
  return api.request<FavoriteState>(`/api/me/favorites/${productId}`, { isSilent: true });
}

export function setFavorite(productId: number, isFavorite: boolean): Promise<FavoriteState> {
  return api.request<FavoriteState>(`/api/me/favorites/${productId}`, { method: isFavorite ? 'PUT' : 'DELETE' });
}

export async function fetchHotWords(): Promise<string[]> {
  return (await api.request<{ words: string[] }>('/api/search/hot-words', { isSilent: true })).words;
}

export function fetchOrderRewards(orderId: number): Promise<OrderRewards> {
  return api.request<OrderRewards>(`/api/orders/${orderId}/rewards`, { isSilent: true });
}
