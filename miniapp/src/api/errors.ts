import { errorMessageFor } from '@siyu/shared';

/** Client-side codes for failures that never reached the API. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
const NETWORK_MESSAGE = '网络不给力，请检查网络后重试';

/** A failed API call: the server's error code, its details, and the message to show. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: string,
    readonly status: number,
    readonly details: unknown,
    message: string,
  ) {
    super(message);
  }

  /** True when the request never got an answer (offline, timeout, DNS). */
  get isNetworkError(): boolean {
    return this.code === NETWORK_ERROR;
  }
}

function numberIn(details: unknown, key: string): number | null {
  if (!details || typeof details !== 'object') return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : null;
}

/** The Chinese message for an error: the shared table, made concrete with the details where it helps. */
export function friendlyMessage(code: string, details?: unknown): string {
  if (code === NETWORK_ERROR) return NETWORK_MESSAGE;
  const available = numberIn(details, 'available');
  if (code === 'CART_QUANTITY_EXCEEDS_STOCK' && available !== null) return `库存不足，仅剩 ${available} 件`;
  const limit = numberIn(details, 'limit');
  if (code === 'CART_QUANTITY_EXCEEDS_LIMIT' && limit !== null) return `该商品每人限购 ${limit} 件`;
  return errorMessageFor(code);
}

export function networkError(): ApiError {
  return new ApiError(NETWORK_ERROR, 0, null, NETWORK_MESSAGE);
}
