import Taro from '@tarojs/taro';
import type { MyReviewView, ProductReviewSummaryView, ProductReviewView, ReviewableLineView, TierUpsellView } from '@siyu/shared';
import { tokenStore } from '../lib/session';
import { noteForwardNavigation } from '../lib/navigation';
import { ApiError, friendlyMessage, networkError } from './errors';
import { api, API_BASE_URL } from './index';

/** Product reviews and the product page's next-tier upsell. Loads are silent (pages show their own states). */

export function fetchReviewSummary(productId: number): Promise<ProductReviewSummaryView> {
  return api.request<ProductReviewSummaryView>(`/api/products/${productId}/reviews/summary`, { isSilent: true });
}

export function fetchProductReviews(productId: number, cursor: string | null): Promise<{ items: ProductReviewView[]; nextCursor: string | null }> {
  return api.request(`/api/products/${productId}/reviews`, { isSilent: true, query: { cursor: cursor ?? undefined } });
}

export async function fetchTierUpsell(productId: number): Promise<TierUpsellView | null> {
  const body = await api.request<{ upsell: TierUpsellView | null }>(`/api/products/${productId}/tier-upsell`, { isSilent: true });
  return body.upsell;
}

export function fetchMyReviews(cursor: string | null): Promise<{ items: MyReviewView[]; nextCursor: string | null }> {
  return api.request('/api/me/reviews', { isSilent: true, query: { cursor: cursor ?? undefined } });
}

export async function fetchLinesToReview(): Promise<ReviewableLineView[]> {
  const body = await api.request<{ items: ReviewableLineView[] }>('/api/me/reviews/to-write', { isSilent: true });
  return body.items;
}

export interface ReviewInput {
  orderLineId: number;
  rating: number;
  content: string;
  images: string[];
  isAnonymous: boolean;
}

/** Submits a review (failures are toasted with the shared message). */
export function submitReview(input: ReviewInput): Promise<MyReviewView> {
  return api.request<MyReviewView>('/api/me/reviews', { method: 'POST', data: input });
}

async function uploadOnce(filePath: string): Promise<Taro.uploadFile.SuccessCallbackResult> {
  const token = tokenStore.get()?.accessToken;
  return Taro.uploadFile({
    url: `${API_BASE_URL}/api/me/review-images`,
    filePath,
    name: 'file',
    header: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

/**
 * Uploads one photo picked with chooseImage (multipart, the server checks its content) and answers its
 * URL; an expired session is renewed once like every other call.
 */
export async function uploadReviewImage(filePath: string): Promise<string> {
  let result;
  try {
    result = await uploadOnce(filePath);
    if (result.statusCode === 401 && (await api.renewSession())) result = await uploadOnce(filePath);
  } catch {
    throw networkError();
  }
  const body = (typeof result.data === 'string' ? JSON.parse(result.data || '{}') : result.data) as { url?: string; error?: { code?: string } };
  if (result.statusCode === 201 && body.url) return body.url;
  const code = body.error?.code ?? 'MEDIA_NOT_IMAGE';
  throw new ApiError(code, result.statusCode, null, friendlyMessage(code));
}

function open(url: string): void {
  noteForwardNavigation();
  void Taro.navigateTo({ url });
}

/** Where the review pages are. */
export const reviewPages = {
  /** 评价中心: lines waiting for a review, and the member's own reviews. */
  center: (tab: 'to-write' | 'mine' = 'to-write') => open(`/pages/reviews/index?tab=${tab}`),
  write: (line: Pick<ReviewableLineView, 'orderLineId' | 'title' | 'specsText'>) =>
    open(`/pages/review-write/index?lineId=${line.orderLineId}&title=${encodeURIComponent(line.title)}&specs=${encodeURIComponent(line.specsText)}`),
  product: (productId: number) => open(`/pages/product-reviews/index?id=${productId}`),
};
